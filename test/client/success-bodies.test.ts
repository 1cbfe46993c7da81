import { describe, expect, it } from 'vitest';
import { KaleyraUnexpectedResponseError } from '../../src/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { useRecordingClient } from '../support/recording-client.js';

// The resumable upload's reference page documents a `text/plain` answer. Whatever the content type,
// a JSON body must come through as typed data, and a body that is not JSON must say the request was
// accepted rather than surface as a SyntaxError that invites a resend.
const t = useRecordingClient({ apiKey: 'success-key', from: '+919876543210' });
const upload = () =>
  t.client.media.uploadResumable({ wabaId: '150441234142241', file: withBody(MAGIC.png), name: 'a.png' });

describe('success bodies', () => {
  it('reads JSON sent as text/plain', async () => {
    t.server.respondWith({
      status: 202,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({
        code: 'WA202',
        message: 'ok',
        data: { id: '639', status: 'PENDING' },
        error: {},
      }),
    });
    await expect(upload()).resolves.toMatchObject({ data: { id: '639', status: 'PENDING' } });
  });

  it('reports a non-JSON success as accepted, with the body, and sends once', async () => {
    t.server.respondWith({
      status: 202,
      headers: { 'content-type': 'text/plain' },
      body: 'Request Processed Successfully',
    });
    const error = await upload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraUnexpectedResponseError);
    expect(error).toMatchObject({
      status: 202,
      accepted: true,
      body: 'Request Processed Successfully',
      method: 'POST',
    });
    expect((error as Error).message).toMatch(/do not resend/);
    expect(t.server.requests).toHaveLength(1);
  });

  // Issue 20: a 2xx answer of JSON `null` resolved the send with `null`. The document declares what an
  // accepted answer holds (generated SUCCESS_SHAPES); one without it is accepted but unexpected.
  it.each([
    ['null', 'null', /not the JSON object the API documents/],
    ['a number', '202', /not the JSON object the API documents/],
    ['an object without data', '{"code":"WA202"}', /no `data` object/],
    ['data without the message id', '{"code":"WA202","data":{"message_id":null}}', /lacks data\.message_id/],
  ])(
    'a v2 send answered 202 with %s is accepted but unexpected, and sent once',
    async (_what, body, reason) => {
      t.server.respondWith({ status: 202, headers: { 'content-type': 'application/json' }, body });
      const before = t.server.requests.length;
      const error = await t.client.v2Messages
        .sendText({ to: '+919812345678', body: 'hi' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KaleyraUnexpectedResponseError);
      expect(error).toMatchObject({ accepted: true, status: 202, body });
      expect((error as Error).message).toMatch(reason);
      expect(t.server.requests.length - before).toBe(1);
    },
  );

  it('a v1 send answered without its data list, and an upload without its id, are unexpected too', async () => {
    t.server.respondWith({ status: 202, body: { code: 'WA202', data: {}, error: {} } });
    await expect(t.client.v1Messages.sendText({ to: '+919812345678', body: 'hi' })).rejects.toThrow(
      /no `data` list/,
    );
    t.server.respondWith({ status: 202, body: { code: 'WA202', data: { status: 'PENDING' } } });
    await expect(upload()).rejects.toThrow(/lacks data\.id/);
  });

  it('reports an empty answer where a message id was due as accepted', async () => {
    t.server.respondWith({ status: 202, headers: { 'content-type': 'text/plain' }, body: '' });
    const error = await t.client.v2Messages
      .sendText({ to: '+919812345678', body: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraUnexpectedResponseError);
    expect((error as Error).message).toMatch(/accepted \(HTTP 202\) but the answer is empty: do not resend/);
    t.server.respondWith({
      status: 202,
      headers: { 'content-type': 'application/json', 'content-length': '0' },
      body: '',
    });
    await expect(t.client.v1Messages.sendText({ to: '+919812345678', body: 'hi' })).rejects.toBeInstanceOf(
      KaleyraUnexpectedResponseError,
    );
  });

  it('lets an empty answer through where the API documents none (template delete)', async () => {
    t.server.respondWith({ status: 200, headers: { 'content-type': 'text/plain' }, body: '' });
    await expect(
      t.client.templates.delete({ wabaId: '150441234142241', name: 'order_update' }),
    ).resolves.toBeUndefined();
  });
});
