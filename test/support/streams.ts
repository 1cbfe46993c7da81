/**
 * A pull-based stream over fixed chunks that counts how many chunks the consumer has pulled,
 * so tests can prove a reader took only what it needed.
 */
export function countingStream(chunks: readonly Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  pulled(): number;
  cancelled(): boolean;
} {
  let index = 0;
  let wasCancelled = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[index];
        if (next === undefined) return controller.close();
        index++;
        controller.enqueue(next);
      },
      cancel() {
        wasCancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => index, cancelled: () => wasCancelled };
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Splits bytes at the given sizes (cycled), e.g. [1, 3, 70] to straddle the sniff window. */
export function splitBytes(bytes: Uint8Array, sizes: readonly number[]): Uint8Array<ArrayBuffer>[] {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(bytes.slice(at, at + size));
    at += size;
  }
  return chunks;
}

export function patternBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    // xorshift: cheap, deterministic, and without the repetition that could hide an offset bug
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Byte equality that stays fast for large buffers (deep-equal walks every element) and, on
 * failure, reports where the first difference is instead of dumping both arrays.
 */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): string {
  if (
    Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(
      Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
    )
  )
    return 'identical';
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  return `differ at byte ${at} (lengths ${actual.length} vs ${expected.length})`;
}
