/**
 * Reads just enough of a one-shot stream to see its first `minBytes`, and hands back a stream
 * that replays those chunks before continuing with the rest. The source is never buffered
 * beyond the chunks the peek needed, so a multi-gigabyte stream costs one chunk of memory.
 */
export async function peekStream(
  source: ReadableStream<Uint8Array>,
  minBytes: number,
): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = source.getReader();
  const peeked: Uint8Array[] = [];
  let peekedBytes = 0;
  let done = false;
  while (peekedBytes < minBytes) {
    const result = await reader.read();
    if (result.done) {
      done = true;
      break;
    }
    if (result.value.byteLength === 0) continue;
    peeked.push(result.value);
    peekedBytes += result.value.byteLength;
  }

  const head = new Uint8Array(Math.min(peekedBytes, minBytes));
  let offset = 0;
  for (const chunk of peeked) {
    if (offset >= head.length) break;
    const take = chunk.subarray(0, head.length - offset);
    head.set(take, offset);
    offset += take.length;
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = peeked.shift();
        if (next !== undefined) return controller.enqueue(next);
        if (done) return controller.close();
        const result = await reader.read();
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel(reason) {
        peeked.length = 0;
        return reader.cancel(reason);
      },
    },
    // Zero so nothing is read from the source until the consumer asks for it.
    { highWaterMark: 0 },
  );
  return { head, stream };
}
