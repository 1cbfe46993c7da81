import type { Middleware } from 'openapi-fetch';
import type { KaleyraLogger } from '../transport/logger.js';
import { redactHeaders } from '../transport/redact.js';

/**
 * One debug line per request and response of the raw clients, headers masked. The logger passed
 * here is already the secret-scrubbing wrapper, so even a key that leaked into a URL is masked.
 */
export function loggingMiddleware(logger: KaleyraLogger): Middleware {
  return {
    onRequest({ request }) {
      logger.debug('kaleyra request', {
        method: request.method,
        path: new URL(request.url).pathname,
        headers: redactHeaders(request.headers),
      });
      return undefined;
    },
    onResponse({ request, response }) {
      logger.debug('kaleyra response', {
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
      });
      return undefined;
    },
  };
}
