import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient, type KaleyraClient, type KaleyraLogger } from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// What a user's logger receives, on the wire of a real local server: pino as it comes (`logger:
// pino()`, which takes the object first) and a message-first logger (console, winston). One line
// per request with method, path, status, attempts and duration; a refused request above debug.
// The key is one that would show: the server echoes it, and a raw call puts it in the URL path.
const SID = 'HXAP16XXXXXX97IN';
const KEY = 'visible-key-9f8e7d6c5b4a';
const TO = '+919812345678';
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = (logger: KaleyraLogger): KaleyraClient =>
  createKaleyraClient({
    sid: SID,
    apiKey: KEY,
    baseUrl: server.url,
    from: '+919876543210',
    maxRetries: 0,
    logger,
  });

const notFound = {
  status: 404,
  headers: { 'x-echo': KEY },
  body: { code: 'E404', message: `No such resource for key ${KEY}`, error: { key: KEY } },
};

/** A real pino logger at debug, writing its JSON lines to memory. */
function pinoLines() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('logger: pino()', () => {
  it('gets one structured line per request: method, path, status, attempts, durationMs, at info', async () => {
    const { logger, records, lines } = pinoLines();
    await client(logger).v2Messages.sendText({ to: TO, body: 'Hi' });
    const summary = records().filter((r) => r.msg === 'kaleyra request');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({
      level: 30,
      method: 'POST',
      path: `/v2/${SID}/whatsapp/+919876543210/messages`,
      status: 202,
      attempts: 1,
    });
    expect(summary[0]!.durationMs).toEqual(expect.any(Number));
    expect(summary[0]!.durationMs as number).toBeGreaterThanOrEqual(0);
    // The attempt line at debug carries its fields too, not a bare message.
    expect(records().find((r) => r.msg === 'kaleyra request attempt')).toMatchObject({
      level: 20,
      method: 'POST',
      status: 202,
    });
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('logs a 404 at warn with its status and code, and never the key the server echoed', async () => {
    const { logger, records, lines } = pinoLines();
    server.respondWith(notFound);
    await expect(client(logger).templates.list({ wabaId: '150441234142241' })).rejects.toThrow();
    const failed = records().filter((r) => r.msg === 'kaleyra request failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 40, status: 404, attempts: 1, code: 'E404' });
    expect(failed[0]!.error).toMatch(/^Kaleyra\w+Error$/);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('logs a raw client call too, its 404 at warn, with the key masked where it sits in the path', async () => {
    const { logger, records, lines } = pinoLines();
    server.respondWith(notFound);
    const kaleyra = client(logger);
    const { error } = await kaleyra.v2.GET('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
      params: { path: { sid: SID, waba_id: KEY } },
    });
    expect(error).toBeDefined();
    expect(server.requests[0]!.path).toContain(KEY); // it really was in the path
    const summary = records().filter((r) => r.msg === 'kaleyra request');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ level: 40, method: 'GET', status: 404 });
    expect(summary[0]!.path).toMatch(/^\/v2\/HXAP16XXXXXX97IN\/whatsapp\/.+\/resumable_media$/);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('logs a connection failure at error, without a status', async () => {
    const { logger, records } = pinoLines();
    const unreachable = createKaleyraClient({
      sid: SID,
      apiKey: KEY,
      baseUrl: 'http://127.0.0.1:9',
      maxRetries: 0,
      logger,
    });
    await expect(
      unreachable.v2Messages.sendText({ to: TO, body: 'Hi', from: '+919876543210' }),
    ).rejects.toThrow();
    const failed = records().find((r) => r.msg === 'kaleyra request failed');
    expect(failed).toMatchObject({ level: 50, error: 'KaleyraConnectionError', attempts: 1 });
    expect(failed).not.toHaveProperty('status');
  });
});

describe('a message-first logger (console, winston)', () => {
  it('gets (message, fields) with the same fields', async () => {
    const calls: Array<{ level: string; args: unknown[] }> = [];
    const at =
      (level: string) =>
      (...args: unknown[]) =>
        void calls.push({ level, args });
    const logger: KaleyraLogger = {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    };
    const kaleyra = client(logger);
    await kaleyra.v2Messages.sendText({ to: TO, body: 'Hi' });
    server.respondWith(notFound);
    await expect(kaleyra.templates.list({ wabaId: '150441234142241' })).rejects.toThrow();
    const lines = calls.filter((c) => c.level !== 'debug');
    expect(lines.map((c) => [c.level, c.args[0]])).toEqual([
      ['info', 'kaleyra request'],
      ['warn', 'kaleyra request failed'],
    ]);
    expect(lines[0]!.args[1]).toMatchObject({ method: 'POST', status: 202, attempts: 1 });
    expect(lines[1]!.args[1]).toMatchObject({ method: 'GET', status: 404, code: 'E404' });
    expect(JSON.stringify(calls)).not.toContain(KEY);
  });
});
