import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/cli/result-csv.js';
import { runBin } from '../cli/run-cli.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// `kaleyra-wa broadcast` as a user runs it: the real bin in its own process, a CSV file on disk (as
// a spreadsheet exports it, or as a hand edit breaks it), a loopback server that records each send.
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-broadcast-csv-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const TEMPLATE = ['--name', 'order_update', '--param-columns', 'first_name,order_id'];

let server: RecordingServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startRecordingServer();
  env = {
    KALEYRA_SID: 'HXAP16XXXXXX97IN',
    KALEYRA_API_KEY: 'csv-test-key-0123456789',
    KALEYRA_BASE_URL: server.url,
    KALEYRA_FROM: '+919876543210',
  };
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Each send as it arrived: the recipient and the template's body parameters. */
const sends = () =>
  server.requests.map((request) => {
    const object = (
      request.json as {
        messaging_object: {
          to: string;
          template: { components?: Array<{ parameters: Array<{ text: string }> }> };
        };
      }
    ).messaging_object;
    return { to: object.to, params: object.template.components?.[0]?.parameters.map((p) => p.text) };
  });
const resultRows = (csv: string) => parse<Record<string, string>>(csv, { columns: true });

describe('kaleyra-wa broadcast reads the CSV strictly', () => {
  it('rejects a row with more or fewer cells than the header, naming its line, and never shifts a parameter', async () => {
    const csv = file(
      'cells.csv',
      [
        'phone,first_name,order_id',
        '+919810005010,Mei,41',
        '+919810005011,Asha, Jr,42', // an unquoted comma: four cells
        '+919810005012,Ravi', // two cells
        '+919810005013,"Ravi, Jr.",43',
      ].join('\n') + '\n',
    );
    const run = await runBin(['broadcast', '--csv', csv, ...TEMPLATE], env);
    expect(run.code).toBe(1);
    const results = resultRows(run.stdout);
    expect(results).toContainEqual(
      expect.objectContaining({ key: 'line 3', outcome: 'rejected', code: 'row column-count' }),
    );
    expect(results.find((r) => r.key === 'line 3')!.detail).toMatch(
      /^line 3: 4 cells under a header of 3 columns/,
    );
    expect(results).toContainEqual(
      expect.objectContaining({ key: 'line 4', outcome: 'rejected', code: 'row column-count' }),
    );
    expect(sends().sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: '+919810005010', params: ['Mei', '41'] },
      { to: '+919810005013', params: ['Ravi, Jr.', '43'] },
    ]);
    expect(run.stderr).toContain('2 accepted, 2 rejected, 0 uncertain, 0 skipped of 4 rows');
  }, 30_000);

  it('refuses to start on a quote that is never closed, naming the line it opens on; nothing is sent', async () => {
    const csv = file(
      'quote.csv',
      [
        'phone,first_name,order_id',
        '+919810005020,Asha,51',
        '+919810005021,"Ravi,52',
        '+919810005022,Mei,53',
        '+919810005023,Li,54',
      ].join('\n') + '\n',
    );
    const run = await runBin(['broadcast', '--csv', csv, ...TEMPLATE], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /invalid csv \(unterminated-quote\): .*quote\.csv line 3: a quoted cell opens here/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /); // one line, no stack trace
    expect(server.requests).toHaveLength(0);
    const stray = await runBin(
      [
        'broadcast',
        '--csv',
        file('stray.csv', 'phone,first_name,order_id\n+919810005024,As"ha,55\n'),
        ...TEMPLATE,
      ],
      env,
    );
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/invalid csv \(quote\): .*stray\.csv line 2/);
    expect(server.requests).toHaveLength(0);
  }, 30_000);

  it('refuses a header that names a column twice, or a file with no header', async () => {
    const twice = await runBin(
      [
        'broadcast',
        '--csv',
        file('twice.csv', 'phone,first_name,order_id,phone\n+919810005030,A,1,x\n'),
        ...TEMPLATE,
      ],
      env,
    );
    expect(twice).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/\(header\): .*names the column "phone" twice/),
    });
    const empty = await runBin(['broadcast', '--csv', file('empty.csv', '\r\n\r\n'), ...TEMPLATE], env);
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringMatching(/\(header\): .*has no rows/) });
    expect(server.requests).toHaveLength(0);
  }, 30_000);

  it('reads a spreadsheet export: BOM, CRLF, quoted commas, quotes and line breaks, empty rows, a trailing empty line', async () => {
    const text =
      [
        'phone,first_name,order_id',
        '+919810005040,"Ravi, Jr.",61',
        ',,', // a formatted but empty row
        '+919810005041,"Mei ""the"" Li",62',
        '+919810005042,"Asha',
        'Rao",63',
        '+919810005043,,64', // an empty parameter cell: rejected, and its line is counted right
      ].join('\r\n') + '\r\n\r\n';
    const csv = file('export.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const out = join(dir, 'export-results.csv');
    const run = await runBin(['broadcast', '--csv', csv, ...TEMPLATE, '--out', out], env);
    expect(sends().sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: '+919810005040', params: ['Ravi, Jr.', '61'] },
      { to: '+919810005041', params: ['Mei "the" Li', '62'] },
      { to: '+919810005042', params: ['Asha\r\nRao', '63'] },
    ]);
    const results = resultRows(readFileSync(out, 'utf8'));
    expect(results.find((r) => r.key === '+919810005043')).toMatchObject({
      outcome: 'rejected',
      code: 'first_name required',
      detail: expect.stringMatching(/^line 8: /),
    });
    expect(run.stderr).toContain('3 accepted, 1 rejected, 0 uncertain, 0 skipped of 4 rows');
  }, 30_000);
});

describe('kaleyra-wa broadcast numbers: one rule, the numbering plan, --default-country', () => {
  const csv = () =>
    file(
      'local.csv',
      [
        'phone,first_name,order_id',
        '9812345678,Asha,71',
        '+919812345679,Ravi,72',
        '+15555550100,Fiction,73',
      ].join('\n'),
    );

  it('without --default-country, a number without + is rejected (it would go to +98); outside the plan, rejected too', async () => {
    const run = await runBin(['broadcast', '--csv', csv(), ...TEMPLATE], env);
    const results = resultRows(run.stdout);
    expect(results.find((r) => r.key === '9812345678')).toMatchObject({
      outcome: 'rejected',
      code: 'to country-code',
      detail: expect.stringMatching(/^to has no \+ and country code/),
    });
    expect(results.find((r) => r.key === '+15555550100')).toMatchObject({
      outcome: 'rejected',
      code: 'to numbering-plan',
    });
    expect(sends().map((s) => s.to)).toEqual(['+919812345679']);
  }, 30_000);

  it('with --default-country IN, sends a local number to its E.164 form; a bad country is a usage error', async () => {
    const run = await runBin(['broadcast', '--csv', csv(), ...TEMPLATE, '--default-country', 'IN'], env);
    expect(
      sends()
        .map((s) => s.to)
        .sort(),
    ).toEqual(['+919812345678', '+919812345679']);
    expect(run.stderr).toContain('2 accepted, 1 rejected');
    server.requests.length = 0;
    const bad = await runBin(['broadcast', '--csv', csv(), ...TEMPLATE, '--default-country', 'India'], env);
    expect(bad).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid --default-country (country)'),
    });
    expect(server.requests).toHaveLength(0);
  }, 30_000);
});

describe('kaleyra-wa broadcast result CSV, opened in a spreadsheet', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and leaves E.164 numbers as they are', async () => {
    const keys = [
      '=HYPERLINK("http://evil.example","x")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1:A9)',
      '\tTAB',
      '+919812345678',
    ];
    const csv = file(
      'formula.csv',
      [
        'ref,phone,first_name,order_id',
        ...keys.map((key, i) => `"${key.replace(/"/g, '""')}",+91981234560${i},A,${i}`),
      ].join('\n'),
    );
    // Kaleyra's answer text goes into the detail cell: a refusal whose message is itself a formula.
    server.respondWith(
      { status: 400, body: { code: 'E400', message: '=1+2', data: {}, error: {} } },
      { status: 400, body: { code: '-E1', message: '\t@SUM(1)', data: {}, error: {} } },
    );
    const out = join(dir, 'formula-results.csv');
    await runBin(
      ['broadcast', '--csv', csv, ...TEMPLATE, '--key-column', 'ref', '--concurrency', '1', '--out', out],
      env,
    );
    const raw = readFileSync(out, 'utf8');
    const cells = resultRows(raw).flatMap((row) => Object.values(row));
    for (const cell of cells) {
      if (cell === '+919812345678') continue;
      expect(cell, 'a cell a spreadsheet would run').not.toMatch(/^[=+\-@\t\r]/);
    }
    const byKey = new Map(resultRows(raw).map((row) => [row.key, row]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        "'+cmd|' /C calc'!A0",
        "'-2+3",
        '\'=HYPERLINK("http://evil.example","x")',
        "'@SUM(A1:A9)",
        'TAB', // key cells are trimmed as they are read
        '+919812345678',
      ].sort(),
    );
    expect(raw).toContain('\n+919812345678,accepted,'); // written bare: a number, not a formula
    const rejected = resultRows(raw).filter((row) => row.outcome === 'rejected');
    expect(rejected.map((row) => [row.code, row.detail])).toEqual([
      ['E400', "'=1+2"],
      ["'-E1", "'@SUM(1)"], // the SDK trims Kaleyra's message
    ]);
  }, 30_000);
});

describe('csvCell: how each kind of cell is written', () => {
  it.each([
    ['a formula', '=1+2', "'=1+2"],
    ['a DDE payload', "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['arithmetic', '-2+3', "'-2+3"],
    ['an @ function', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\t=1', "'\t=1"],
    ['a leading carriage return', '\r=1', '"\'\r=1"'],
    ['an E.164 number', '+919812345678', '+919812345678'],
    ['a + that is not E.164', '+91 98123 45678', "'+91 98123 45678"],
    ['a negative number', '-5', "'-5"],
    ['a comma', 'Ravi, Jr.', '"Ravi, Jr."'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a formula with a comma', '=SUM(1,2)', '"\'=SUM(1,2)"'],
    ['plain text', 'order 42', 'order 42'],
    ['nothing', undefined, ''],
  ])('%s', (_kind, value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});
