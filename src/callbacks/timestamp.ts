/**
 * Callback times arrive as unix seconds (Meta's `timestamp`, the flat `created_at`), possibly as
 * unix milliseconds, or as date strings. Anything else is `undefined` so the caller can refuse the
 * callback rather than invent a time.
 */

// Below this a number is seconds (1e11 s is the year 5138); at or above it, milliseconds.
const MILLISECONDS_THRESHOLD = 1e11;
// Dates beyond ±8.64e15 ms are Invalid Date; stay well inside.
const MAX_ABS_MS = 8.64e15;

const UNIX = /^\d{1,16}(\.\d{1,9})?$/;
// ISO 8601 as toISOString writes it, with optional fraction and offset.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
// `YYYY-MM-DD HH:mm:ss`, Kaleyra's report format; no zone is given, so it is read as UTC.
const SQL = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)$/;

/** Reads unix seconds or milliseconds, ISO 8601 or `YYYY-MM-DD HH:mm:ss` (as UTC); undefined if it is none of them. */
export function parseCallbackTime(value: unknown): Date | undefined {
  if (typeof value === 'number') return fromUnix(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (UNIX.test(trimmed)) return fromUnix(Number(trimmed));
  if (ISO.test(trimmed)) {
    const withColon = trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    return checked(Date.parse(hasZone(withColon) ? withColon : `${withColon}Z`));
  }
  const sql = SQL.exec(trimmed);
  if (sql) return checked(Date.parse(`${sql[1]}T${sql[2]}Z`));
  return undefined;
}

function hasZone(iso: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(iso);
}

function fromUnix(value: number): Date | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  return checked(value >= MILLISECONDS_THRESHOLD ? value : value * 1000);
}

function checked(ms: number): Date | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_ABS_MS) return undefined;
  return new Date(ms);
}
