import type { KaleyraLogger } from '../transport/logger.js';

/** Per-call overrides of the client's transport settings. */
export interface CallOptions {
  /** Cancels the call (a wait between retries and the reading of the answer included). */
  signal?: AbortSignal;
  /** This call's timeout per attempt, reading the answer included. */
  timeoutMs?: number;
  /** This call's retry budget (see the client's `maxRetries`). */
  maxRetries?: number;
  /** This call may be retried after a failure that may have delivered it (see the client's option). */
  retryMaybeDelivered?: boolean;
  /** Extra request headers (a correlation id, say). They never replace `api-key` or a body's own headers. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * What the request core runs on: the client's options once checked (src/client/options.ts checks
 * them), without the key, which only the core's redactor holds.
 */
export interface CoreOptions {
  /** The account SID. */
  sid: string;
  /** The host of each API version (the pod's, or `baseUrl`). */
  baseUrls: { v1: string; v2: string };
  /** The default business number, if set. */
  from: string | undefined;
  /** The fetch every request goes through, called as a plain function. */
  fetch: typeof fetch;
  /** Whether that fetch is Node's own, untouched (see isNodeFetch). */
  fetchIsNodes: boolean;
  /** Per attempt, reading the answer included. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Whether failures that may have delivered a send are retried too. */
  retryMaybeDelivered: boolean;
  /** Where debug and retry lines go (scrubbed by the core's redactor). */
  logger: KaleyraLogger | undefined;
}
