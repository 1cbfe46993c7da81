import { KaleyraJournalError, KaleyraValidationError, type KaleyraClient } from '../index.js';
import { attemptSend, rateLimitPauseMs } from './attempt.js';
import { defaultBroadcastId, jobFingerprint } from './fingerprint.js';
import { JOURNAL_VERSION, lastResult, type BroadcastJournal, type JournalState } from './journal.js';
import { AMBIGUOUS_KEY } from './journal-keys.js';
import { KeyHashSet } from './key-set.js';
import { malformedJob, missingKey, repeatedKey, type BroadcastJob } from './message.js';
import type { BroadcastResult, FinalResult } from './outcome.js';
import {
  assertDefaultCountry,
  recipientChecker,
  type CountryCode,
  type RecipientChecker,
} from './recipient.js';
import { SendGate, sleep } from './send-gate.js';

export interface SendManyOptions {
  /** Sends in flight at once. Default 8. */
  concurrency?: number;
  /** Sends started per second, across every lane (a token bucket). Default: no limit. */
  ratePerSecond?: number;
  /** Sends the bucket lets start at once after a quiet spell. Default 1: evenly spaced. */
  burst?: number;
  /** Records every attempt and outcome; a rerun with the same journal sends only what has none. */
  journal?: BroadcastJournal;
  /**
   * The broadcast the journal belongs to, written in its first line; a journal naming another is
   * refused before anything is sent. Default: derived from the first job (api, kind, template name
   * and language, the rest of the message without the recipient's number and parameters). Give
   * one when that first job is not the same from run to run (another text per recipient, rows
   * reordered).
   */
  broadcastId?: string;
  /**
   * Send `uncertain` jobs again (this run's, and earlier runs' uncertain or interrupted ones). Off by
   * default: such a message may already be on the phone, and a resend puts it there twice.
   */
  retryMaybeDelivered?: boolean;
  /** Attempts per job for what can be retried (429s, refused connections, opted-in uncertain). Default 5. */
  maxAttempts?: number;
  /** Per request, until the answer's headers arrive; default: the client's. */
  timeoutMs?: number;
  /**
   * The country whose local numbers a job's `to` may be written in (ISO 3166-1, e.g. `'IN'`): with it,
   * `9812345678` is sent to +919812345678; without it, a number without + is `rejected` (rule
   * `country-code`). Every `to` is checked against the numbering plan either way (rule `numbering-plan`).
   */
  defaultCountry?: CountryCode;
  /** Stops starting sends; sends in flight end as `uncertain`, jobs not started get no result. */
  signal?: AbortSignal;
}

export interface BroadcastSummary {
  /** Jobs with a result (each of the four outcomes). */
  total: number;
  /** Jobs Kaleyra accepted. */
  accepted: number;
  /** Jobs refused, never delivered (validation or a 4xx). */
  rejected: number;
  /** Jobs that may or may not have been delivered (5xx, timeout, dropped connection). */
  uncertain: number;
  /** Jobs skipped because the journal already had their outcome. */
  skipped: number;
  /** Requests started, retries included. */
  requests: number;
  /** 429 answers, each of which paused every lane. */
  rateLimited: number;
  /** Wall-clock duration of the broadcast, in milliseconds. */
  elapsedMs: number;
}

/**
 * Results as they happen, then a summary. Iterate it, or just await `summary()`, to run it. Leaving
 * the loop early (break) stops the broadcast: no new send starts, and those in flight finish.
 */
export interface BroadcastRun extends AsyncIterable<BroadcastResult> {
  /** Runs to the end if nobody iterates; resolves with the counts once every lane has finished. */
  summary(): Promise<BroadcastSummary>;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_ATTEMPTS = 5;
/** Results held for a slow consumer before the lanes wait for it. */
const BUFFERED_RESULTS_PER_LANE = 4;

/**
 * Sends every job with at most `concurrency` in flight and at most `ratePerSecond` started per
 * second. A 429 pauses every lane for its Retry-After. A send that may have been delivered is never
 * sent again unless `retryMaybeDelivered` is set, neither in this run nor, through the journal, in
 * the next.
 */
export function sendMany(
  client: KaleyraClient,
  jobs: Iterable<BroadcastJob> | AsyncIterable<BroadcastJob>,
  options: SendManyOptions = {},
): BroadcastRun {
  const concurrency = positiveInteger('concurrency', options.concurrency, DEFAULT_CONCURRENCY);
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, DEFAULT_MAX_ATTEMPTS);
  const rate = options.ratePerSecond ?? Number.POSITIVE_INFINITY;
  if (!(rate > 0))
    throw new KaleyraValidationError({
      field: 'ratePerSecond',
      rule: 'positive',
      message: 'must be a number > 0',
    });
  const burst = positiveInteger('burst', options.burst, 1);
  if (
    options.broadcastId !== undefined &&
    (typeof options.broadcastId !== 'string' || options.broadcastId === '')
  )
    throw new KaleyraValidationError({
      field: 'broadcastId',
      rule: 'non-empty',
      message: 'must be a non-empty string',
    });
  const { journal, signal } = options;
  const defaultCountry = assertDefaultCountry('defaultCountry', options.defaultCountry);
  const retryMaybeDelivered = options.retryMaybeDelivered ?? false;
  const call = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(signal ? { signal } : {}),
  };

  const gate = new SendGate(rate, burst);
  const counts: BroadcastSummary = {
    total: 0,
    accepted: 0,
    rejected: 0,
    uncertain: 0,
    skipped: 0,
    requests: 0,
    rateLimited: 0,
    elapsedMs: 0,
  };
  const seen = new KeyHashSet();
  let consecutive429 = 0;

  // Results flow to the iterator through this buffer; `collect` is false when only summary() runs it.
  const buffer: BroadcastResult[] = [];
  let collect = false;
  let notifyConsumer: (() => void) | undefined;
  let waitingLanes: Array<() => void> = [];
  const wakeLanes = () => {
    const waiting = waitingLanes;
    waitingLanes = [];
    for (const wake of waiting) wake();
  };
  // Set when the consumer stops iterating early: no new sends start, those in flight finish.
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let finished = false;
  let started: Promise<BroadcastSummary> | undefined;

  async function emit(result: BroadcastResult): Promise<void> {
    counts.total++;
    counts[result.outcome]++;
    if (!collect) return;
    buffer.push(result);
    notifyConsumer?.();
    while (collect && buffer.length >= concurrency * BUFFERED_RESULTS_PER_LANE && !failure) {
      await new Promise<void>((resolve) => waitingLanes.push(resolve));
    }
  }

  async function run(
    job: BroadcastJob,
    earlier: JournalState | undefined,
    checkRecipient: RecipientChecker,
  ): Promise<void> {
    const keyless = missingKey(job);
    if (keyless) return emit(keyless);
    const { key } = job;
    if (!seen.add(key)) return emit(repeatedKey(key));
    const malformed = malformedJob(job);
    if (malformed) return emit(malformed);
    // Only a journal needs it; the hash is not free.
    const fingerprint = journal ? jobFingerprint(job) : '';
    const settle = async (result: FinalResult): Promise<void> => {
      if (journal)
        await journal.append({ type: 'outcome', fingerprint, at: new Date().toISOString(), ...result });
      await emit(result);
    };
    // Read back once; the state counts the key as met from here on.
    const entry = earlier?.entries.take(key);
    if (entry === AMBIGUOUS_KEY) {
      return emit({
        key,
        outcome: 'rejected',
        field: 'key',
        rule: 'journal-unambiguous',
        reason:
          "the journal holds another key's record under this key's hash (a 64-bit collision), so it cannot tell whether this key was sent; nothing was sent (send it in a new broadcast)",
      });
    }
    if (entry) {
      const before = lastResult(entry);
      const delivered = before === 'interrupted' || before.outcome !== 'rejected';
      // A refused message was never delivered, so a corrected one goes out; any other earlier
      // outcome may be on the phone, and a different message to that key is reported, not sent.
      if (entry.fingerprint !== fingerprint && delivered) {
        return emit({
          key,
          outcome: 'rejected',
          field: 'message',
          rule: 'same-as-journaled',
          reason: `the journal has ${before === 'interrupted' ? 'an interrupted send' : `an ${before.outcome} send`} of another message for this key; nothing was sent (a deliberate resend is a new broadcast: use a new journal)`,
        });
      }
      if (entry.fingerprint === fingerprint) {
        if (before === 'interrupted' && !retryMaybeDelivered) {
          return settle({
            key,
            outcome: 'uncertain',
            reason: 'an earlier run stopped during this send: it may have been delivered',
          });
        }
        if (before !== 'interrupted' && !(before.outcome === 'uncertain' && retryMaybeDelivered)) {
          return emit({ key, outcome: 'skipped', earlier: before });
        }
      }
    }
    const checked = checkRecipient(job);
    if ('rejected' in checked) return settle(checked.rejected);

    for (let attempt = 1; ; attempt++) {
      await gate.acquire(signal);
      if (journal) await journal.append({ type: 'attempt', key, fingerprint, at: new Date().toISOString() });
      counts.requests++;
      const verdict = await attemptSend(client, checked.job, call);
      const last = attempt >= maxAttempts || signal?.aborted === true;
      if (verdict.verdict === 'rate-limited') {
        counts.rateLimited++;
        consecutive429++;
        gate.pauseFor(rateLimitPauseMs(verdict.retryAfterMs, consecutive429));
        if (!last) continue;
        return settle({
          key,
          outcome: 'rejected',
          status: 429,
          reason: `rate limited on each of ${attempt} attempts; not delivered`,
        });
      }
      consecutive429 = 0;
      if (verdict.verdict === 'not-sent') {
        if (!last) {
          await sleep(rateLimitPauseMs(undefined, attempt), signal);
          continue;
        }
        return settle({ key, outcome: 'rejected', reason: `never sent: ${verdict.reason}` });
      }
      if (verdict.result.outcome === 'uncertain' && retryMaybeDelivered && !last) continue;
      return settle(verdict.result);
    }
  }

  async function runAll(): Promise<BroadcastSummary> {
    const startedAt = Date.now();
    try {
      const earlier = journal ? await journal.load() : undefined;
      const checkRecipient = await recipientChecker(defaultCountry);
      const source = toIterator(jobs);
      // One pull at a time: a caller's iterator need not cope with concurrent next() calls.
      let pulling: Promise<unknown> = Promise.resolve();
      const pull = async (): Promise<IteratorResult<BroadcastJob>> => {
        const pulled = pulling.then(() => source.next());
        pulling = pulled.catch(() => {});
        return pulled;
      };
      // The first job is pulled before any lane starts: it may name the broadcast.
      let first: Promise<IteratorResult<BroadcastJob>> | undefined = pull();
      if (journal && earlier) await claimJournal(journal, earlier, (await first).value);
      const next = () => {
        const item = first ?? pull();
        first = undefined;
        return item;
      };
      const lane = async () => {
        while (!failure && !stopped && !signal?.aborted) {
          const item = await next();
          if (item.done) return;
          await run(item.value, earlier, checkRecipient);
        }
      };
      await Promise.all(
        Array.from({ length: concurrency }, () =>
          lane().catch((error: unknown) => void (failure ??= { error })),
        ),
      );
      if (failure && !isAbort(failure.error, signal)) throw failure.error;
      counts.elapsedMs = Date.now() - startedAt;
      return { ...counts };
    } finally {
      finished = true;
      notifyConsumer?.();
      await journal?.close();
    }
  }

  /** The journal's first line names this broadcast; one naming another is refused before any send. */
  async function claimJournal(
    journal: BroadcastJournal,
    state: JournalState,
    firstJob: BroadcastJob | undefined,
  ): Promise<void> {
    const id = options.broadcastId ?? (firstJob ? defaultBroadcastId(firstJob) : undefined);
    if (id === undefined) return; // no job: nothing will be journaled
    if (state.broadcastId === undefined) {
      await journal.append({ type: 'broadcast', id, version: JOURNAL_VERSION, at: new Date().toISOString() });
      state.broadcastId = id;
    } else if (state.broadcastId !== id) {
      const name = journal.name ?? 'the journal';
      throw new KaleyraJournalError(
        'other-broadcast',
        name,
        `${name} belongs to broadcast "${state.broadcastId}", not to this one ("${id}"); nothing was sent. To resume that broadcast, give its id (broadcastId, --broadcast-id); for a new one, or a deliberate resend, use a new journal`,
      );
    }
  }

  const start = () => (started ??= runAll());

  return {
    summary: () => start(),
    async *[Symbol.asyncIterator]() {
      collect = true;
      const done = start();
      done.catch(() => {}); // surfaced below, once the buffer is drained
      try {
        for (;;) {
          const result = buffer.shift();
          if (result) {
            wakeLanes();
            yield result;
            continue;
          }
          if (finished) break;
          await new Promise<void>((resolve) => (notifyConsumer = resolve));
        }
        await done;
      } finally {
        // The consumer stopped early (break): start nothing new, let the sends in flight finish.
        stopped = true;
        collect = false;
        buffer.length = 0;
        wakeLanes();
      }
    },
  };
}

function toIterator<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true &&
    (error === signal.reason || (error instanceof Error && error.name === 'AbortError'))
  );
}

function positiveInteger(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new KaleyraValidationError({
      field,
      rule: 'positive-integer',
      message: 'must be a whole number >= 1',
    });
  return value;
}
