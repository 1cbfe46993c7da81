import { Redactor } from '../redaction/redactor.js';

/**
 * What an error keeps of the failure underneath it. Only these fields survive because runtime
 * errors carry far more than they say: undici's errors can hold the request (headers included),
 * and its `Headers` validation message quotes the offending header value verbatim.
 */
export interface SafeCause {
  /** The original error's name (or the value's type for a non-error). */
  readonly name: string;
  /** The system or runtime code (`ECONNRESET`, ...), when the original had one. */
  readonly code?: string;
  /** The original message, the key scrubbed. */
  readonly message: string;
  /** The original error's own cause, reduced the same way (a few levels deep at most). */
  readonly cause?: SafeCause;
}

// Deep enough for fetch's TypeError -> SocketError -> system error; a cycle cannot recurse forever.
const MAX_DEPTH = 3;

/** Reduces any thrown value to a frozen SafeCause (name, code, message, cause chain), scrubbed by `redactor`. */
export function toSafeCause(
  value: unknown,
  redactor: Redactor = Redactor.none,
  depth = 0,
): SafeCause | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') {
    return Object.freeze({ name: typeof value, message: redactor.text(String(value)) });
  }
  const source = value as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  const name = typeof source.name === 'string' ? source.name : (value.constructor?.name ?? 'Object');
  const message = typeof source.message === 'string' ? source.message : '';
  const code = codeOf(source);
  const inner = depth + 1 < MAX_DEPTH ? toSafeCause(source.cause, redactor, depth + 1) : undefined;
  const safe: { name: string; message: string; code?: string; cause?: SafeCause } = {
    name: redactor.text(name),
    message: redactor.text(message),
  };
  if (code !== undefined) safe.code = redactor.text(code);
  if (inner !== undefined) safe.cause = inner;
  return Object.freeze(safe);
}

function codeOf(source: { code?: unknown; errors?: unknown }): string | undefined {
  // String codes only: DOMException's numeric legacy `code` (20 for an abort) says nothing useful.
  if (typeof source.code === 'string') return source.code;
  // Happy-eyeballs connects fail with an AggregateError whose members carry the codes.
  if (Array.isArray(source.errors)) {
    for (const member of source.errors as unknown[]) {
      const code = member && typeof member === 'object' ? (member as { code?: unknown }).code : undefined;
      if (typeof code === 'string') return code;
    }
  }
  return undefined;
}
