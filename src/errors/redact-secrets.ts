/** What a secret is replaced with wherever it shows up in text. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each secret in `text`, also in its URL-encoded spelling, because
 * a key that ends up in a query string or a logged URL is percent-encoded there.
 *
 * Secrets are matched longest first so that a secret containing a shorter one is still removed
 * whole. Even very short secrets are matched: a garbled log line is cheaper than a leaked key.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0 || text.length === 0) return text;
  let out = text;
  for (const needle of spellings(secrets)) {
    if (out.includes(needle)) out = out.split(needle).join(REDACTED);
  }
  return out;
}

function spellings(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
  }
  return [...all].sort((a, b) => b.length - a.length);
}
