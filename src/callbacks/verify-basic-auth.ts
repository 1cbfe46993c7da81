import { timingSafeEqual } from './constant-time.js';

import { KaleyraValidationError } from '../errors/validation-error.js';

export interface BasicAuthOptions {
  /** The user name set on the callback profile. */
  username: string;
  /** The password set on the callback profile. */
  password: string;
}

/**
 * Checks the Basic credentials a callback profile can be set to send. The whole `user:password`
 * pair is compared at once, so timing cannot tell a wrong user from a wrong password. Resolves
 * false, never throws, on a missing or malformed header; empty configured credentials never match.
 */
export async function verifyBasicAuth(request: Request, options: BasicAuthOptions): Promise<boolean> {
  try {
    // A credential left unset (an env variable never filled) must never turn into "user:undefined".
    if (!isSet(options?.username) || !isSet(options.password)) return false;
    const expected = `${options.username}:${options.password}`;
    const header = request.headers.get('authorization') ?? '';
    const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
    const supplied = match ? decodeBase64(match[1]!) : undefined;
    const equal = await timingSafeEqual(supplied ?? '', expected);
    return equal && supplied !== undefined;
  } catch {
    return false;
  }
}

function decodeBase64(value: string): string | undefined {
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isSet(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * A Basic-auth check for `authorize`, with the expected credentials checked once, at setup: a
 * missing or empty user name or password throws a KaleyraValidationError there, instead of a
 * receiver that silently refuses (or, worse, accepts) every callback.
 */
export function basicAuthVerifier(options: BasicAuthOptions): (request: Request) => Promise<boolean> {
  for (const field of ['username', 'password'] as const) {
    if (!isSet(options?.[field])) {
      throw new KaleyraValidationError({
        field,
        rule: 'required',
        message: 'the expected credential is missing or empty',
      });
    }
  }
  const expected = { username: options.username, password: options.password };
  return (request) => verifyBasicAuth(request, expected);
}
