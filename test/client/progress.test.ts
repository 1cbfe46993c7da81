import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient, type KaleyraClient } from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// onProgress as seen against what really reached the server: the last report is the whole body,
// equal to the Content-Length the server received, and reports never go backwards.
const SID = 'HXAP16XXXXXX97IN';
const WABA = '102290129340398';
const pending = {
  status: 202,
  body: { code: 'WA202', message: 'ok', data: { id: '639', status: 'PENDING' }, error: {} },
};

let server: RecordingServer;
let client: KaleyraClient;

beforeEach(async () => {
  server = await startRecordingServer();
  client = createKaleyraClient({
    sid: SID,
    apiKey: 'test-key',
    baseUrl: server.url,
    from: '+919000000006',
    maxRetries: 2,
  });
});
afterEach(() => server.close());

type Report = [sent: number, total: number | undefined];

function expectMonotonic(reports: readonly Report[]): void {
  for (let i = 1; i < reports.length; i++) {
    expect(reports[i]![0], `report ${i} went backwards`).toBeGreaterThanOrEqual(reports[i - 1]![0]);
  }
}

describe('upload progress', () => {
  it('resumable upload: several reports, non-decreasing, ending at sent === total === Content-Length received', async () => {
    // Several times the 64 KiB chunk size, so there is more than one report to order.
    const png = withBody(MAGIC.png, 300_000);
    const reports: Report[] = [];
    server.respondWith(pending);
    await client.media.uploadResumable({
      wabaId: WABA,
      file: png,
      name: 'big.png',
      onProgress: (sent, total) => reports.push([sent, total]),
    });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    const received = Number(request!.headers['content-length']);
    expect(request!.contentLengthMatched).toBe(true);
    expect(received).toBe(request!.body.byteLength);
    expect(received).toBeGreaterThan(png.byteLength);

    expect(reports.length).toBeGreaterThan(1);
    expectMonotonic(reports);
    expect(reports.every(([, total]) => total === received)).toBe(true);
    expect(reports.at(-1)).toEqual([received, received]);
    expect(reports[0]![0]).toBeGreaterThan(0);
  });

  it('plain media upload reports progress the same way', async () => {
    const pdf = withBody(MAGIC.pdf, 150_000);
    const reports: Report[] = [];
    server.respondWith({
      status: 202,
      body: { code: 'WA202', message: 'ok', data: { id: 'media-1' }, error: {} },
    });
    await client.media.upload({
      file: pdf,
      name: 'doc.pdf',
      onProgress: (sent, total) => reports.push([sent, total]),
    });
    const received = server.requests[0]!.body.byteLength;
    expect(Number(server.requests[0]!.headers['content-length'])).toBe(received);
    expectMonotonic(reports);
    expect(reports.at(-1)).toEqual([received, received]);
  });

  it('a stream of unknown size reports total as undefined and still ends at the bytes received', async () => {
    const png = withBody(MAGIC.png, 100_000);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(png.subarray(0, 40_000));
        controller.enqueue(png.subarray(40_000));
        controller.close();
      },
    });
    const reports: Report[] = [];
    server.respondWith(pending);
    await client.media.uploadResumable({
      wabaId: WABA,
      file: { stream, name: 'a.png' },
      onProgress: (sent, total) => reports.push([sent, total]),
    });
    const [request] = server.requests;
    expect(request!.chunked).toBe(true);
    expectMonotonic(reports);
    expect(reports.every(([, total]) => total === undefined)).toBe(true);
    expect(reports.at(-1)![0]).toBe(request!.body.byteLength);
  });

  it('a retried upload reports each attempt from 0 to the total: one restart, never past the total', async () => {
    const png = withBody(MAGIC.png, 200_000);
    const reports: Report[] = [];
    server.respondWith(
      {
        status: 429,
        headers: { 'retry-after': '0' },
        body: { code: 'WA429', message: 'Too many requests', data: {}, error: {} },
      },
      pending,
    );
    await client.media.uploadResumable({
      wabaId: WABA,
      file: png,
      name: 'big.png',
      onProgress: (sent, total) => reports.push([sent, total]),
    });
    expect(server.requests).toHaveLength(2);
    const received = server.requests[1]!.body.byteLength;
    const restarts = reports.flatMap((report, i) => (i > 0 && report[0] < reports[i - 1]![0] ? [i] : []));
    expect(restarts).toHaveLength(1);
    const [first, second] = [reports.slice(0, restarts[0]), reports.slice(restarts[0])];
    expectMonotonic(first);
    expectMonotonic(second);
    expect(first.at(-1)).toEqual([received, received]);
    expect(second.at(-1)).toEqual([received, received]);
  });
});
