import type { UploadFile } from '../index.js';
import { fileFromPath, type FileFromPathOptions } from '../node/index.js';
import { UsageError } from './usage-error.js';

// The file-system failures a person can fix, in words; anything else is a real fault and is rethrown.
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a folder on the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

/** fileFromPath for a path typed on the command line: an unreadable path is a usage error, one line. */
export async function openFile(path: string, options: FileFromPathOptions = {}): Promise<UploadFile> {
  try {
    return await fileFromPath(path, options);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    const reason = code === undefined ? undefined : REASONS[code];
    // JSON quoting keeps a path with a line break (or other control characters) on one line.
    if (reason) throw new UsageError(`cannot read ${JSON.stringify(path)}: ${reason}`);
    throw error;
  }
}
