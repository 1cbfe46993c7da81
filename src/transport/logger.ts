import { isSensitiveHeader, MASK, type Redactor } from '../redaction/redactor.js';
import { toSafeCause } from '../errors/safe-cause.js';

/**
 * Shaped to fit console, pino and winston as they are: called `(message, fields)` as console and
 * winston take it, or `(fields, message)` for a pino logger, which takes the object first.
 */
export interface KaleyraLogger {
  /** Routine detail, such as each request attempt. */
  debug(message: string, details?: Record<string, unknown>): void;
  /** Noteworthy events that need no action. */
  info(message: string, details?: Record<string, unknown>): void;
  /** Something went wrong but is handled, such as a retry. */
  warn(message: string, details?: Record<string, unknown>): void;
  /** A failure the caller should see. */
  error(message: string, details?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
// Details are diagnostic, not data dumps; this also bounds work on pathological input.
const MAX_DEPTH = 6;

/** The wrappers createSafeLogger made, with the redactor each scrubs with. */
const safeLoggers = new WeakMap<KaleyraLogger, Redactor>();

/**
 * Wraps a logger so that nothing it receives can carry a secret: the message and every string
 * inside details (however deep) are scrubbed, credential-named keys are masked, Headers become
 * redacted plain objects and Errors are reduced to name/code/message. A logger that throws never
 * breaks the request.
 */
export function createSafeLogger(logger: KaleyraLogger, redactor: Redactor): KaleyraLogger {
  // The core wraps the client's logger once and hands the wrapper down to the retry loop, which
  // wraps what it is given: a wrapper of the same redactor is returned as it is, not scrubbed twice.
  if (safeLoggers.get(logger) === redactor) return logger;
  const safe = {} as KaleyraLogger;
  const objectFirst = takesObjectFirst(logger);
  for (const level of LEVELS) {
    safe[level] = (message, details) => {
      try {
        const cleanMessage = redactor.text(String(message));
        if (details === undefined) logger[level](cleanMessage);
        else {
          const fields = sanitize(details, redactor, 0, new WeakSet());
          // Called as a method: pino and winston read their settings from `this`.
          Reflect.apply(logger[level], logger, objectFirst ? [fields, cleanMessage] : [cleanMessage, fields]);
        }
      } catch {
        // Logging is best effort; a failing sink must not turn a sent message into an error.
      }
    };
  }
  safeLoggers.set(safe, redactor);
  return safe;
}

/**
 * Whether the logger takes `(fields, message)`: pino (found by the symbol every pino logger
 * carries, `Symbol.for('pino.serializers')`) reads a leading string as the message and drops an
 * object after it, so called message-first its lines would carry no fields at all.
 */
function takesObjectFirst(logger: KaleyraLogger): boolean {
  return Symbol.for('pino.serializers') in logger;
}

function sanitize(value: unknown, redactor: Redactor, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactor.text(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);

  if (typeof Headers !== 'undefined' && value instanceof Headers) return redactor.headers(value);
  if (value instanceof Error) return toSafeCause(value, redactor);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return redactor.text(withoutCredentials(value));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof Map) return sanitize(Object.fromEntries(value), redactor, depth, seen);
  if (value instanceof Set) return sanitize([...value], redactor, depth, seen);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, redactor, depth + 1, seen));

  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const cleanKey = redactor.text(key);
    out[cleanKey] =
      isSensitiveHeader(key) && inner !== '' && inner !== undefined
        ? MASK
        : sanitize(inner, redactor, depth + 1, seen);
  }
  return out;
}

function withoutCredentials(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = MASK;
  copy.password = '';
  return copy.href;
}
