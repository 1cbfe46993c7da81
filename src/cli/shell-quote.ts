/** Quotes a word for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-./:=@+,%]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
