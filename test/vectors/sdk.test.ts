import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraApiError, type KaleyraClient } from '../../src/index.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { fileBytes, loadVectors, runVector, VECTOR_API_KEY, type Seen, type Vector } from './harness.js';

// The SDK's high-level methods, driven through every conformance vector (the same files the Python,
// Go and Java runners under clients/ read). Each vector's `sdk` entry names the method and its options.
const SENDER = '+919876543210';
let prism: PrismServer;

beforeAll(async () => {
  prism = await startPrism();
}, 60_000);
afterAll(() => prism?.close());

type Call = (client: KaleyraClient, options: never) => Promise<unknown>;
const CALLS: Record<string, Call> = {
  'v2Messages.sendText': (c, o) => c.v2Messages.sendText(o),
  'v2Messages.sendImage': (c, o) => c.v2Messages.sendImage(o),
  'v2Messages.sendLocation': (c, o) => c.v2Messages.sendLocation(o),
  'v2Messages.sendTemplate': (c, o) => c.v2Messages.sendTemplate(o),
  'v2Messages.sendInteractive': (c, o) => c.v2Messages.sendInteractive(o),
  'v2Messages.markAsRead': (c, o) => c.v2Messages.markAsRead(o),
  'v1Messages.sendText': (c, o) => c.v1Messages.sendText(o),
  'v1Messages.sendMedia': (c, o) => c.v1Messages.sendMedia(o),
  'v1Messages.sendMediaTemplate': (c, o) => c.v1Messages.sendMediaTemplate(o),
  'media.uploadResumable': (c, o) => c.media.uploadResumable(o),
  'media.listResumable': (c, o) => c.media.listResumable(o),
  'templates.list': (c, o) => c.templates.list(o),
};

/** Replaces `{ "$file": field }` with that file's bytes. */
function withFiles(vector: Vector, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => withFiles(vector, item));
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $file?: string }).$file;
  if (ref !== undefined) {
    const file = vector.operation.multipart?.files.find((f) => f.field === ref);
    if (!file) throw new Error(`${vector.name}: no file ${ref} in operation.multipart`);
    return fileBytes(file);
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withFiles(vector, item)]));
}

/** What the caller sees: the id in the answer, or the code and field errors of the thrown error. */
function seenFrom(result: unknown): Seen {
  const body = result as { code?: string; data?: unknown } | undefined;
  const data = body?.data;
  if (Array.isArray(data)) {
    const first = data[0] as { message_id?: string; resumable_media_id?: string } | undefined;
    if (first?.message_id !== undefined) return { messageId: first.message_id };
    if (first?.resumable_media_id !== undefined) return { id: first.resumable_media_id };
  } else if (data && typeof data === 'object') {
    const record = data as { message_id?: string; id?: string };
    if (record.message_id !== undefined) return { messageId: record.message_id };
    if (record.id !== undefined) return { id: record.id };
  }
  return { code: body?.code ?? '' };
}

describe('conformance vectors through the SDK', () => {
  it.each(loadVectors().map(({ vector }) => [vector.name, vector] as const))('%s', async (_name, vector) => {
    const call = CALLS[vector.sdk.call];
    if (!call) throw new Error(`${vector.name}: the SDK runner has no call ${vector.sdk.call}`);
    const outcome = await runVector(vector, prism.url, async (baseUrl) => {
      const client = createKaleyraClient({
        sid: vector.operation.path.sid!,
        apiKey: VECTOR_API_KEY,
        baseUrl,
        from: SENDER,
        maxRetries: 0,
      });
      try {
        return seenFrom(await call(client, withFiles(vector, vector.sdk.options) as never));
      } catch (error) {
        if (!(error instanceof KaleyraApiError)) throw error;
        return {
          error: { status: error.status, code: error.code ?? '', fields: Object.keys(error.fieldErrors) },
        };
      }
    });
    expect(outcome.problems).toEqual([]);
  });
});
