import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { Redactor } from '../../src/redaction/redactor.js';

const KEY = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('Redactor.headers', () => {
  it('masks credential headers fully, whatever the case of the name', () => {
    const out = Redactor.none.headers(
      new Headers({
        'API-Key': KEY,
        Authorization: `Bearer ${KEY}`,
        Cookie: 'session=abc',
        'content-type': 'application/json',
      }),
    );
    expect(out).toEqual({
      'api-key': '***',
      authorization: '***',
      cookie: '***',
      'content-type': 'application/json',
    });
  });

  it('shows that a credential header is empty, since that reveals nothing', () => {
    expect(Redactor.none.headers({ 'api-key': '' })).toEqual({ 'api-key': '' });
  });

  it('accepts plain records (with array values) and entry lists', () => {
    expect(Redactor.none.headers({ 'Api-Key': KEY, Accept: ['a', 'b'] })).toEqual({
      'api-key': '***',
      accept: 'a, b',
    });
    expect(Redactor.none.headers([['x-api-key', KEY]])).toEqual({ 'x-api-key': '***' });
  });

  it('scrubs a declared secret copied into any other header', () => {
    expect(new Redactor(KEY).headers({ 'x-debug': `key=${KEY}` })).toEqual({ 'x-debug': 'key=[REDACTED]' });
  });

  it('never leaks any part of the key', () => {
    const text = JSON.stringify(Redactor.none.headers({ 'api-key': KEY }));
    for (const part of [KEY.slice(0, 4), KEY.slice(-4), String(KEY.length)]) expect(text).not.toContain(part);
  });
});

describe('Redactor.text', () => {
  it('removes every occurrence, raw and URL-encoded, longest hidden value first', () => {
    const key = 'ab+cd/ef==';
    expect(new Redactor(key).text(`${key} and ${encodeURIComponent(key)} and ${key}`)).toBe(
      '[REDACTED] and [REDACTED] and [REDACTED]',
    );
    expect(new Redactor('abc', 'abcdef').text('abcdef')).toBe('[REDACTED]');
  });

  it('ignores empty values instead of redacting between every character', () => {
    expect(new Redactor('', 'zz').text('text')).toBe('text');
    expect(Redactor.none.text('text')).toBe('text');
  });
});

describe('a Redactor printed', () => {
  it('shows no key through inspect, JSON or String', () => {
    const redactor = new Redactor(KEY);
    const shown = [inspect(redactor, { showHidden: true, depth: Infinity }), JSON.stringify({ redactor })];
    for (const text of shown) expect(text).not.toContain(KEY);
    expect(redactor.reveal()).toBe(KEY);
  });
});
