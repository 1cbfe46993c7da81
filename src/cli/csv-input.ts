import { createReadStream } from 'node:fs';
import type { InfoRecord } from 'csv-parse';
import { KaleyraValidationError } from '../index.js';
import { UsageError } from './usage-error.js';

// The recipients CSV, read strictly and streamed: one record at a time through csv-parse (RFC 4180,
// quoted cells with commas, quotes and line breaks; CRLF, LF or CR; a byte order mark), so memory
// does not grow with the file. What makes the file unreadable from some point on (a quote never
// closed, a stray quote) stops the broadcast before it starts, naming the line; what is wrong with
// one row (too many or too few cells) is that row's own `rejected` result. See README "Broadcasts".

const MAX_RECORD_CHARACTERS = 64 * 1024;

/** One record of the file: the line it starts on (1 is the header) and its cells as written. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Every record of the file, the header first. Empty lines and rows of empty cells are passed over. */
export async function* readCsvRecords(path: string): AsyncGenerator<CsvRecord> {
  // Where the last record parsed ended (parsing runs ahead of the loop below): the line an unclosed
  // quote opened on is the next one that is not empty.
  let parsedEnd = 0;
  let parsedEmpty = 0;
  // Where the last record read by the loop ended: the line the next one starts on.
  let readEnd = 0;
  let readEmpty = 0;
  // Each record's line counts, from the record hook's context, in parse order (the loop takes the
  // records in the same order): csv-parse's `info` option would build a second info object per
  // record, and the two together were most of the parse time (2.5 times a plain parse).
  const counts = new LineCounts();
  const { CsvError, parser, input } = await openParser(path, (cells, context) => {
    parsedEnd = context.lines;
    parsedEmpty = context.empty_lines;
    counts.push(context.lines, context.empty_lines);
    return cells;
  });
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const [lines, emptyLines] = counts.shift();
      const line = readEnd + 1 + (emptyLines - readEmpty);
      readEnd = lines;
      readEmpty = emptyLines;
      if (isBlankRow(cells)) continue;
      yield { line, cells };
    }
  } catch (error) {
    const empty =
      error instanceof CsvError && typeof error.empty_lines === 'number' ? error.empty_lines : parsedEmpty;
    throw describeFailure(
      error instanceof CsvError ? error : undefined,
      error,
      path,
      parsedEnd + 1 + (empty - parsedEmpty),
    );
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/**
 * For each record parsed and not yet read: the line it ends on and the empty lines passed over so far
 * (csv-parse's counts). As many as the parser runs ahead of the reader: a chunk's worth of records.
 */
class LineCounts {
  private values: number[] = [];
  private head = 0;

  push(lines: number, emptyLines: number): void {
    this.values.push(lines, emptyLines);
  }

  shift(): [lines: number, emptyLines: number] {
    const pair: [number, number] = [this.values[this.head]!, this.values[this.head + 1]!];
    this.head += 2;
    if (this.head >= 1024) {
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
    return pair;
  }
}

// A spreadsheet's formatted-but-empty rows export as ",,,": no recipient, nothing to report.
function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

async function openParser(path: string, onRecord?: (cells: string[], context: InfoRecord) => string[]) {
  // Loaded here, not at the top: every other command of the CLI starts without it (an import() of a
  // package stays lazy in the bundle).
  const { CsvError, parse } = await import('csv-parse');
  const parser = parse({
    bom: true,
    // A quote never closed makes the rest of the file one cell: stop there instead of holding it all.
    max_record_size: MAX_RECORD_CHARACTERS,
    relax_column_count: true, // counted per row by the caller: a row's own fault, not the file's
    skip_empty_lines: true,
    ...(onRecord ? { on_record: onRecord } : {}),
  });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  return { CsvError, parser, input };
}

/** The header's column names (trimmed), refusing a file without one or with a name given twice. */
export function readHeader(path: string, record: CsvRecord | undefined): string[] {
  if (!record)
    throw new KaleyraValidationError({
      field: 'csv',
      rule: 'header',
      message: `${path} has no rows: the first row must name the columns`,
    });
  const columns = record.cells.map((name) => name.trim());
  const twice = columns.find((name, index) => name !== '' && columns.indexOf(name) !== index);
  if (twice !== undefined)
    throw new KaleyraValidationError({
      field: 'csv',
      rule: 'header',
      message: `${path} line ${record.line}: the header names the column "${twice}" twice`,
    });
  return columns;
}

/**
 * The file read to its end once: its columns and how many rows it has, or the error that stops it.
 * The count is a plain parse, with no line tracking (a third of the cost); a file it fails on is read
 * again by `readCsvRecords`, whose error names the line.
 */
export async function inspectCsv(path: string): Promise<{ columns: string[]; rows: number }> {
  const records = readCsvRecords(path);
  const header = await records.next();
  await records.return(undefined);
  const columns = readHeader(path, header.done ? undefined : header.value);
  let rows = -1; // the header is a record too
  const { parser, input } = await openParser(path);
  try {
    for await (const cells of parser as AsyncIterable<string[]>) if (!isBlankRow(cells)) rows++;
  } catch (error) {
    for await (const _record of readCsvRecords(path)) {
      // read to the fault, for its line
    }
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
  return { columns, rows };
}

function describeFailure(
  csvError: import('csv-parse').CsvError | undefined,
  error: unknown,
  path: string,
  openedOn: number,
): Error {
  if (csvError) {
    const at = (line: unknown) => `${path} line ${String(line)}`;
    switch (csvError.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return new KaleyraValidationError({
          field: 'csv',
          rule: 'unterminated-quote',
          message: `${at(openedOn)}: a quoted cell opens here and is never closed, so the rest of the file would be one cell; close the quote (a quote inside a cell is written "")`,
        });
      case 'INVALID_OPENING_QUOTE':
      case 'CSV_INVALID_CLOSING_QUOTE':
        return new KaleyraValidationError({
          field: 'csv',
          rule: 'quote',
          message: `${at(csvError.lines)}: a quote in the middle of a cell; quote the whole cell and double the quotes inside ("a ""b"" c")`,
        });
      case 'CSV_MAX_RECORD_SIZE':
        return new KaleyraValidationError({
          field: 'csv',
          rule: 'max-record-size',
          message: `${at(openedOn)}: a row longer than ${MAX_RECORD_CHARACTERS / 1024} KiB starts here, most likely a quoted cell that is never closed`,
        });
      default:
        return new KaleyraValidationError({
          field: 'csv',
          rule: 'format',
          message: `${at(csvError.lines)}: ${csvError.message}`,
        });
    }
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
    return new UsageError(`cannot read --csv ${path} (${code})`, 'broadcast');
  return error instanceof Error ? error : new Error(String(error));
}
