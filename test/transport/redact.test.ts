import { describe, expect, it } from 'vitest';
import { redactHeaders } from '../../src/errors/redact-headers.js';

const KEY = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('redactHeaders', () => {
  it('masks credential headers fully, whatever the case of the name', () => {
    const out = redactHeaders(
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
    expect(redactHeaders({ 'api-key': '' })).toEqual({ 'api-key': '' });
  });

  it('accepts plain records (with array values) and entry lists', () => {
    expect(redactHeaders({ 'Api-Key': KEY, Accept: ['a', 'b'] })).toEqual({
      'api-key': '***',
      accept: 'a, b',
    });
    expect(redactHeaders([['x-api-key', KEY]])).toEqual({ 'x-api-key': '***' });
  });

  it('scrubs a declared secret copied into any other header', () => {
    expect(redactHeaders({ 'x-debug': `key=${KEY}` }, [KEY])).toEqual({ 'x-debug': 'key=[REDACTED]' });
  });

  it('never leaks any part of the key', () => {
    const text = JSON.stringify(redactHeaders({ 'api-key': KEY }));
    for (const part of [KEY.slice(0, 4), KEY.slice(-4), String(KEY.length)]) expect(text).not.toContain(part);
  });
});
