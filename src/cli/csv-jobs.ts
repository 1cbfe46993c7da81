import type { BroadcastJob, RecipientChecker, RejectedResult } from '../broadcast/index.js';
import { readCsvRecords } from './csv-input.js';

/** What a CSV row becomes: which columns say what, and the template every row fills. */
export interface CsvJobSpec {
  path: string;
  columns: readonly string[];
  toColumn: string;
  keyColumn: string;
  paramColumns: readonly string[];
  api: 'v1' | 'v2';
  template: string;
  language: string;
  /**
   * The numbering-plan check with the --default-country (broadcast/recipient.ts), for a path that does
   * not go through sendMany, which checks every job itself (once is enough: it costs ~12 µs a number).
   */
  checkRecipient: RecipientChecker | undefined;
  /** Once aborted, no further row is read: the broadcast ends after the jobs already handed out. */
  stop?: AbortSignal;
}

/**
 * Each data row of the CSV, in file order, as the job it sends; a row that breaks a rule is handed
 * to `onRejected` instead (nothing is sent for it): too many or too few cells (an unquoted comma
 * would shift every parameter after it), an empty key or parameter cell, a number outside the
 * numbering plan. Streamed: one row is held at a time. The file's own faults (a quote never closed)
 * throw. Ends early once `spec.stop` is aborted.
 */
export async function* csvJobs(
  spec: CsvJobSpec,
  onRejected: (result: RejectedResult) => Promise<void>,
): AsyncGenerator<BroadcastJob> {
  const { columns, keyColumn, toColumn, paramColumns } = spec;
  const index = (name: string) => columns.indexOf(name);
  const [keyAt, toAt] = [index(keyColumn), index(toColumn)];
  const paramsAt = paramColumns.map(index);
  let header = true;
  for await (const { line, cells } of readCsvRecords(spec.path)) {
    if (spec.stop?.aborted) return;
    if (header) {
      header = false;
      continue;
    }
    if (cells.length !== columns.length) {
      await onRejected(
        rejection(
          line,
          `line ${line}`,
          'row',
          'column-count',
          `${cells.length} cells under a header of ${columns.length} columns; a cell holding a comma must be quoted ("Ravi, Jr.")`,
        ),
      );
      continue;
    }
    const key = cells[keyAt]!.trim();
    if (key === '') {
      await onRejected(
        rejection(line, `line ${line}`, keyColumn, 'required', `the key column ${keyColumn} is empty`),
      );
      continue;
    }
    const missing = firstEmpty(paramColumns, paramsAt, cells);
    if (missing !== undefined) {
      await onRejected(
        rejection(line, key, missing, 'required', `no value for the template parameter ${missing}`),
      );
      continue;
    }
    const job = toJob(
      spec,
      key,
      cells[toAt]!.trim(),
      paramsAt.map((at) => cells[at]!),
    );
    if (!spec.checkRecipient) {
      yield job;
      continue;
    }
    const checked = spec.checkRecipient(job);
    if ('rejected' in checked) {
      await onRejected({ ...checked.rejected, reason: `line ${line}: ${checked.rejected.reason}` });
      continue;
    }
    yield checked.job;
  }
}

// Module functions rather than closures made per row: the build names every closure it keeps
// (a property definition each), which a million rows would pay a million times.
function rejection(line: number, key: string, field: string, rule: string, reason: string): RejectedResult {
  return { key, outcome: 'rejected', field, rule, reason: `line ${line}: ${reason}` };
}

function firstEmpty(
  names: readonly string[],
  at: readonly number[],
  cells: readonly string[],
): string | undefined {
  for (let i = 0; i < names.length; i++) if (cells[at[i]!]!.trim() === '') return names[i];
  return undefined;
}

function toJob(spec: CsvJobSpec, key: string, to: string, params: string[]): BroadcastJob {
  return spec.api === 'v2'
    ? {
        key,
        api: 'v2',
        kind: 'template',
        message: {
          to,
          name: spec.template,
          language: spec.language,
          ...(params.length ? { parameters: { body: params } } : {}),
        },
      }
    : {
        key,
        api: 'v1',
        kind: 'template',
        message: {
          to,
          templateName: spec.template,
          langCode: spec.language,
          ...(params.length ? { params } : {}),
        },
      };
}
