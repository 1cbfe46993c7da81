const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** What a secret is replaced with wherever it shows up in text. */
export const REDACTED = '[REDACTED]';

/**
 * A non-empty credential header becomes exactly `***`: no prefix, no suffix, no length, since each
 * of those narrows a guess and none helps debugging. An empty value stays empty, which is the one
 * fact worth seeing ("the key was never set") and reveals nothing.
 */
export const MASK = '***';

/**
 * Headers whose value is a credential. Masked whatever their value, because a log line must be
 * safe even when the value is not a key this redactor knows.
 */
const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'api-key',
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Whether a header (any case) carries credentials and must be masked. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase());
}

/** Headers in any of the shapes callers and runtimes hand around. */
export type HeadersLike =
  Headers | Record<string, string | readonly string[] | undefined> | Iterable<readonly [string, string]>;

/**
 * The one holder of the API key and the one place text is scrubbed of it: redaction is the bottom
 * layer, importing nothing of the SDK. A client builds one redactor from its key when it is made
 * and hands the redactor (never the key) to everything below: the transport, the retry loop, the
 * error decoder, the logger wrapper and the error classes, which scrub at construction (before V8
 * captures the stack). The alternative, a core that scrubs values before building errors, would
 * spread the scrubbing over every place an error is made; with the redactor passed down, each of
 * those places names the same object, and a test can check that none is built without it.
 *
 * The key sits in a private field: `console.log`, `util.inspect` and `JSON.stringify` of the
 * redactor (or of anything holding it) show no key. An error built by a user without a redactor
 * gets {@link Redactor.none}, which hides no key but still masks credential headers.
 */
export class Redactor {
  /** Hides no key; credential headers are still masked. What an error built without a redactor uses. */
  static readonly none: Redactor = new Redactor();

  readonly #key: string;
  // Longest first, so that a key containing another hidden value is still removed whole.
  readonly #spellings: readonly string[];

  /**
   * Builds the redactor for one API key. `alsoHidden` are further values to keep out of text, such
   * as a second key the CLI was given. Every value is hidden as written and URL-encoded, because a
   * key that ends up in a query string or a logged URL is percent-encoded there. Even very short
   * values are matched: a garbled log line is cheaper than a leaked key.
   */
  constructor(apiKey = '', ...alsoHidden: string[]) {
    this.#key = apiKey;
    const all = new Set<string>();
    for (const value of [apiKey, ...alsoHidden]) {
      if (typeof value !== 'string' || value.length === 0) continue;
      all.add(value);
      all.add(encodeURIComponent(value));
    }
    this.#spellings = [...all].sort((a, b) => b.length - a.length);
  }

  /**
   * The API key, for the one place that sets the `api-key` header.
   * @internal Not part of the public API: the transport alone calls it.
   */
  reveal(): string {
    return this.#key;
  }

  /** `text` with every spelling of every hidden value replaced by `[REDACTED]`. */
  text(text: string): string {
    if (this.#spellings.length === 0 || text.length === 0) return text;
    let out = text;
    for (const needle of this.#spellings) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }

  /** Headers as a plain object, names lower-cased, credentials masked and hidden values scrubbed from the rest. */
  headers(headers: HeadersLike): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [rawName, rawValue] of entries(headers)) {
      const name = rawName.toLowerCase();
      out[name] = SENSITIVE_HEADERS.has(name) ? (rawValue === '' ? '' : MASK) : this.text(rawValue);
    }
    return out;
  }

  /** Shown by JSON.stringify: nothing about the key. */
  toJSON(): string {
    return '[Redactor]';
  }

  static {
    // What util.inspect and console.log show; set here so the reference lists no symbol method.
    Object.defineProperty(this.prototype, inspectSymbol, { value: () => '[Redactor]' });
  }
}

function* entries(headers: HeadersLike): Iterable<[string, string]> {
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
