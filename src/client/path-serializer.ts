import { defaultPathSerializer } from 'openapi-fetch';

/**
 * openapi-fetch percent-encodes path parameters, turning `+919876543210` into `%2B919876543210`.
 * A `+` is legal in a path segment and is what Kaleyra's own samples send, so it is kept as is: a
 * gateway that does not decode the segment would otherwise see a different number.
 */
export function kaleyraPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  return defaultPathSerializer(pathname, pathParams).replace(/%2B/gi, '+');
}
