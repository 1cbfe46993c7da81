/**
 * Kaleyra's GET profile pages print every dynamic variable wrapped in double quotes
 * (`status="<status>"`, even a quoted key `"message_template_id"=…`), and profiles copied from
 * them deliver the quotes literally. One level is removed, so a value that really is quoted
 * (`""x""`) keeps its inner pair.
 */
export function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** A query or form string as a plain object; the first occurrence of a repeated key wins. */
export function unquotedParams(params: URLSearchParams): Record<string, string> {
  const entries: [string, string][] = [];
  const seen = new Set<string>();
  for (const [key, value] of params) {
    const name = unquote(key);
    if (seen.has(name)) continue;
    seen.add(name);
    entries.push([name, unquote(value)]);
  }
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(entries);
}
