import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runCli } from '../cli/run-cli.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { skipWithoutRedis, startRedis, type RedisServer } from './redis-server.js';
import { deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

const KEY = 'SECRET-BROADCAST-KEY-7';
const dir = mkdtempSync(join(tmpdir(), 'kaleyra-broadcast-cli-'));
const csvFile = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const GOOD = ['+919812345601,Asha,A-1', '+919812345602,"Ravi, Jr.",A-2', '+919812345603,Mei,A-3'];
const BAD = ['12,Bad number,A-4', '+919812345605,,A-5'];
const base = [
  '--kind',
  'template',
  '--name',
  'order_update',
  '--language',
  'en',
  '--to-column',
  'phone',
  '--param-columns',
  'first_name,order_id',
];
// The result CSV read the way a spreadsheet import would: strictly, by its header.
const resultsOf = (csv: string) =>
  new Map(
    parse<Record<string, string>>(csv, { columns: true, relax_column_count: false }).map((row) => [
      row.key!,
      row,
    ]),
  );

describe('kaleyra-wa broadcast against the embedded mock', () => {
  let prism: PrismServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    prism = await startPrism();
    env = {
      KALEYRA_SID: 'HXAP16XXXXXX97IN',
      KALEYRA_API_KEY: KEY,
      KALEYRA_BASE_URL: prism.url,
      KALEYRA_FROM: '+919876543210',
    };
  }, 60_000);
  afterAll(() => prism?.close());

  it('sends every good row, rejects bad rows with their rule, and a rerun with the journal skips what was done', async () => {
    const csv = csvFile('mixed.csv', ['phone,first_name,order_id', ...GOOD, ...BAD].join('\r\n') + '\r\n');
    const journal = join(dir, 'mixed.jsonl');
    const out = join(dir, 'mixed-results.csv');
    const run = await runCli(
      ['broadcast', '--csv', csv, ...base, '--rate', '20', '--journal', journal, '--out', out],
      env,
    );
    expect(run.code).toBe(1); // two bad rows
    const results = resultsOf(readFileSync(out, 'utf8'));
    for (const row of GOOD)
      expect(results.get(row.split(',')[0]!)).toMatchObject({
        outcome: 'accepted',
        message_id: expect.stringMatching(/.+/),
      });
    expect(results.get('12')).toMatchObject({ outcome: 'rejected', code: 'to country-code' });
    expect(results.get('+919812345605')).toMatchObject({ outcome: 'rejected', code: 'first_name required' });
    expect(run.stderr).toMatch(/3 accepted, 2 rejected, 0 uncertain, 0 skipped of 5 rows/);
    expect(run.stderr).toMatch(/\d+\/5 accepted \d+ rejected \d+ uncertain 0 skipped 0 \| [\d.]+\/s \| ETA/);
    expect(run.stderr + run.stdout + readFileSync(journal, 'utf8')).not.toContain(KEY);

    const again = await runCli(['broadcast', '--csv', csv, ...base, '--journal', journal], env);
    const second = resultsOf(again.stdout);
    for (const row of GOOD)
      expect(second.get(row.split(',')[0]!)).toMatchObject({
        outcome: 'skipped',
        detail: 'accepted in an earlier run',
      });
    // The bad number was refused by sendMany's check and journaled, so it is skipped too; the empty
    // cell is refused before the sender (not journaled) and checked again.
    expect(second.get('12')).toMatchObject({ outcome: 'skipped', code: 'to country-code' });
    expect(again.stderr).toMatch(/0 accepted, 1 rejected, 0 uncertain, 4 skipped of 5 rows/);
  }, 60_000);

  it('exits 0 when every row is accepted (v1 too)', async () => {
    const csv = csvFile('good.csv', ['phone,first_name,order_id', ...GOOD].join('\n'));
    const v2 = await runCli(['broadcast', '--csv', csv, ...base], env);
    expect(v2.stderr).toContain('3 accepted');
    expect(v2.code).toBe(0);
    const v1 = await runCli(['broadcast', '--csv', csv, ...base, '--api', 'v1'], env);
    expect(v1.stderr).toContain('3 accepted');
    expect(v1.code).toBe(0);
  }, 60_000);
});

describe('kaleyra-wa broadcast, nothing sent', () => {
  let server: SendServer;
  beforeAll(async () => {
    server = await startSendServer();
  });
  afterAll(() => server.close());
  const env = () => ({
    KALEYRA_SID: 'HXAP16XXXXXX97IN',
    KALEYRA_BASE_URL: server.url,
    KALEYRA_FROM: '+919876543210',
  });

  it('--dry-run checks every row, reports the bad ones with their rule, sends nothing and exits 1', async () => {
    const csv = csvFile('dry.csv', ['phone,first_name,order_id', ...GOOD, ...BAD, ',No key,A-6'].join('\n'));
    const run = await runCli(['broadcast', '--csv', csv, ...base, '--dry-run'], env());
    expect(run.code).toBe(1);
    const results = resultsOf(run.stdout);
    expect([...results.values()].filter((r) => r.outcome === 'valid')).toHaveLength(3);
    expect(results.get('12')).toMatchObject({ outcome: 'rejected', code: 'to country-code' });
    expect(results.get('+919812345605')).toMatchObject({ outcome: 'rejected', code: 'first_name required' });
    expect(results.get('line 7')).toMatchObject({ outcome: 'rejected', code: 'phone required' });
    expect(run.stderr).toContain('dry run: 3 valid, 3 rejected, 0 skipped of 6 rows; nothing was sent');
    expect(server.sends).toHaveLength(0);

    const clean = await runCli(
      [
        'broadcast',
        '--csv',
        csvFile('dry-ok.csv', ['phone,first_name,order_id', ...GOOD].join('\n')),
        ...base,
        '--dry-run',
      ],
      env(),
    );
    expect(clean.code).toBe(0);
    expect(server.sends).toHaveLength(0);
  });

  it('names a missing column and a bad flag as usage errors (exit 2)', async () => {
    const csv = csvFile('cols.csv', 'phone,name\n+919812345601,Asha\n');
    const run = await runCli(['broadcast', '--csv', csv, ...base], { ...env(), KALEYRA_API_KEY: KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the CSV has no column "first_name"');
    expect((await runCli(['broadcast', '--csv', csv, '--name', 'x', '--rate', '0'], env())).code).toBe(2);
    const fleetOnly = await runCli(['broadcast', '--csv', csv, '--name', 'x', '--workers', '3'], env());
    expect(fleetOnly).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--workers, --queue and --redis-timeout go with --redis'),
    });
    expect((await runCli(['broadcast', '--help'])).stdout).toMatch(/Example:\n\s+kaleyra-wa broadcast/);
  });
});

const withoutRedis = {
  skip: skipWithoutRedis('kaleyra-wa broadcast --redis (test/broadcast/cli-broadcast.test.ts)'),
};
describe('kaleyra-wa broadcast --redis', withoutRedis, () => {
  let redis: RedisServer;
  let server: SendServer;
  beforeAll(async () => {
    [redis, server] = await Promise.all([startRedis(), startSendServer()]);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  it('queues every row on BullMQ, runs the workers, and reports each row once', async () => {
    const csv = csvFile('fleet.csv', ['phone,first_name,order_id', ...GOOD, ...BAD].join('\n'));
    const env = {
      KALEYRA_SID: 'HXAP16XXXXXX97IN',
      KALEYRA_API_KEY: KEY,
      KALEYRA_BASE_URL: server.url,
      KALEYRA_FROM: '+919876543210',
    };
    const run = await runCli(
      [
        'broadcast',
        '--csv',
        csv,
        ...base,
        '--redis',
        redis.url,
        '--workers',
        '2',
        '--queue',
        `cli-${Date.now()}`,
      ],
      env,
    );
    expect(run.stderr).toContain('3 accepted, 2 rejected, 0 uncertain, 0 skipped of 5 rows');
    expect(run.code).toBe(1);
    expect(deliveriesPerKey(server.sends)).toEqual(
      new Map([
        ['Asha', 1],
        ['Ravi, Jr.', 1],
        ['Mei', 1],
      ]),
    );
  }, 60_000);

  it('streams the CSV through the queue: a row whose key came earlier is rejected (rule unique), the key sent once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `+9198123456${String(10 + i)},Stream${i},S-${i}`);
    // Row 35 repeats row 3's number (the key) with another name: queued once, never sent twice.
    rows.splice(35, 0, '+919812345613,Again,S-3');
    const csv = csvFile('stream.csv', ['phone,first_name,order_id', ...rows].join('\n'));
    const out = join(dir, 'stream-results.csv');
    const before = server.sends.length;
    const run = await runCli(
      [
        'broadcast',
        '--csv',
        csv,
        ...base,
        '--redis',
        redis.url,
        '--queue',
        `stream-${Date.now()}`,
        '--out',
        out,
      ],
      {
        KALEYRA_SID: 'HXAP16XXXXXX97IN',
        KALEYRA_API_KEY: KEY,
        KALEYRA_BASE_URL: server.url,
        KALEYRA_FROM: '+919876543210',
      },
    );
    expect(run.stderr).toContain('40 accepted, 1 rejected, 0 uncertain, 0 skipped of 41 rows');
    const results = parse<Record<string, string>>(readFileSync(out, 'utf8'), { columns: true });
    expect(results).toHaveLength(41);
    const twice = results.filter((r) => r.key === '+919812345613');
    expect(twice.map((r) => `${r.outcome} ${r.code}`).sort()).toEqual(['accepted ', 'rejected key unique']);
    const sends = server.sends.slice(before);
    expect(sends.map((send) => send.key)).not.toContain('Again');
    expect(Math.max(...deliveriesPerKey(sends).values())).toBe(1);
    expect(sends).toHaveLength(40);
  }, 60_000);
});

describe('kaleyra-wa broadcast --journal: one broadcast per journal', () => {
  let server: SendServer;
  beforeAll(async () => {
    server = await startSendServer();
  });
  afterAll(() => server.close());
  const env = () => ({
    KALEYRA_SID: 'HXAP16XXXXXX97IN',
    KALEYRA_API_KEY: KEY,
    KALEYRA_BASE_URL: server.url,
    KALEYRA_FROM: '+919876543210',
  });
  const args = (csv: string, name: string, journal: string) => [
    'broadcast',
    '--csv',
    csv,
    ...base.map((arg) => (arg === 'order_update' ? name : arg)),
    '--journal',
    journal,
  ];

  it('refuses the journal of another campaign before sending, and reports a row whose message changed', async () => {
    const journal = join(dir, 'campaign.jsonl');
    const csv = csvFile('campaign.csv', ['phone,first_name,order_id', ...GOOD].join('\n'));
    const first = await runCli(args(csv, 'order_update', journal), env());
    expect(first.stderr).toContain('3 accepted');
    expect(server.sends).toHaveLength(3);

    // Another template, same journal: every row used to be "accepted in an earlier run".
    const other = await runCli(args(csv, 'diwali_promo', journal), env());
    expect(other.code).toBe(1);
    expect(other.stderr.trim()).toMatch(
      /^error: .*campaign\.jsonl belongs to broadcast "v2 template order_update #[0-9a-f]{16}", not to this one \("v2 template diwali_promo #[0-9a-f]{16}"\); nothing was sent/,
    );
    expect(other.stdout).toBe('');
    expect(server.sends).toHaveLength(3);

    // The same campaign with one row's parameter changed: that row is reported, the others skipped.
    const changed = csvFile(
      'campaign-changed.csv',
      ['phone,first_name,order_id', GOOD[0], GOOD[1]!.replace('A-2', 'A-22'), GOOD[2]].join('\n'),
    );
    const again = await runCli(args(changed, 'order_update', journal), env());
    const results = resultsOf(again.stdout);
    expect(results.get('+919812345602')).toMatchObject({
      outcome: 'rejected',
      code: 'message same-as-journaled',
    });
    expect(results.get('+919812345601')).toMatchObject({ outcome: 'skipped' });
    expect(again.code).toBe(1);
    expect(server.sends).toHaveLength(3);

    // A deliberate resend is a new journal; --broadcast-id names a broadcast explicitly.
    const resend = await runCli(
      [...args(csv, 'order_update', join(dir, 'campaign-again.jsonl')), '--broadcast-id', 'order_update-2'],
      env(),
    );
    expect(resend.stderr).toContain('3 accepted');
    expect(server.sends).toHaveLength(6);
    expect(readFileSync(join(dir, 'campaign-again.jsonl'), 'utf8')).toMatch(
      /^\{"type":"broadcast","id":"order_update-2","version":2,/,
    );
  }, 60_000);
});
