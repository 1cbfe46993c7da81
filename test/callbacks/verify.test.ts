import { describe, expect, it } from 'vitest';
import {
  createFetchCallbackHandler,
  timingSafeEqual,
  verifyBasicAuth,
  verifyCallbackToken,
} from '../../src/callbacks/index.js';
import { BASE } from './requests.js';

const TOKEN = 'tok_9f8e7d6c5b4a';

describe('timingSafeEqual', () => {
  it('answers right for many secrets in turn, past the cache of their MACs and back', async () => {
    const secrets = Array.from({ length: 40 }, (_, i) => `secret-${i}`);
    for (const round of [0, 1]) {
      for (const secret of round ? [...secrets].reverse() : secrets) {
        expect(await timingSafeEqual(secret, secret)).toBe(true);
        expect(await timingSafeEqual(`${secret}x`, secret)).toBe(false);
        expect(await timingSafeEqual(secret, `${secret}x`)).toBe(false);
      }
    }
  });

  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['ab', 'abc', false],
    ['abcd', 'abc', false],
    ['', '', true],
    ['ünï', 'ünï', true],
    ['ünï', 'uni', false],
  ])('%s vs %s', async (a, b, equal) => {
    expect(await timingSafeEqual(a, b)).toBe(equal);
  });
});

describe('verifyCallbackToken', () => {
  it('accepts the right query token and refuses others', async () => {
    const check = (query: string) => verifyCallbackToken(new Request(`${BASE}${query}`), { token: TOKEN });
    expect(await check(`?token=${TOKEN}`)).toBe(true);
    expect(await check(`?token=${TOKEN}x`)).toBe(false);
    expect(await check(`?token=${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(await check('?token=')).toBe(false);
    expect(await check('')).toBe(false);
    expect(await check(`?other=${TOKEN}`)).toBe(false);
  });

  it('uses a custom parameter name', async () => {
    const request = new Request(`${BASE}?k=${TOKEN}`);
    expect(await verifyCallbackToken(request, { token: TOKEN, param: 'k' })).toBe(true);
    expect(await verifyCallbackToken(request, { token: TOKEN })).toBe(false);
  });

  it('finds the token as a path segment', async () => {
    const options = { token: TOKEN, pathSegment: true };
    expect(await verifyCallbackToken(new Request(`https://h.example/kaleyra/${TOKEN}/status`), options)).toBe(
      true,
    );
    expect(await verifyCallbackToken(new Request(`https://h.example/kaleyra/${TOKEN}x`), options)).toBe(
      false,
    );
    expect(await verifyCallbackToken(new Request(`https://h.example/kaleyra?token=${TOKEN}`), options)).toBe(
      false,
    );
  });

  it('never accepts with an empty configured token', async () => {
    expect(await verifyCallbackToken(new Request(`${BASE}?token=`), { token: '' })).toBe(false);
    expect(await verifyCallbackToken(new Request(`${BASE}/`), { token: '', pathSegment: true })).toBe(false);
  });
});

describe('verifyBasicAuth', () => {
  const withAuth = (value?: string) =>
    new Request(BASE, value === undefined ? {} : { headers: { authorization: value } });
  const options = { username: 'kaleyra', password: 'p@ss:word' };

  it('accepts the right pair, whatever the scheme case', async () => {
    expect(await verifyBasicAuth(withAuth(`Basic ${btoa('kaleyra:p@ss:word')}`), options)).toBe(true);
    expect(await verifyBasicAuth(withAuth(`basic ${btoa('kaleyra:p@ss:word')}`), options)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['wrong password', `Basic ${btoa('kaleyra:p@ss:wordx')}`],
    ['wrong user', `Basic ${btoa('Kaleyra:p@ss:word')}`],
    ['bearer', `Bearer ${btoa('kaleyra:p@ss:word')}`],
    ['not base64', 'Basic %%%'],
    ['empty', 'Basic '],
  ])('refuses %s', async (_, header) => {
    expect(await verifyBasicAuth(withAuth(header), options)).toBe(false);
  });

  it('never accepts with empty configured credentials', async () => {
    expect(await verifyBasicAuth(withAuth(`Basic ${btoa(':')}`), { username: '', password: '' })).toBe(false);
  });
});

describe('privacy', () => {
  it('no response body carries the secret, whatever the outcome', async () => {
    const handler = createFetchCallbackHandler(() => undefined, {
      authorize: (request) => verifyCallbackToken(request, { token: TOKEN }),
    });
    const requests = [
      new Request(`${BASE}?token=${TOKEN}&display_phone_number=1&event=FLAGGED`),
      new Request(`${BASE}?token=${TOKEN}`, {
        method: 'POST',
        body: '{bad',
        headers: { 'content-type': 'application/json' },
      }),
      new Request(`${BASE}?token=${TOKEN}`, { method: 'PATCH', body: '{}' }),
      new Request(`${BASE}?token=${TOKEN.slice(0, 8)}`),
      new Request(`${BASE}?token=${TOKEN}&status=sent`),
    ];
    for (const request of requests) {
      const text = await (await handler(request)).text();
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 8));
    }
  });
});
