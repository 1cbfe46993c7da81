import { describe, expect, it } from 'vitest';
import { parseCallback } from '../../src/callbacks/index.js';
import { BASE, getRequest, parse, postRequest } from './requests.js';

describe('rejections', () => {
  it.each([
    ['invalid JSON', postRequest('{"status": '), 'invalid-json'],
    ['an empty JSON body', postRequest(''), 'invalid-json'],
    ['PUT', new Request(BASE, { method: 'PUT', body: '{}' }), 'unsupported-method'],
    ['DELETE', new Request(BASE, { method: 'DELETE' }), 'unsupported-method'],
    ['multipart', postRequest('x', 'multipart/form-data; boundary=x'), 'unsupported-content-type'],
    ['XML', postRequest('<a/>', 'application/xml'), 'unsupported-content-type'],
    ['a status without any id', postRequest('{"status":"delivered"}'), 'missing-id'],
    ['a v1 status with an empty id', getRequest('?id=&status=read'), 'missing-id'],
    [
      'an incoming message without id',
      postRequest('{"meta_object":{"value":{"messages":[{"from":"1","type":"text"}]}}}'),
      'missing-id',
    ],
    [
      'an upload without resumable_media_id',
      getRequest('?status="UPLOADED"&resumable_media_id=""&uploaded_file_handle="h"'),
      'missing-id',
    ],
    ['a template without either id', getRequest('?event="Approved"&message_template_id=""'), 'missing-id'],
    ['a flat incoming message without from', getRequest('?from=&type=text&body=hi'), 'missing-id'],
    [
      'a limit update without number',
      getRequest('?display_phone_number=&current_limit=TIER_1K'),
      'missing-id',
    ],
    [
      'a status with a masked timestamp',
      postRequest(
        '{"meta_object":{"value":{"statuses":[{"id":"x","status":"read","timestamp":"17XXXXXXXX"}]}}}',
      ),
      'bad-timestamp',
    ],
    [
      'a template with a word for a time',
      getRequest('?message_template_id=1&time=yesterday'),
      'bad-timestamp',
    ],
    [
      'a flat message with an impossible date',
      getRequest('?from=1&type=text&created_at=2024-13-45T00:00:00Z'),
      'bad-timestamp',
    ],
  ])('%s', async (_, request, reason) => {
    const result = await parse(request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.status).toBe(400);
    expect(result.rejection.reason).toBe(reason);
    expect(result.rejection.message.length).toBeGreaterThan(0);
  });

  it('names the field, never its value', async () => {
    const result = await parse(
      postRequest(
        '{"meta_object":{"value":{"statuses":[{"id":"x","status":"read","timestamp":"919812345678-secret"}]}}}',
      ),
    );
    expect(result).toMatchObject({
      ok: false,
      rejection: { reason: 'bad-timestamp', field: 'statuses[0].timestamp' },
    });
    expect(JSON.stringify(result)).not.toContain('919812345678');
  });

  it('refuses a body over the limit from its Content-Length without reading it', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => {
        pulled++;
        c.enqueue(new Uint8Array(10));
      },
    });
    const request = new Request(BASE, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'content-length': '2000000' },
      duplex: 'half',
    } as RequestInit);
    const result = await parseCallback(request);
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'body-too-large' } });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading an endless body just past maxBodyBytes', async () => {
    let sent = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(BASE, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    const result = await parseCallback(request, { maxBodyBytes: 64 * 1024 });
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'body-too-large' } });
    expect(sent).toBeLessThan(80 * 1024);
    expect(cancelled).toBe(true);
  });

  it('accepts a body of exactly maxBodyBytes', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(100) });
    const result = await parseCallback(postRequest(body), {
      maxBodyBytes: new TextEncoder().encode(body).length,
    });
    expect(result.ok).toBe(true);
  });

  it('reports an already-read body instead of throwing', async () => {
    const request = postRequest('{}');
    await request.text();
    const result = await parse(request);
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'unreadable-body' } });
  });

  it('never throws on something that is not a Request', async () => {
    const result = await parseCallback({} as Request);
    expect(result).toMatchObject({ ok: false, rejection: { reason: 'invalid-request' } });
  });

  it('reads a JSON body sent without a content type or as text/plain', async () => {
    for (const type of [null, 'text/plain']) {
      const result = await parse(postRequest('{"display_phone_number":"1","event":"FLAGGED"}', type));
      expect(result).toMatchObject({ ok: true, event: { kind: 'limit' } });
    }
  });

  it('keeps a __proto__ key as data', async () => {
    const result = await parse(getRequest('?__proto__=x&constructor=y&from=1&type=text&body=b'));
    expect(result).toMatchObject({ ok: true, event: { kind: 'incoming', from: '1' } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
