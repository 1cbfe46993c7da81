import { createWriteStream } from 'node:fs';
import type { BroadcastResult, FinalResult } from '../broadcast/index.js';

// The result CSV, written as results come (in batches, at most 50 ms behind; memory flat in the
// number of rows) and safe to open in a spreadsheet. Every cell goes through `csvCell`: RFC 4180
// quoting, and OWASP's rule against CSV injection (a cell a spreadsheet would run as a formula gets a
// leading '), with the one exception of a plain E.164 number (+ and digits), which a spreadsheet can
// only show as a number.

export const RESULT_COLUMNS = ['key', 'outcome', 'message_id', 'code', 'detail'] as const;

// OWASP: =, +, -, @, tab and carriage return start a formula (or a DDE payload) in Excel, LibreOffice
// and Google Sheets. A line feed is quoted like any other, and cannot start a formula.
const FORMULA_START = /^[=+\-@\t\r]/;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** One cell: neutralised if a spreadsheet would run it, then quoted if it holds a comma, quote or line break. */
export function csvCell(value: string | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text) && !E164.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | undefined>): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** The five cells of a result row: its key, the outcome, Kaleyra's message id, the code or rule, why. */
export function resultCells(result: BroadcastResult, dryRun: boolean): Array<string | undefined> {
  const final: FinalResult = result.outcome === 'skipped' ? result.earlier : result;
  const outcome = dryRun && result.outcome === 'accepted' ? 'valid' : result.outcome;
  const messageId = final.outcome === 'accepted' && !dryRun ? final.messageId : undefined;
  const code =
    final.outcome === 'accepted'
      ? undefined
      : (final.code ??
        (final.outcome === 'rejected' && final.rule ? `${final.field} ${final.rule}` : undefined));
  const detail =
    final.outcome === 'accepted'
      ? result.outcome === 'skipped'
        ? 'accepted in an earlier run'
        : undefined
      : final.reason;
  return [result.key, outcome, messageId, code, detail];
}

export interface ResultWriter {
  write(result: BroadcastResult): Promise<void>;
  /**
   * Flushes and closes the file; rejects if any write failed (a full disk), so no result is lost
   * unsaid. `complete`: the run ended normally, so even a CSV without a row gets its header; a run that
   * failed before its first result leaves stdout empty for the one error line.
   */
  close(complete?: boolean): Promise<void>;
}

/** Where results go: a file, or a stream such as stdout (drained when it says its buffer is full). */
export type ResultSink =
  | { path: string }
  | { stream: { write(chunk: string): unknown; once?(event: 'drain', listener: () => void): unknown } };

/** Lines are handed to the stream in batches of about this many characters... */
const BATCH_CHARACTERS = 16 * 1024;
/** ...or this long after the first line of a batch, so the file follows the run (tail -f) closely. */
const BATCH_MS = 50;

/**
 * Writes the header with the first result, then one line per result, in order. Lines are handed to
 * the stream in batches (a stream write per line cost about 5 µs of CPU a row more:
 * bench/result-writer.mjs), at most BATCH_MS after they came. When the stream says its buffer is full, the write that
 * found it so waits for it to drain, so a slow disk or pipe holds the broadcast back instead of
 * piling rows up in memory. A write or close rejects once the stream has failed (a full disk).
 */
export function openResultWriter(sink: ResultSink, dryRun: boolean): ResultWriter {
  const file = 'path' in sink ? createWriteStream(sink.path) : undefined;
  const stream = file ?? ('stream' in sink ? sink.stream : undefined);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  file?.on('error', (error) => {
    failure ??= error;
    wake?.(); // a write waiting for 'drain' would otherwise wait for ever
  });
  let batch = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Resolves once the stream can take more (drained, or it never said it was full). */
  let ready: Promise<void> = Promise.resolve();
  let started = false;

  const flush = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (batch === '' || failure) return ready;
    const lines = batch;
    batch = '';
    ready = ready.then(() => {
      if (failure) return;
      if (stream?.write(lines) !== false || !stream.once) return;
      return new Promise<void>((resolve) => {
        wake = resolve;
        stream.once?.('drain', resolve);
      }).then(() => void (wake = undefined));
    });
    return ready;
  };
  // The header goes before the first row, or alone when a complete run had none.
  const startFile = () => {
    if (started) return;
    started = true;
    batch += csvLine(RESULT_COLUMNS);
  };
  const add = (line: string): Promise<void> => {
    if (failure) return Promise.reject(failure);
    startFile();
    batch += line;
    if (batch.length >= BATCH_CHARACTERS)
      return flush().then(() => (failure ? Promise.reject(failure) : undefined));
    timer ??= setTimeout(() => void flush(), BATCH_MS);
    return ready;
  };
  return {
    write: (result) => add(csvLine(resultCells(result, dryRun))),
    async close(complete = false) {
      if (complete) startFile();
      await flush();
      if (failure) throw failure;
      if (!file) return;
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(() => resolve());
      });
      if (failure) throw failure;
    },
  };
}
