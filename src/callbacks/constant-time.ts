/**
 * Secret comparison whose time does not depend on where, or whether, the inputs differ. Both
 * sides are HMAC-ed under a random per-process key, so the bytes compared always have the same
 * length (the candidate's length leaks nothing either) and an attacker cannot steer them; the
 * final loop XORs every byte with no early exit.
 */
let keyPromise: Promise<CryptoKey> | undefined;

function hmacKey(subtle: SubtleCrypto): Promise<CryptoKey> {
  keyPromise ??= subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) as Promise<CryptoKey>;
  return keyPromise;
}

/**
 * The secrets' MACs, made once per secret: the secret side of a comparison is the same on every
 * callback, and signing it again doubled the WebCrypto jobs per check. Bounded: a process checks a
 * handful of secrets; past that the oldest is forgotten. A MAC under the per-process key says no
 * more than the secret it sits beside in memory.
 */
const secretMacs = new Map<string, Promise<ArrayBuffer>>();
const MAX_SECRET_MACS = 16;

function secretMac(subtle: SubtleCrypto, key: CryptoKey, secret: string): Promise<ArrayBuffer> {
  let mac = secretMacs.get(secret);
  if (mac === undefined) {
    mac = subtle.sign('HMAC', key, new TextEncoder().encode(secret));
    secretMacs.set(secret, mac);
    // A failed signing is not kept: the next check tries again.
    mac.catch(() => secretMacs.delete(secret));
    if (secretMacs.size > MAX_SECRET_MACS) secretMacs.delete(secretMacs.keys().next().value!);
  }
  return mac;
}

/** Compares a received credential with the secret in constant time (HMACs both, then XORs every byte). */
export async function timingSafeEqual(candidate: string, secret: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const a = encoder.encode(candidate);
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    const b = encoder.encode(secret);
    return xorEqual(padded(a, b.length), b) && a.length === b.length;
  }
  const key = await hmacKey(subtle);
  const [macA, macB] = await Promise.all([subtle.sign('HMAC', key, a), secretMac(subtle, key, secret)]);
  return xorEqual(new Uint8Array(macA), new Uint8Array(macB));
}

function xorEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Without WebCrypto the loop still runs over the secret's length, whatever the candidate's. */
function padded(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, length));
  return out;
}
