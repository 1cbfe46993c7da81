/**
 * Builds the v1 `params` field: every value in double quotes, separated by commas, a double quote
 * inside a value doubled. The pages show this quoted form on most templates; it is the only form in
 * which a value may contain a comma (the plain `a,b,c` form splits on it).
 */
export function formatV1Params(values: readonly string[]): string {
  return values.map((value) => `"${String(value).replaceAll('"', '""')}"`).join(',');
}
