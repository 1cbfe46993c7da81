import { redactSecrets } from './redact-secrets.js';

/**
 * Headers whose value is a credential. Masked whatever their value, because a log line must be
 * safe even when the caller forgot to declare the key as a secret.
 */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'api-key',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/**
 * A non-empty credential becomes exactly `***`: no prefix, no suffix, no length, since each of
 * those narrows a guess and none helps debugging. An empty value stays empty, which is the one
 * fact worth seeing ("the key was never set") and reveals nothing.
 */
export const MASK = '***';

/**
 * A plain object of the headers, names lower-cased, safe to log. Other values are scrubbed of
 * `secrets` too, in case a key was copied into an unexpected header.
 */
export function redactHeaders(
  headers:
    Headers | Record<string, string | readonly string[] | undefined> | Iterable<readonly [string, string]>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of entries(headers)) {
    const name = rawName.toLowerCase();
    out[name] = SENSITIVE_HEADERS.has(name)
      ? rawValue === ''
        ? ''
        : MASK
      : redactSecrets(rawValue, secrets);
  }
  return out;
}

/** Whether a header (any case) carries credentials and must be masked. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase());
}

function* entries(
  headers:
    Headers | Record<string, string | readonly string[] | undefined> | Iterable<readonly [string, string]>,
): Iterable<[string, string]> {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    for (const [name, value] of headers) yield [name, value];
    return;
  }
  if (Symbol.iterator in headers) {
    for (const [name, value] of headers as Iterable<readonly [string, string]>) yield [name, String(value)];
    return;
  }
  for (const [name, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (value === undefined) continue;
    yield [name, typeof value === 'string' ? value : value.join(', ')];
  }
}
