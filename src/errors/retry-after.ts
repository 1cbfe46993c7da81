/**
 * Reads Retry-After as delta-seconds or an HTTP-date. Returns undefined for anything else,
 * so a garbled header falls back to backoff instead of a zero or NaN wait. A date in the past
 * means "now" (0). Values are not capped here; `decideRetry` refuses to sleep past
 * MAX_RETRY_AFTER_MS, and errors report what the server actually asked for.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // Only date-looking text: Date.parse accepts bare numbers like "1.5" or "-3" as years.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
