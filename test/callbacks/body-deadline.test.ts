import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BodyDeadline } from '../../src/callbacks/body-deadline.js';

// The shared sweep behind every body read's deadline: a read that ended in time is only marked
// done (the next sweep drops it), so these check that marking, not the Set it replaced.
describe('BodyDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires once a read is late, and only once', () => {
    const late = vi.fn();
    new BodyDeadline(100, late);
    vi.advanceTimersByTime(60);
    expect(late).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(late).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('never fires for a read cancelled in time, even when the sweep first sees it after its time', () => {
    const late = vi.fn();
    const kept = vi.fn();
    new BodyDeadline(10, late).cancel();
    new BodyDeadline(10, kept);
    vi.advanceTimersByTime(500);
    expect(late).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
  });

  it('keeps a deadline made while the sweep runs, and one whose handler throws does not stop the others', () => {
    const second = vi.fn();
    const third = vi.fn();
    new BodyDeadline(10, () => {
      new BodyDeadline(10, second);
      throw new Error('a late handler failed');
    });
    new BodyDeadline(10, third);
    vi.advanceTimersByTime(60);
    expect(third).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
