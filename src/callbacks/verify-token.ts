import { KaleyraValidationError } from '../errors/validation-error.js';
import { timingSafeEqual } from './constant-time.js';

export interface CallbackTokenOptions {
  /** The shared secret placed in the callback profile's URL. An empty token never matches. */
  token: string;
  /** Query parameter that carries it. Default `token`. */
  param?: string;
  /** Look for the token as a path segment (`/kaleyra/<token>`) instead of a query parameter. */
  pathSegment?: boolean;
}

/**
 * Kaleyra signs no callback, so the profile URL carries a secret and the endpoint checks it.
 * Every path segment is compared (no early exit), so timing says nothing about which one matched.
 * Resolves false, never throws, on a malformed URL.
 */
export async function verifyCallbackToken(request: Request, options: CallbackTokenOptions): Promise<boolean> {
  try {
    const token = options.token;
    if (typeof token !== 'string' || token === '') return false;
    const url = new URL(request.url);
    if (options.pathSegment) {
      const segments = url.pathname
        .split('/')
        .filter((segment) => segment !== '')
        .map(decodeSegment);
      const matches = await Promise.all(segments.map((segment) => timingSafeEqual(segment, token)));
      return matches.reduce((any, match) => any || match, false);
    }
    const candidate = url.searchParams.get(options.param ?? 'token');
    return (await timingSafeEqual(candidate ?? '', token)) && candidate !== null;
  } catch {
    return false;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A token check for `authorize`, with the expected token checked once, at setup: a missing or
 * empty token throws a KaleyraValidationError there rather than refusing every callback later.
 */
export function callbackTokenVerifier(options: CallbackTokenOptions): (request: Request) => Promise<boolean> {
  if (typeof options?.token !== 'string' || options.token === '') {
    throw new KaleyraValidationError({
      field: 'token',
      rule: 'required',
      message: 'the expected token is missing or empty',
    });
  }
  const expected = { ...options };
  return (request) => verifyCallbackToken(request, expected);
}
