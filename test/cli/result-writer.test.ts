import { describe, expect, it } from 'vitest';
import { openResultWriter } from '../../src/cli/result-csv.js';

/** A stream that records each write and answers "full" while `full` is set, as a pipe does. */
function recordingStream() {
  const writes: string[] = [];
  const drains: Array<() => void> = [];
  const stream = {
    full: false,
    write(chunk: string) {
      writes.push(chunk);
      return !stream.full;
    },
    once(_event: 'drain', listener: () => void) {
      drains.push(listener);
    },
    drain() {
      stream.full = false;
      for (const listener of drains.splice(0)) listener();
    },
  };
  return { stream, writes, drains };
}

const accepted = (i: number) => ({
  key: `+9198${10_000_000 + i}`,
  outcome: 'accepted' as const,
  messageId: `wamid.${i}`,
});

describe('the result CSV writer', () => {
  it('holds the broadcast back while the stream is full, and goes on once it drains', async () => {
    const { stream, writes } = recordingStream();
    stream.full = true;
    const writer = openResultWriter({ stream }, false);
    let i = 0;
    // Rows go into the writer until one is held: its write went to a full stream.
    let blocked: Promise<void> | undefined;
    while (!blocked) {
      const write = writer.write(accepted(i++));
      const done = await Promise.race([write.then(() => true), new Promise((r) => setTimeout(r, 50, false))]);
      if (!done) blocked = write;
      expect(i).toBeLessThan(5_000);
    }
    let later = false;
    void blocked.then(() => (later = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(later).toBe(false);
    expect(writes).toHaveLength(1); // nothing piles up behind the full stream
    const held = writes.length;
    stream.drain();
    await blocked;
    await writer.write(accepted(i++));
    await writer.close(true);
    expect(writes.length).toBeGreaterThan(held);
    expect(writes.join('').split('\n').length - 2).toBe(i);
  });

  it('writes a lone result at once, without waiting for more rows or close', async () => {
    const { stream, writes } = recordingStream();
    const writer = openResultWriter({ stream }, false);
    await writer.write(accepted(1));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writes.join('')).toBe('key,outcome,message_id,code,detail\n+919810000001,accepted,wamid.1,,\n');
    await writer.close(true);
  });
});
