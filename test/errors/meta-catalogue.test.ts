import { describe, expect, it } from 'vitest';
import {
  createKaleyraClient,
  KaleyraApiError,
  lookupErrorCode,
  META_ERROR_CATALOGUE,
  parseCallback,
  type CallbackEvent,
} from '../../src/index.js';
import { ERROR_CATALOGUE } from '../../src/errors/catalogue.js';
import { startFakeKaleyra } from '../../src/testing/index.js';
import { useRecordingClient } from '../support/recording-client.js';

// Issue 20: Meta's failure codes arrive in failed statuses (and sometimes in API answers), and the
// catalogue knew none of them: lookupErrorCode('131047') was undefined.
const FAILURE_CODES = [
  '131047',
  '131026',
  '131049',
  '131050',
  '131051',
  '131053',
  '130472',
  '132000',
  '132001',
  '132012',
  '132015',
  '133010',
  '131056',
  '131021',
  '131031',
  '131048',
  '131042',
  '368',
];

describe("Meta's message-failure codes", () => {
  it.each(FAILURE_CODES)('%s has a meaning, an action and a retry hint', (code) => {
    const info = lookupErrorCode(code);
    expect(info?.meaning.length).toBeGreaterThan(10);
    expect(info?.action?.length).toBeGreaterThan(10);
    expect(['no', 'after-fix', 'later']).toContain(info?.retry);
  });

  it("reads a numeric code as its text, and keeps Kaleyra's catalogue apart", () => {
    expect(lookupErrorCode(131047)).toBe(META_ERROR_CATALOGUE['131047']);
    expect(lookupErrorCode('131047')?.meaning).toMatch(/24 hours/);
    expect(lookupErrorCode('131026')?.retry).toBe('no');
    expect(lookupErrorCode('131056')?.retry).toBe('later');
    for (const code of Object.keys(META_ERROR_CATALOGUE))
      expect(Object.hasOwn(ERROR_CATALOGUE, code)).toBe(false);
    expect(lookupErrorCode('999999')).toBeUndefined();
  });

  it('a failed status event carries the meaning of its error code', async () => {
    const events: CallbackEvent[] = [];
    const fake = await startFakeKaleyra({
      callbacks: async (request) => {
        const parsed = await parseCallback(request);
        if (parsed.ok) events.push(parsed.event);
        return new Response(null, { status: 200 });
      },
    });
    try {
      const kaleyra = createKaleyraClient({
        sid: 'HXAP16XXXXXX97IN',
        apiKey: 'meta-codes-key',
        baseUrl: fake.baseUrl,
        from: '+919876543210',
      });
      fake.failNext(1, '131047');
      const sent = await kaleyra.v2Messages.sendText({ to: '+919812345678', body: 'hi' });
      await fake.callbacksSent();
      const failed = events.find(
        (event) => event.kind === 'status' && event.messageId === sent.data.message_id,
      );
      expect(failed).toMatchObject({
        status: 'failed',
        errors: [{ code: '131047', meaning: META_ERROR_CATALOGUE['131047']!.meaning, retry: 'no' }],
      });
    } finally {
      await fake.stop();
    }
  });

  const t = useRecordingClient({ apiKey: 'meta-api-key', from: '+919876543210' });
  it('an API answer passing a Meta code through gets its meaning on KaleyraApiError', async () => {
    t.server.respondWith({
      status: 400,
      body: { code: '131009', message: 'Parameter value is not valid', data: {}, error: {} },
    });
    const error = await t.client.v2Messages
      .sendText({ to: '+919812345678', body: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaleyraApiError);
    expect((error as KaleyraApiError).meaning).toBe(META_ERROR_CATALOGUE['131009']!.meaning);
  });
});
