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
}

/**
 * Each data row of the CSV, in file order, as the job it sends or as the rejection of a row that
 * breaks a rule (nothing is sent for it): too many or too few cells (an unquoted comma would shift
 * every parameter after it), an empty key or parameter cell, a number outside the numbering plan.
 * Streamed: one row is held at a time. The file's own faults (a quote never closed) throw.
 */
export async function* csvJobs(spec: CsvJobSpec): AsyncGenerator<BroadcastJob | RejectedResult> {
  const { columns, keyColumn, toColumn, paramColumns } = spec;
  const index = (name: string) => columns.indexOf(name);
  const [keyAt, toAt] = [index(keyColumn), index(toColumn)];
  const paramsAt = paramColumns.map(index);
  let header = true;
  for await (const { line, cells } of readCsvRecords(spec.path)) {
    if (header) {
      header = false;
      continue;
    }
    const reject = (key: string, field: string, rule: string, reason: string): RejectedResult => ({
      key,
      outcome: 'rejected',
      field,
      rule,
      reason: `line ${line}: ${reason}`,
    });
    if (cells.length !== columns.length) {
      yield reject(
        `line ${line}`,
        'row',
        'column-count',
        `${cells.length} cells under a header of ${columns.length} columns; a cell holding a comma must be quoted ("Ravi, Jr.")`,
      );
      continue;
    }
    const key = cells[keyAt]!.trim();
    if (key === '') {
      yield reject(`line ${line}`, keyColumn, 'required', `the key column ${keyColumn} is empty`);
      continue;
    }
    const missing = paramColumns.find((_, i) => cells[paramsAt[i]!]!.trim() === '');
    if (missing !== undefined) {
      yield reject(key, missing, 'required', `no value for the template parameter ${missing}`);
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
      yield { ...checked.rejected, reason: `line ${line}: ${checked.rejected.reason}` };
      continue;
    }
    yield checked.job;
  }
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
