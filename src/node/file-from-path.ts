import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { SNIFF_BYTES } from '../files/mime-sniff.js';
import { RECYCLED_CHUNKS_VALID_FOR, resolveUploadType, type UploadFile } from '../files/upload-file.js';
import { fileWebStream } from './file-web-stream.js';

/** Large reads keep syscalls few; the multipart encoder slices them for progress anyway. */
const READ_CHUNK_BYTES = 1024 * 1024;

export interface FileFromPathOptions {
  /** Name sent to the API; default: the path's basename. */
  name?: string;
  /** Declared type; checked against the file's leading bytes. */
  type?: string;
}

/**
 * An UploadFile backed by the file system. Only the size and the first bytes are read up
 * front; every stream() opens the file afresh, so the upload is replayable and never held in
 * memory whole.
 */
export async function fileFromPath(
  path: string | URL,
  options: FileFromPathOptions = {},
): Promise<UploadFile> {
  const filePath = typeof path === 'string' ? path : fileURLToPath(path);
  const info = await stat(filePath);
  if (!info.isFile()) {
    throw new KaleyraValidationError({
      field: 'file',
      rule: 'not-a-file',
      message: 'path is not a regular file',
    });
  }
  const name = options.name ?? basename(filePath);
  if (name === '') {
    throw new KaleyraValidationError({
      field: 'file',
      rule: 'name-required',
      message: 'name must not be empty',
    });
  }
  const type = resolveUploadType(await readHead(filePath), name, options.type);
  return {
    name,
    size: info.size,
    type,
    replayable: true,
    stream: () => fileWebStream(filePath, READ_CHUNK_BYTES),
    recyclingStream: () => fileWebStream(filePath, READ_CHUNK_BYTES, RECYCLED_CHUNKS_VALID_FOR),
  };
}

async function readHead(filePath: string): Promise<Uint8Array> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
