import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraValidationError } from '../../src/index.js';
import { sendMany, type BroadcastJob, type BroadcastResult } from '../../src/broadcast/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// sendMany reads every `to` against the numbering plan before anything is sent, and with a default
// country turns local numbers into E.164. Checked on the wire of a real loopback server: what
// arrives is the number Kaleyra would deliver to.
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const client = () =>
  createKaleyraClient({
    sid: 'HXAP16XXXXXX97IN',
    apiKey: 'recipient-test-key',
    baseUrl: server.url,
    from: '+919876543210',
  });
const v2 = (key: string, to: string): BroadcastJob => ({
  key,
  api: 'v2',
  kind: 'text',
  message: { to, body: key },
});

async function run(jobs: BroadcastJob[], defaultCountry?: 'IN' | 'GB') {
  const results = new Map<string, BroadcastResult>();
  for await (const result of sendMany(client(), jobs, {
    concurrency: 2,
    ...(defaultCountry ? { defaultCountry } : {}),
  }))
    results.set(result.key, result);
  const sentTo = server.requests.map((request) => {
    if (request.form) return request.form.to;
    const body = request.json as { messaging_object: { to: string; text: { body: string } } };
    return `${body.messaging_object.text.body}:${body.messaging_object.to}`;
  });
  return { results, sentTo };
}

describe('sendMany recipients: one rule, the numbering plan, a default country', () => {
  it('refuses a number without + and country code when no default country is named: it would go to +98', async () => {
    const { results, sentTo } = await run([v2('local', '9812345678'), v2('full', '+919812345678')]);
    expect(results.get('local')).toMatchObject({ outcome: 'rejected', field: 'to', rule: 'country-code' });
    expect(results.get('local')).toMatchObject({ reason: expect.stringContaining('--default-country') });
    expect(sentTo).toEqual(['full:+919812345678']);
  });

  it('with defaultCountry IN, sends local numbers (with separators, a trunk 0, or 91 without +) to their E.164 form', async () => {
    const { results, sentTo } = await run(
      [v2('a', '9812345678'), v2('b', '098123 45679'), v2('c', '919812345670'), v2('d', '+44 7911 123456')],
      'IN',
    );
    expect([...results.values()].every((r) => r.outcome === 'accepted')).toBe(true);
    expect(sentTo.sort()).toEqual([
      'a:+919812345678',
      'b:+919812345679',
      'c:+919812345670',
      'd:+447911123456',
    ]);
  });

  it('rejects numbers outside the numbering plan, each with its rule, and sends none of them', async () => {
    const { results, sentTo } = await run(
      [
        v2('fictional', '+15555550100'), // the 555-01xx range is reserved for fiction
        v2('short', '+9198123'),
        v2('no-country', '+2991234567'), // +299 is Greenland: 6 digits, not 10
        v2('excel', '9.19812E+11'),
        v2('letters', '+91 98123 CALL'),
      ],
      'IN',
    );
    expect(sentTo).toEqual([]);
    for (const key of ['fictional', 'short', 'no-country'])
      expect(results.get(key), key).toMatchObject({
        outcome: 'rejected',
        field: 'to',
        rule: 'numbering-plan',
      });
    expect(results.get('excel')).toMatchObject({
      rule: 'e164',
      reason: expect.stringContaining('scientific notation'),
    });
    expect(results.get('letters')).toMatchObject({ rule: 'e164' });
    // The reason names the rule, never the number: results end up in logs.
    for (const result of results.values()) expect(JSON.stringify(result)).not.toMatch(/9812|5555|2991/);
  });

  it('checks each of a v1 job’s several recipients and names the bad entry', async () => {
    const { results, sentTo } = await run(
      [
        { key: 'v1-list', api: 'v1', kind: 'text', message: { to: ['+919812345678', '12'], body: 'x' } },
        { key: 'v1-ok', api: 'v1', kind: 'text', message: { to: '9812345678,+447911123456', body: 'x' } },
      ],
      'IN',
    );
    expect(results.get('v1-list')).toMatchObject({
      outcome: 'rejected',
      rule: 'numbering-plan',
      reason: expect.stringMatching(/^to entry 2 /),
    });
    expect(sentTo).toEqual(['+919812345678,+447911123456']);
  });

  it('refuses an unknown default country before anything is sent', async () => {
    // As it comes from a config file or an environment variable: any string. The shape is checked
    // at once; whether a numbering plan knows the country, once the plans are loaded (first use).
    for (const country of ['India', 'in']) {
      const start = () => sendMany(client(), [v2('k', '+919812345678')], { defaultCountry: country as 'IN' });
      expect(start).toThrow(KaleyraValidationError);
      expect(start).toThrow(/defaultCountry \(country\)/);
    }
    const unknown = sendMany(client(), [v2('k', '+919812345678')], { defaultCountry: 'XX' as 'IN' });
    await expect(unknown.summary()).rejects.toMatchObject({ field: 'defaultCountry', rule: 'country' });
    expect(server.requests).toHaveLength(0);
  });
});
