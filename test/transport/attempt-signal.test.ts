import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AttemptSignal } from '../../src/transport/attempt-signal.js';

const never = () => new Promise<never>(() => undefined);

describe('AttemptSignal', () => {
  it('a timeout aborts the signal and rejects the race, and says it timed out', async () => {
    const attempt = new AttemptSignal(undefined, 20);
    const error = await attempt.race(never()).catch((e: unknown) => e);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut()).toBe(true);
    expect(attempt.callerAborted()).toBe(false);
    expect(String(error)).toContain('timed out after 20 ms');
  });

  it("the caller's abort rejects the race with its reason, and is not a timeout", async () => {
    const caller = new AbortController();
    const attempt = new AttemptSignal(caller.signal, 60_000);
    const pending = attempt.race(never()).catch((e: unknown) => e);
    caller.abort(new Error('user cancelled'));
    expect(await pending).toEqual(new Error('user cancelled'));
    expect(attempt.callerAborted()).toBe(true);
    expect(attempt.timedOut()).toBe(false);
    attempt.release();
  });

  it('a caller signal aborted before the attempt aborts it at once', async () => {
    const attempt = new AttemptSignal(AbortSignal.abort(new Error('gone')), 60_000);
    expect(attempt.signal.aborted).toBe(true);
    await expect(attempt.race(Promise.resolve(1))).rejects.toThrow('gone');
  });

  it('a Response that arrives after losing the race has its body cancelled', async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    let answer!: (response: Response) => void;
    const late = new Promise<Response>((resolve) => (answer = resolve));
    const attempt = new AttemptSignal(undefined, 10);
    await expect(attempt.race(late)).rejects.toThrow('timed out');
    answer(new Response(body));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
  });

  it('an answer that won its race is left to the next phase when the attempt aborts later', async () => {
    let cancelled = false;
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    const caller = new AbortController();
    const attempt = new AttemptSignal(caller.signal, 60_000);
    const response = await attempt.race(Promise.resolve(new Response(body)));
    caller.abort(new Error('stop'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(false);
    expect(response.bodyUsed).toBe(false);
  });

  it("release() leaves no listener on the caller's signal, however many attempts it served", async () => {
    const caller = new AbortController();
    for (let i = 0; i < 50; i++) {
      const attempt = new AttemptSignal(caller.signal, 60_000);
      await attempt.race(Promise.resolve(i));
      attempt.release();
    }
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
