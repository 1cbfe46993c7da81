import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KaleyraApiError,
  KaleyraAuthenticationError,
  KaleyraBadRequestError,
  KaleyraPayloadTooLargeError,
  KaleyraRateLimitError,
  KaleyraServerError,
} from '../../src/errors/api-error.js';
import { lookupErrorCode } from '../../src/errors/catalogue.js';
import { decodeApiError, MAX_ERROR_BODY_CHARS } from '../../src/errors/decode.js';
import {
  startRecordingServer,
  type RecordingServer,
  type ScriptedResponse,
} from '../support/recording-server.js';
import { errorExamples, knownErrorCodes } from './spec-errors.js';

const CLASS_BY_STATUS: Record<number, typeof KaleyraApiError> = {
  400: KaleyraBadRequestError,
  401: KaleyraAuthenticationError,
  413: KaleyraPayloadTooLargeError,
  429: KaleyraRateLimitError,
  500: KaleyraServerError,
};

const PATH = '/v2/HXAP16XXXXXX97IN/whatsapp/15044XXXX142241/messages';

let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());

async function decodeFrom(
  scripted: ScriptedResponse,
  path = PATH,
  method = 'POST',
): Promise<KaleyraApiError> {
  server.respondWith(scripted);
  const response = await fetch(server.url + path, { method, body: method === 'GET' ? undefined : '{}' });
  return decodeApiError(response, { method, path });
}

describe('decodeApiError: documented failure bodies', () => {
  const statusOf = new Map(knownErrorCodes().map((k) => [k.code, k.httpStatus]));
  const examples = errorExamples();

  it('covers every example file', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
  });

  it.each(examples)('$file decodes to its class, code and fields', async (example) => {
    const status = statusOf.get(example.code);
    expect(status, `${example.code} is not in KnownErrorCode.yaml`).toBeDefined();
    const { file: _file, ...envelope } = example;

    const error = await decodeFrom({ status: status!, body: envelope });

    expect(error).toBeInstanceOf(CLASS_BY_STATUS[status!]);
    expect(error.status).toBe(status);
    expect(error.code).toBe(example.code);
    expect(error.normalizedCode).toBe(example.code.replace(/-/g, ''));
    expect(error.serverMessage).toBe(example.message);
    expect(error.message).toContain(example.message.trim());
    expect(error.message).toContain(`POST ${PATH}`);
    expect(error.fieldErrors).toEqual(
      typeof example.error === 'string' ? { error: example.error } : example.error,
    );
    expect(error.parsed).toEqual(envelope);
    expect(error.meaning).toBe(lookupErrorCode(example.code)?.meaning);
    expect(error.meaning).toBeDefined();
    expect(error.retryHint).toBe(lookupErrorCode(example.code)?.retry);
  });

  it('makes WA-401 and WA401 compare equal through normalizedCode', async () => {
    const hyphen = await decodeFrom({
      status: 401,
      body: { code: 'WA-401', message: 'x', data: {}, error: {} },
    });
    const plain = await decodeFrom({
      status: 401,
      body: { code: 'WA401', message: 'x', data: {}, error: {} },
    });
    expect(hyphen.code).toBe('WA-401');
    expect(hyphen.normalizedCode).toBe(plain.normalizedCode);
  });
});

describe('decodeApiError: bodies that are not the envelope', () => {
  it('turns a proxy HTML 502 into a readable KaleyraServerError keeping the page', async () => {
    const html =
      '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const error = await decodeFrom({
      status: 502,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: html,
    });

    expect(error).toBeInstanceOf(KaleyraServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
    expect(error.normalizedCode).toBeUndefined();
    expect(error.message).toBe(
      `HTTP 502 Bad Gateway from POST ${PATH}: the body was not Kaleyra's JSON error envelope (text/html, ${html.length} bytes, title "502 Bad Gateway")`,
    );
    expect(error.body).toBe(html);
    expect(error.parsed).toBeUndefined();
    expect(error.fieldErrors).toEqual({});
    expect(error.retryHint).toBe('later');
  });

  it('describes an empty 500', async () => {
    const error = await decodeFrom({ status: 500 });
    expect(error).toBeInstanceOf(KaleyraServerError);
    expect(error.message).toBe(
      `HTTP 500 Internal Server Error from POST ${PATH}: the response body was empty`,
    );
    expect(error.body).toBe('');
  });

  it('keeps the status and the code of a truncated JSON 400', async () => {
    const truncated = '{"code":"WA400","message":"Refer to correct pay';
    const error = await decodeFrom({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: truncated,
    });
    expect(error).toBeInstanceOf(KaleyraBadRequestError);
    expect(error.code).toBe('WA400');
    expect(error.meaning).toBeDefined();
    expect(error.message).toContain('truncated or invalid JSON');
    expect(error.message).toContain(`(application/json, ${truncated.length} bytes)`);
    expect(error.body).toBe(truncated);
    expect(error.parsed).toBeUndefined();
  });

  it('keeps JSON that is not an envelope as parsed, with a readable message', async () => {
    const error = await decodeFrom({ status: 403, body: { detail: 'Forbidden by WAF' } });
    expect(error.constructor).toBe(KaleyraApiError);
    expect(error.parsed).toEqual({ detail: 'Forbidden by WAF' });
    expect(error.message).toContain("JSON but not Kaleyra's error envelope");
  });

  it('caps a huge body and says it did', async () => {
    const big = 'x'.repeat(200_000);
    const error = await decodeFrom({ status: 503, headers: { 'content-type': 'text/plain' }, body: big });
    expect(error.body.length).toBe(MAX_ERROR_BODY_CHARS);
    expect(error.bodyTruncated).toBe(true);
    expect(error.message).toMatch(/over \d+ bytes/);
  });

  it('reads Retry-After onto a 429 (seconds form)', async () => {
    const error = await decodeFrom({
      status: 429,
      headers: { 'retry-after': '7' },
      body: { code: 'WA429', message: 'Too many requests' },
    });
    expect(error).toBeInstanceOf(KaleyraRateLimitError);
    expect((error as KaleyraRateLimitError).retryAfterMs).toBe(7000);
  });

  it('leaves retryAfterMs undefined when no Retry-After was sent', async () => {
    const error = await decodeFrom({ status: 429, body: { code: 'WA429', message: 'Too many requests' } });
    expect((error as KaleyraRateLimitError).retryAfterMs).toBeUndefined();
  });

  it('keeps statuses without a family of their own as KaleyraApiError with a hint from the status', async () => {
    const error = await decodeFrom({ status: 404, body: { code: 'XX404', message: 'Not found' } });
    expect(error.constructor).toBe(KaleyraApiError);
    expect(error.meaning).toBeUndefined();
    expect(error.retryHint).toBe('no');
  });

  it('reports only the path: no query string, host or credentials', async () => {
    server.respondWith({ status: 400, body: { code: 'E419', message: 'm' } });
    const response = await fetch(`${server.url}${PATH}?api-key=abc`, { method: 'POST', body: '' });
    const error = await decodeApiError(response, {
      method: 'post',
      path: `https://sid:abc@api.kaleyra.io${PATH}?api-key=abc#x`,
    });
    expect(error.path).toBe(PATH);
    expect(error.method).toBe('POST');
    expect(error.message).not.toContain('abc');
  });
});
