/**
 * Readers for untrusted JSON. Own properties only: a payload key such as `constructor` or
 * `__proto__` must read as data (or as nothing), never as something inherited from Object.prototype.
 */
export type JsonRecord = Record<string, unknown>;

/** The value as a plain object, or undefined for null, arrays and primitives. */
export function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

/** The record's own property `key`, or undefined (also for no record): one step of `at`, without its path array. */
export function own(record: JsonRecord | undefined, key: string): unknown {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Follows a path of keys and indexes; undefined as soon as a step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      const record = asRecord(current);
      if (record === undefined || !Object.hasOwn(record, step)) return undefined;
      current = record[step];
    }
  }
  return current;
}

/**
 * A non-empty string. Numbers are accepted because ids and timestamps arrive as either; an empty
 * string counts as absent since GET profiles must send every variable, filled or not.
 */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The value if it is an array, else an empty one. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A boolean, also from the strings `true`/`false` that form and query payloads carry; else undefined. */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** A finite number, also parsed from a non-blank numeric string; else undefined. */
export function decimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/**
 * Flat profiles send structured variables (`location`, `contacts`, `message`) as strings that may
 * hold JSON. Such a string is held to the same nesting cap as a body: one nested deeper stays text,
 * or it would reach the event (and the handler's JSON.stringify) past the cap the body had to meet.
 */
export function jsonOrText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  if (nestingDepth(trimmed) > MAX_JSON_DEPTH) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/** The deepest JSON accepted: Kaleyra's callbacks nest about six levels; deeper is an attack or a mistake. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of `[` and `{` outside strings, counted before parsing so deep input costs nothing. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}
