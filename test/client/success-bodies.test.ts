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
