import { redactSecrets } from '../errors/redact-secrets.js';
import { toSafeCause } from '../errors/safe-cause.js';
import { isSensitiveHeader, MASK, redactHeaders } from '../errors/redact-headers.js';

/** Shaped to fit console, pino and winston with at most a one-line adapter. */
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

/**
 * Wraps a logger so that nothing it receives can carry a secret: the message and every string
 * inside details (however deep) are scrubbed, credential-named keys are masked, Headers become
 * redacted plain objects and Errors are reduced to name/code/message. A logger that throws never
 * breaks the request.
 */
export function createSafeLogger(logger: KaleyraLogger, secrets: readonly string[]): KaleyraLogger {
  const safe = {} as KaleyraLogger;
  for (const level of LEVELS) {
    safe[level] = (message, details) => {
      try {
        const cleanMessage = redactSecrets(String(message), secrets);
        if (details === undefined) logger[level](cleanMessage);
        else
          logger[level](
            cleanMessage,
            sanitize(details, secrets, 0, new WeakSet()) as Record<string, unknown>,
          );
      } catch {
        // Logging is best effort; a failing sink must not turn a sent message into an error.
      }
    };
  }
  return safe;
}

/** The deep scrub createSafeLogger applies to details; exported for other log-like outputs. */
export function sanitizeForLog(value: unknown, secrets: readonly string[]): unknown {
  return sanitize(value, secrets, 0, new WeakSet());
}

function sanitize(value: unknown, secrets: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);

  if (typeof Headers !== 'undefined' && value instanceof Headers) return redactHeaders(value, secrets);
  if (value instanceof Error) return toSafeCause(value, secrets);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return redactSecrets(withoutCredentials(value), secrets);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (value instanceof Map) return sanitize(Object.fromEntries(value), secrets, depth, seen);
  if (value instanceof Set) return sanitize([...value], secrets, depth, seen);
  if (Array.isArray(value)) return value.map((item) => sanitize(item, secrets, depth + 1, seen));

  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const cleanKey = redactSecrets(key, secrets);
    out[cleanKey] =
      isSensitiveHeader(key) && inner !== '' && inner !== undefined
        ? MASK
        : sanitize(inner, secrets, depth + 1, seen);
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
