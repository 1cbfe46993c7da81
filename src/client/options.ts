import { KaleyraValidationError } from '../errors/validation-error.js';
import { isNodeFetch } from '../core/body.js';
import { isPod, PODS, type Pod } from '../pods.js';
import type { CoreOptions } from '../core/call-options.js';
import type { KaleyraLogger } from '../transport/logger.js';
import { assertPhoneNumber } from '../validation/phone-number.js';

/**
 * What `createKaleyraClient` takes. An option left out is read from its environment variable where it
 * has one: `KALEYRA_SID`, `KALEYRA_API_KEY`, `KALEYRA_POD`, `KALEYRA_BASE_URL`, `KALEYRA_FROM`, `KALEYRA_LOG`.
 */
export interface KaleyraClientOptions {
  /** Account SID, shown beside the API key in the Kaleyra console (`HXAP16XXXXXX97IN`). */
  sid: string;
  /** The API key. Sent as the `api-key` header; never logged, never put in an error. */
  apiKey: string;
  /** The account's pod: `in`, `sg`, `eu` or `na`. Required unless `baseUrl` is given. */
  pod?: Pod;
  /** Overrides the pod's host (a proxy, a mock server, tests). */
  baseUrl?: string;
  /** Default business number messages are sent from (v1 `from`, v2 `{phone_number}`). */
  from?: string;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per attempt, reading the answer included. Default 30 000 ms; uploads may want more. */
  timeoutMs?: number;
  /** Retries for failures that cannot have delivered a message (429, refused connections). Default 2. */
  maxRetries?: number;
  /**
   * Also retry 5xx answers, timeouts and connections dropped after sending. Off by default: such a
   * send may have reached Kaleyra, and a retry can put the same WhatsApp message on a phone twice.
   */
  retryMaybeDelivered?: boolean;
  /** Receives debug and retry lines; the API key is scrubbed from everything it is given. */
  logger?: KaleyraLogger;
  /** Allow a client in a browser, where the API key would reach every visitor. Off by default. */
  dangerouslyAllowBrowser?: boolean;
}

/** The default `timeoutMs`. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The default `maxRetries`. */
export const DEFAULT_MAX_RETRIES = 2;
/** The shortest API key accepted; Kaleyra's keys are far longer, so a shorter one is a mistake. */
export const MIN_API_KEY_LENGTH = 8;

/** Checks the options (a bad one throws a KaleyraValidationError naming it) and fills in defaults. */
export function resolveClientOptions(options: KaleyraClientOptions): CoreOptions {
  if (options === null || typeof options !== 'object') {
    throw new KaleyraValidationError({
      field: 'options',
      rule: 'required',
      message: 'pass { sid, apiKey, pod }',
    });
  }
  if (typeof options.sid !== 'string' || !/^[A-Za-z0-9]+$/.test(options.sid)) {
    throw new KaleyraValidationError({
      field: 'sid',
      rule: 'format',
      message: 'must be the account SID: letters and digits only',
    });
  }
  assertApiKey(options.apiKey);
  const baseUrls = resolveBaseUrls(options);
  if (options.from !== undefined) assertPhoneNumber('from', options.from);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new KaleyraValidationError({
      field: 'fetch',
      rule: 'required',
      message: 'no global fetch in this runtime: pass one',
    });
  }
  return {
    sid: options.sid,
    baseUrls,
    from: options.from,
    // Called as a plain function: browsers throw "Illegal invocation" when fetch runs with `this`
    // set to another object, as a method call on this options object would.
    fetch: (input, init) => fetchImpl(input, init),
    fetchIsNodes: isNodeFetch(fetchImpl),
    timeoutMs: nonNegative('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS),
    maxRetries: nonNegative('maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES),
    retryMaybeDelivered: options.retryMaybeDelivered ?? false,
    logger: options.logger,
  };
}

function resolveBaseUrls(options: KaleyraClientOptions): { v1: string; v2: string } {
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new KaleyraValidationError({
        field: 'baseUrl',
        rule: 'url',
        message: 'must be an absolute http(s) URL',
      });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new KaleyraValidationError({
        field: 'baseUrl',
        rule: 'url',
        message: 'must be an absolute http(s) URL',
      });
    }
    // fetch refuses URLs with credentials, and its error would quote the whole URL, password included.
    if (url.username !== '' || url.password !== '') {
      throw new KaleyraValidationError({
        field: 'baseUrl',
        rule: 'no-credentials',
        message: 'must not contain a user name or password',
      });
    }
    // A query or fragment would end up before or inside every operation's path.
    if (url.search !== '' || url.hash !== '' || /[?#]/.test(options.baseUrl)) {
      throw new KaleyraValidationError({
        field: 'baseUrl',
        rule: 'no-query',
        message: 'must not contain a query string (?) or a fragment (#)',
      });
    }
    const base = url.href.replace(/\/+$/, '');
    return { v1: base, v2: base };
  }
  if (!isPod(options.pod)) {
    throw new KaleyraValidationError({
      field: 'pod',
      rule: 'one-of',
      message: `must be one of ${Object.keys(PODS).join(', ')} (or pass baseUrl)`,
    });
  }
  return PODS[options.pod];
}

function nonNegative(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new KaleyraValidationError({
      field,
      rule: 'non-negative',
      message: 'must be a finite number >= 0',
    });
  }
  return value;
}

/**
 * The key goes into a header, so it is checked here rather than by fetch (whose error would quote
 * it): a non-empty string of at least MIN_API_KEY_LENGTH visible ASCII characters, no control
 * characters, no surrounding spaces. No message quotes the key.
 */
function assertApiKey(apiKey: unknown): asserts apiKey is string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new KaleyraValidationError({
      field: 'apiKey',
      rule: 'required',
      message: 'must be a non-empty string',
    });
  }
  // eslint-disable-next-line no-control-regex -- the pattern exists to find control characters
  if (/[\u0000-\u001f\u007f]/.test(apiKey)) {
    throw new KaleyraValidationError({
      field: 'apiKey',
      rule: 'format',
      message: 'must not contain line breaks or other control characters',
    });
  }
  if (apiKey.trim() !== apiKey) {
    throw new KaleyraValidationError({
      field: 'apiKey',
      rule: 'format',
      message: 'must not start or end with spaces',
    });
  }
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new KaleyraValidationError({
      field: 'apiKey',
      rule: 'format',
      message: 'must be visible ASCII characters only (no spaces, no accented letters)',
    });
  }
  if (apiKey.length < MIN_API_KEY_LENGTH) {
    throw new KaleyraValidationError({
      field: 'apiKey',
      rule: 'min-length',
      message: `must be at least ${MIN_API_KEY_LENGTH} characters`,
    });
  }
}
