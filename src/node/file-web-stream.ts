import { open, type FileHandle } from 'node:fs/promises';

/**
 * A pull-based web stream over a file, used instead of Readable.toWeb(createReadStream()).
 * toWeb() once counted its queue in chunks against a byte-sized highWaterMark and so read the
 * whole file ahead of the consumer (nodejs/node#46347; the same bug reached Deno's node:stream,
 * denoland/deno#36275). Current Node 20 stays ~3 chunks ahead, but an upload's memory should
 * not depend on the runtime's patch level: one read per pull keeps it at one chunk.
 * The file is opened on the first pull, so a stream that is never read holds no descriptor.
 *
 * With `slots`, reads go into that many buffers in turn instead of a fresh one each: a chunk is
 * overwritten by the read `slots` pulls later, so only a consumer that is done with each chunk by
 * then may read such a stream (see UploadFile.recyclingStream). Fresh buffers cost nothing to
 * allocate but become garbage that V8 frees only once about 32 MiB of it has piled up (a young
 * generation collection forced by external memory, whatever the heap flags): that pile was
 * almost all of a 100 MB upload's memory.
 */
export function fileWebStream(path: string, chunkSize: number, slots?: number): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  let position = 0;
  const ring: Uint8Array[] = [];
  let turn = 0;
  const closeHandle = async () => {
    const open = handle;
    handle = undefined;
    await open?.close();
  };
  const nextBuffer = () => {
    if (slots === undefined) return new Uint8Array(chunkSize);
    const slot = turn++ % slots;
    return (ring[slot] ??= new Uint8Array(chunkSize));
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          handle ??= await open(path, 'r');
          const buffer = nextBuffer();
          const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
          if (bytesRead === 0) {
            await closeHandle();
            controller.close();
            return;
          }
          position += bytesRead;
          controller.enqueue(bytesRead === chunkSize ? buffer : buffer.subarray(0, bytesRead));
        } catch (error) {
          await closeHandle().catch(() => undefined);
          throw error;
        }
      },
      cancel: closeHandle,
    },
    { highWaterMark: 0 },
  );
}
