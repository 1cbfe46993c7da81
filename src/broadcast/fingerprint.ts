import type { BroadcastMessage } from './message.js';

/**
 * A 64-bit hash of a string (two 32-bit multiply-xorshift lanes, as in cyrb53, widened to 64 bits).
 * Not cryptographic: it tells a changed message or a repeated key apart from the same one, with a
 * collision between two different inputs about once in 2^64. Pure JavaScript, so it runs wherever
 * the core does, and synchronous, so it costs a send no extra turn of the event loop.
 */
export function hash64(text: string): [high: number, low: number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** `hash64` as 16 hex digits, the form a journal stores. */
export function fingerprintText(text: string): string {
  const [high, low] = hash64(text);
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

/**
 * JSON with object keys sorted at every depth, so the same message built in another order (a
 * spread, a CSV column moved) has the same fingerprint. `undefined` members are left out, as
 * JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(member).sort()) sorted[name] = (member as Record<string, unknown>)[name];
    return sorted;
  });
}

/** The fingerprint of what a job sends (api, kind, message; not its key), as journal records carry it. */
export function jobFingerprint(job: BroadcastMessage): string {
  return fingerprintText(canonicalJson({ api: job.api, kind: job.kind, message: job.message }));
}

/** Options that differ from one recipient of a campaign to the next, left out of its default id. */
const PER_RECIPIENT = new Set(['to', 'parameters', 'params', 'components']);

/**
 * The broadcast id a journal is given when the caller names none: the first job's api and kind,
 * its template's name and language, and a fingerprint of the rest of its message without what
 * differs per recipient (the number, the template parameters). Another template, language or text
 * is another broadcast; the same template to other rows is the same one.
 */
export function defaultBroadcastId(job: BroadcastMessage): string {
  // Object(): a malformed first job (no message) still names its broadcast, the same way every run.
  const options: Array<[string, unknown]> = Object.entries(Object(job.message));
  const shared = Object.fromEntries(options.filter(([name]) => !PER_RECIPIENT.has(name)));
  const template = shared.name ?? shared.templateName;
  const label = typeof template === 'string' ? ` ${template}` : '';
  return `${job.api} ${job.kind}${label} #${fingerprintText(canonicalJson(shared))}`;
}
