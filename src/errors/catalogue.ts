import { META_ERROR_CATALOGUE } from './meta-catalogue.js';

/**
 * What retrying the very same request can achieve:
 * - `no`: the request itself is wrong (a missing field, a bad number, a file too large); only a
 *   different request can succeed.
 * - `after-fix`: the request is fine but the account is not (balance, key, onboarding); the same
 *   request succeeds once the caller fixes that.
 * - `later`: the same request may succeed with time alone (rate limit, server fault, daily limit).
 */
export type RetryHint = 'no' | 'after-fix' | 'later';

export interface ErrorCodeInfo {
  /** The HTTP status the documentation shows the code with. */
  readonly httpStatus: number;
  /** What the code means, in the documentation's words, for a person. */
  readonly meaning: string;
  /** Whether sending the same request again can succeed (see RetryHint). */
  readonly retry: RetryHint;
  /** What to do about it, for a person, where the meaning alone does not say. */
  readonly action?: string;
}

/**
 * Every code Kaleyra's documentation shows (spec/components/schemas/KnownErrorCode.yaml), keyed by
 * its normalized spelling so `WA-401` and `WA401` share one entry. The server may send codes
 * that are not here; callers must cope with a miss.
 */
export const ERROR_CATALOGUE: Readonly<Record<string, ErrorCodeInfo>> = Object.freeze({
  E110: { httpStatus: 400, meaning: 'Insufficient balance; top up, then send again.', retry: 'after-fix' },
  E419: { httpStatus: 400, meaning: 'For type=media, one of media / media_url is mandatory.', retry: 'no' },
  E424: {
    httpStatus: 400,
    meaning: 'For type=template / mediatemplate, template_name is mandatory and cannot be empty.',
    retry: 'no',
  },
  E438: { httpStatus: 400, meaning: 'A type=text message cannot carry a media URL.', retry: 'no' },
  E13001: {
    httpStatus: 400,
    meaning: 'Request validation failed: a required value is missing or has the wrong type.',
    retry: 'no',
  },
  E13008: { httpStatus: 400, meaning: 'Invalid or incorrect `from` number (from_invalid).', retry: 'no' },
  E13009: { httpStatus: 400, meaning: 'Invalid or incorrect `to` number (to_invalid).', retry: 'no' },
  E13012: { httpStatus: 400, meaning: 'Invalid media content (invalid_media).', retry: 'no' },
  E13014: { httpStatus: 400, meaning: 'The media file failed to upload (invalid_media).', retry: 'no' },
  WA400: {
    httpStatus: 400,
    meaning:
      'The payload is not in the documented format, or the upload file name breaks the file-name rules.',
    retry: 'no',
  },
  // Time alone fixes it (the limit resets daily), but on the scale of hours: never auto-retried.
  WAV2101: { httpStatus: 400, meaning: "The account's daily limit is reached.", retry: 'later' },
  RBC001: { httpStatus: 401, meaning: 'Incorrect SID or API key.', retry: 'after-fix' },
  WA401: {
    httpStatus: 401,
    meaning:
      'The phone number or WABA id is not on the account, is onboarded on the other API version, or the account may not use this API.',
    retry: 'after-fix',
  },
  WA413: { httpStatus: 413, meaning: 'The request is too large: the upload exceeds 100 MB.', retry: 'no' },
  WA429: {
    httpStatus: 429,
    meaning: 'Too many requests: more than 20 resumable uploads from this WABA within an hour.',
    retry: 'later',
  },
  WA500: { httpStatus: 500, meaning: 'Internal server error; try again later.', retry: 'later' },
  // Meta's throttling codes, passed through (Kaleyra's "Cloud API Error Codes" page).
  '4': {
    httpStatus: 429,
    meaning: "Meta throttling: API Too Many Calls (the app's call rate).",
    retry: 'later',
  },
  '80007': { httpStatus: 429, meaning: "Meta throttling: the WABA's rate limit is reached.", retry: 'later' },
  '130429': {
    httpStatus: 429,
    meaning: "Meta throttling: the number's Cloud API throughput is reached.",
    retry: 'later',
  },
} satisfies Record<string, ErrorCodeInfo>);

/** `wa-401`, `WA-401` and `WA401` all become `WA401`: the documentation spells codes both ways. */
export function normalizeErrorCode(code: string): string {
  return code.trim().replace(/-/g, '').toUpperCase();
}

/**
 * The catalogue entry for a code in either spelling (`WA-401` or `WA401`), Kaleyra's or one of Meta's
 * message-failure codes (`131047`, META_ERROR_CATALOGUE), or undefined when neither documents it.
 */
export function lookupErrorCode(code: string | number | undefined): ErrorCodeInfo | undefined {
  if (code === undefined) return undefined;
  const key = normalizeErrorCode(String(code));
  if (Object.hasOwn(ERROR_CATALOGUE, key)) return ERROR_CATALOGUE[key];
  return Object.hasOwn(META_ERROR_CATALOGUE, key) ? META_ERROR_CATALOGUE[key] : undefined;
}

/** The hint for a code the catalogue does not know, judged from the HTTP status alone. */
export function retryHintForStatus(status: number): RetryHint {
  if (status === 429 || status >= 500) return 'later';
  if (status === 401 || status === 403) return 'after-fix';
  return 'no';
}
