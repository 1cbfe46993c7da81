import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/transport/sleep.js';

describe('default sleep', () => {
  it('resolves when not interrupted', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it('rejects with the reason at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(sleep(60_000, controller.signal)).rejects.toBe(reason);
  });

  it('rejects when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('later'));
    await expect(pending).rejects.toThrow('later');
  });
});
