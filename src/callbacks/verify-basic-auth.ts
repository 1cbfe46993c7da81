import { timingSafeEqual } from './constant-time.js';

export interface BasicAuthOptions {
  username: string;
  password: string;
}

/**
 * Checks the Basic credentials a callback profile can be set to send. The whole `user:password`
 * pair is compared at once, so timing cannot tell a wrong user from a wrong password. Resolves
 * false, never throws, on a missing or malformed header; empty configured credentials never match.
 */
export async function verifyBasicAuth(request: Request, options: BasicAuthOptions): Promise<boolean> {
  try {
    if (!options.username && !options.password) return false;
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
