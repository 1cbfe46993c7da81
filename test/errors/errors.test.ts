import { describe, expect, it } from 'vitest';
import {
  KaleyraApiError,
  KaleyraAuthenticationError,
  KaleyraBadRequestError,
  KaleyraPayloadTooLargeError,
  KaleyraRateLimitError,
  KaleyraServerError,
  createApiError,
} from '../../src/errors/api-error.js';
import { KaleyraAbortError } from '../../src/errors/abort-error.js';
import { KaleyraConnectionError } from '../../src/errors/connection-error.js';
import { KaleyraError } from '../../src/errors/kaleyra-error.js';
import { toSafePath } from '../../src/errors/request-path.js';
import { KaleyraTimeoutError } from '../../src/errors/timeout-error.js';
import { KaleyraValidationError } from '../../src/errors/validation-error.js';

describe('KaleyraValidationError', () => {
  it('names the field and the rule in its message', () => {
    const error = new KaleyraValidationError({
      field: 'to',
      rule: 'e164',
      message: 'must start with + and a country code',
    });
    expect(error).toBeInstanceOf(KaleyraError);
    expect(error.name).toBe('KaleyraValidationError');
    expect(error.message).toContain('to');
    expect(error.message).toContain('e164');
    expect(error).toMatchObject({
      field: 'to',
      rule: 'e164',
      detail: 'must start with + and a country code',
    });
  });

  it('accepts positional arguments too', () => {
    const error = new KaleyraValidationError(
      'media.file_name',
      'max-length',
      'is longer than 255 characters',
    );
    expect(error.toJSON()).toMatchObject({
      name: 'KaleyraValidationError',
      field: 'media.file_name',
      rule: 'max-length',
    });
  });
});

describe('KaleyraApiError family', () => {
  const init = { method: 'post', path: '/v2/SID/whatsapp/1/messages', detail: 'x' };

  it.each([
    [400, KaleyraBadRequestError],
    [401, KaleyraAuthenticationError],
    [413, KaleyraPayloadTooLargeError],
    [429, KaleyraRateLimitError],
    [500, KaleyraServerError],
    [503, KaleyraServerError],
  ] as const)('status %i becomes %o', (status, cls) => {
    const error = createApiError({ ...init, status });
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(KaleyraApiError);
    expect(error.name).toBe(cls.name);
    expect(error.stack?.split('\n')[0]).toContain(cls.name);
  });

  it.each([403, 404, 409, 422])('status %i stays KaleyraApiError', (status) => {
    expect(createApiError({ ...init, status }).constructor).toBe(KaleyraApiError);
  });

  it('serializes its safe fields', () => {
    const error = createApiError({
      ...init,
      status: 401,
      code: 'WA-401',
      serverMessage: ' m',
      fieldErrors: { account: 'm' },
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'KaleyraAuthenticationError',
      status: 401,
      code: 'WA-401',
      normalizedCode: 'WA401',
      fieldErrors: { account: 'm' },
      method: 'POST',
      retryHint: 'after-fix',
    });
  });
});

describe('errors without an HTTP answer', () => {
  it('say whether the request may have been processed', () => {
    const refused = new KaleyraConnectionError({
      method: 'POST',
      path: '/p',
      reachedServer: false,
      code: 'ECONNREFUSED',
    });
    const reset = new KaleyraConnectionError({
      method: 'POST',
      path: '/p',
      reachedServer: 'unknown',
      code: 'ECONNRESET',
    });
    expect(refused.message).toContain('not sent');
    expect(reset.message).toContain('may have reached');
    expect(new KaleyraTimeoutError({ method: 'POST', path: '/p', timeoutMs: 5 }).message).toContain(
      'may have reached',
    );
  });

  it('keep only name, code and message of the cause', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', address: '10.0.0.1' }),
      request: { headers: { 'api-key': 'k' } },
    });
    const error = new KaleyraConnectionError({ method: 'POST', path: '/p', reachedServer: false, cause });
    expect(error.cause).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    });
  });

  it('abort errors carry the reason safely', () => {
    const error = new KaleyraAbortError({ method: 'GET', path: '/p', reason: new Error('user left') });
    expect(error.cause).toEqual({ name: 'Error', message: 'user left' });
  });
});

describe('toSafePath', () => {
  it.each([
    ['/v1/SID/messages?api-key=k', '/v1/SID/messages'],
    ['https://sid:key@api.kaleyra.io/v1/SID/messages?x=1#f', '/v1/SID/messages'],
    ['//user:pw@host/p', '/p'],
    ['https://api.kaleyra.io', '/'],
    ['https://api.kaleyra.io?api-key=k', '/'],
    ['/v2/SID/whatsapp/1/media#frag', '/v2/SID/whatsapp/1/media'],
  ])('%s -> %s', (input, expected) => {
    expect(toSafePath(input)).toBe(expected);
  });
});
