import { redactSecrets } from '../errors/redact-secrets.js';
import { createSafeLogger, type KaleyraLogger } from '../transport/logger.js';
import { redactHeaders } from '../errors/redact-headers.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The one holder of the API key, built once per client. Everything that must not show the key
 * (errors, log lines, headers kept on an error) goes through it, so no signature carries the key.
 * The key sits in a private field: `console.log`, `util.inspect` and `JSON.stringify` of the
 * redactor (or of anything holding it) show no key.
 */
export class Redactor {
  readonly #key: string;

  /** Builds the redactor for one API key. */
  constructor(apiKey: string) {
    this.#key = apiKey;
  }

  /** The strings to scrub, for the error constructors that take them. */
  get secrets(): readonly string[] {
    return [this.#key];
  }

  /** The API key, for the one place that sets the `api-key` header. */
  reveal(): string {
    return this.#key;
  }

  /** `text` with every spelling of the key replaced. */
  text(text: string): string {
    return redactSecrets(text, [this.#key]);
  }

  /** Headers as a plain object, credentials masked and the key scrubbed from the rest. */
  headers(headers: Headers): Record<string, string> {
    return redactHeaders(headers, [this.#key]);
  }

  /** A logger that scrubs the key from everything it is given. */
  logger(logger: KaleyraLogger): KaleyraLogger {
    return createSafeLogger(logger, [this.#key]);
  }

  /** Shown by JSON.stringify: nothing about the key. */
  toJSON(): string {
    return '[Redactor]';
  }

  /** Shown by util.inspect and console.log. */
  [inspectSymbol](): string {
    return '[Redactor]';
  }
}
