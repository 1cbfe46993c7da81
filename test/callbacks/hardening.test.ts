import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  basicAuthVerifier,
  callbackTokenVerifier,
  KaleyraValidationError,
  parseCallback,
  verifyBasicAuth,
} from '../../src/index.js';
import { createNodeCallbackHandler } from '../../src/node/index.js';

// Issue 8, behaviours 7 and 12: receivers that cannot be set up to accept anyone, and bodies that
// arrive too slowly, nest too deep or are not UTF-8.
const BASE = 'https://hooks.example.com/kaleyra';

describe('7. an expected credential must be set', () => {
  it('a password left unset never accepts user:undefined', async () => {
    const request = new Request(BASE, { headers: { authorization: `Basic ${btoa('user:undefined')}` } });
    const unset = { username: 'user', password: undefined as unknown as string };
    expect(await verifyBasicAuth(request, unset)).toBe(false);
  });

  it.each([
    ['no password', { username: 'user' }],
    ['empty user', { username: '', password: 'secret-pass' }],
  ])('basicAuthVerifier with %s throws at setup', (_name, options) => {
    expect(() => basicAuthVerifier(options as never)).toThrow(KaleyraValidationError);
  });

  it('callbackTokenVerifier with a missing or empty token throws at setup, and checks a set one', async () => {
    expect(() => callbackTokenVerifier({ token: '' })).toThrow(KaleyraValidationError);
    expect(() => callbackTokenVerifier({} as never)).toThrow(KaleyraValidationError);
    const verify = callbackTokenVerifier({ token: 'a-long-secret' });
    expect(await verify(new Request(`${BASE}?token=a-long-secret`))).toBe(true);
    expect(await verify(new Request(`${BASE}?token=other`))).toBe(false);
    const basic = basicAuthVerifier({ username: 'u', password: 'p' });
    expect(await basic(new Request(BASE, { headers: { authorization: `Basic ${btoa('u:p')}` } }))).toBe(true);
  });
});

describe('12. callback bodies', () => {
  const post = (body: BodyInit) =>
    new Request(BASE, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('invalid UTF-8 is a typed rejection, not replaced silently', async () => {
    const result = await parseCallback(
      post(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    );
    expect(result).toMatchObject({ ok: false, rejection: { status: 400, reason: 'invalid-utf8' } });
  });

  it('JSON nested past the cap is refused before parsing; ordinary nesting passes', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(await parseCallback(post(deep))).toMatchObject({ ok: false, rejection: { reason: 'too-deep' } });
    const shallow = await parseCallback(post(JSON.stringify({ a: { b: { c: ['[', '{{{{'] } } })));
    expect(shallow.ok).toBe(true);
  });

  // Issue 20: the cap was checked on the body text only, so a flat profile's variable holding a
  // string of deep JSON was parsed without it and JSON.stringify(event) threw RangeError.
  const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
  it.each([
    ['message', 'unsupported', `{"type":"unsupported","x":${deep}}`],
    ['contacts', 'contacts', `[${deep}]`],
  ])(
    'a flat profile variable (%s) holding JSON nested past the cap stays text',
    async (variable, type, value) => {
      const query = new URLSearchParams({
        from: '919000000001',
        type,
        created_at: '1603914166',
        [variable]: value,
      });
      const result = await parseCallback(new Request(`${BASE}?${query}`));
      expect(result.ok).toBe(true);
      expect(() => JSON.stringify(result)).not.toThrow();
    },
  );

  it('a flat profile variable with ordinary nesting is still parsed', async () => {
    const contacts = JSON.stringify([
      { name: { formatted_name: 'Asha' }, phones: [{ phone: '+919812345678' }] },
    ]);
    const query = new URLSearchParams({
      from: '919000000001',
      type: 'contacts',
      created_at: '1603914166',
      contacts,
    });
    expect(await parseCallback(new Request(`${BASE}?${query}`))).toMatchObject({
      ok: true,
      event: { kind: 'incoming', message: { type: 'contacts', contacts: [{ formattedName: 'Asha' }] } },
    });
  });

  const servers: { close(): void }[] = [];
  afterEach(() => servers.splice(0).forEach((s) => s.close()));

  it('the Node handler answers 408 to a trickled body', async () => {
    const server = createServer(createNodeCallbackHandler(() => undefined, { bodyTimeoutMs: 300 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => (server.closeAllConnections(), server.close()) });
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/kaleyra',
          headers: { 'content-type': 'application/json', 'content-length': '1000' },
        },
        (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
        },
      );
      req.on('error', reject);
      req.write('{"a":');
      // ...and the remaining bytes never come.
    });
    expect(status).toBe(408);
  });
});
