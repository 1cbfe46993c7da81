import { KaleyraUnexpectedResponseError } from '../errors/unexpected-response-error.js';
import { runRequest } from '../transport/run-request.js';
import type { CallOptions, ResolvedClientOptions } from './options.js';
import { streamingInit, type RequestBody } from './request-body.js';

/**
 * The fetch a high-level call hands to openapi-fetch: it sends the Request openapi-fetch built
 * (auth middleware already applied) under the client's timeout and retry policy, and turns every
 * non-2xx answer into a typed KaleyraApiError, so openapi-fetch only ever sees success.
 */
export interface PolicyOptions {
  /**
   * The answer must carry a body (a message id, a media id): an empty 2xx answer is reported as a
   * KaleyraUnexpectedResponseError (accepted) instead of resolving to nothing.
   */
  expectBody?: boolean;
}

export function policyFetch(client: ResolvedClientOptions, call: CallOptions | undefined, body: RequestBody | undefined, policy: PolicyOptions = {}) {
  return async (request: Request): Promise<Response> => {
    const url = request.url;
    const method = request.method;
    const headers = request.headers;
    const path = new URL(url).pathname;
    const response = await runRequest({
      method,
      path,
      maxRetries: call?.maxRetries ?? client.maxRetries,
      timeoutMs: call?.timeoutMs ?? client.timeoutMs,
      retryMaybeDelivered: call?.retryMaybeDelivered ?? client.retryMaybeDelivered,
      replayable: body?.replayable ?? true,
      secrets: [client.apiKey],
      ...(call?.signal ? { signal: call.signal } : {}),
      ...(client.logger ? { logger: client.logger } : {}),
      attempt: (signal, attempt) => {
        // A redirect would make fetch send the message again to another URL (and keep the whole
        // upload in memory to be able to): refuse it.
        if (attempt === 1) return client.fetch(request, { signal, redirect: 'error' });
        const init: RequestInit & { duplex?: 'half' } = { method, headers, signal, redirect: 'error' };
        if (body) {
          init.body = body.again();
          if (body.streamed) init.duplex = 'half';
        }
        return client.fetch(url, init);
      },
    });
    return jsonSuccess(response, method, path, client.apiKey, policy.expectBody === true);
  };
}

/**
 * Passes a JSON answer through untouched. One page documents a `text/plain` answer, so a body with
 * another content type is read: JSON text is handed on as JSON, anything else becomes a
 * KaleyraUnexpectedResponseError saying the request was accepted, instead of a bare SyntaxError.
 */
async function jsonSuccess(response: Response, method: string, path: string, apiKey: string, expectBody: boolean): Promise<Response> {
  const contentType = response.headers.get('content-type') ?? undefined;
  const unexpected = (body: string) => new KaleyraUnexpectedResponseError({ method, path, status: response.status, contentType, body, secrets: [apiKey] });
  const declaredEmpty = response.status === 204 || response.headers.get('content-length') === '0';
  if (declaredEmpty) {
    if (expectBody) throw unexpected('');
    return response;
  }
  if (contentType !== undefined && /\bjson\b/i.test(contentType)) return response;
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  if (text.trim() === '') {
    if (expectBody) throw unexpected(text);
    return new Response(null, { status: response.status, statusText: response.statusText, headers });
  }
  try {
    JSON.parse(text);
  } catch {
    throw unexpected(text);
  }
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The openapi-fetch options every high-level call with a body passes: the prepared body, its
 * headers (a multipart boundary), `duplex` for a stream, and the policy fetch that can re-send it.
 */
export function sendWithPolicy(client: ResolvedClientOptions, call: CallOptions | undefined, body: RequestBody, policy: PolicyOptions = {}) {
  return {
    bodySerializer: () => body.first,
    headers: body.headers,
    ...streamingInit(body),
    fetch: policyFetch(client, call, body, policy),
  };
}
