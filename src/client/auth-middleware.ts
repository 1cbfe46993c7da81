import type { Middleware } from 'openapi-fetch';

/**
 * Adds the `api-key` header to every request of a raw client. Kept in middleware so no call site
 * handles the key, and so the key is set after the caller's headers (a caller cannot send a stale one).
 */
export function authMiddleware(apiKey: string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('api-key', apiKey);
      return request;
    },
  };
}
