/**
 * RFC 4180 CSV: fields split by commas, quoted with double quotes (a quote inside doubled), rows by
 * CRLF or LF, line breaks allowed inside quotes. The first row names the columns.
 */
export function parseCsv(text: string): { columns: string[]; rows: Array<Record<string, string>> } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark from spreadsheet exports
  for (; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => !(r.length === 1 && r[0] === ''));
  const [header = [], ...body] = nonEmpty;
  const columns = header.map((name) => name.trim());
  return {
    columns,
    rows: body.map((cells) => Object.fromEntries(columns.map((name, index) => [name, cells[index] ?? '']))),
  };
}

export function csvLine(fields: ReadonlyArray<string | number | undefined>): string {
  return (
    fields
      .map((value) => {
        const text = value === undefined ? '' : String(value);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\n'
  );
}
