import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import type { IncomingMediaSource, KaleyraClient, MediaDownloadOptions } from '../index.js';

export interface DownloadedFile {
  /** Where the file is. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** The answer's content type, or the event's. */
  mimeType: string | undefined;
}

/**
 * Downloads an incoming event's media to `path` with the checks of `client.media.download` (size
 * cap, deadline, MIME type, SHA-256 hashed as the bytes arrive). The bytes go to `path.part` first
 * and are renamed into place only once every check passed; on any failure the partial file is
 * removed, so `path` is never a cut or unverified file.
 */
export async function downloadMediaToFile(
  client: KaleyraClient,
  source: IncomingMediaSource,
  path: string,
  options: Omit<MediaDownloadOptions, 'createHash'> = {},
): Promise<DownloadedFile> {
  const media = await client.media.download(source, {
    ...options,
    createHash: () => {
      const hash = createHash('sha256');
      return { update: (chunk) => void hash.update(chunk), digest: () => new Uint8Array(hash.digest()) };
    },
  });
  const partial = `${path}.part`;
  let size = 0;
  const counted = Readable.fromWeb(media.body as NodeWebStream<Uint8Array>).on(
    'data',
    (chunk: Buffer) => (size += chunk.length),
  );
  try {
    await pipeline(counted, createWriteStream(partial, { flags: 'w' }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { path, size, mimeType: media.mimeType };
}
