import { open, readFile, type FileHandle } from 'node:fs/promises';
import {
  parseJournalLines,
  replayJournal,
  type BroadcastJournal,
  type JournalRecord,
} from '../broadcast/index.js';

export interface FileJournalOptions {
  /**
   * Also fsync after every record, so the journal survives a power cut, not only a crash of this
   * process (a plain write is already safe from kill -9: the kernel holds it). Slower. Default false.
   */
  fsync?: boolean;
}

/**
 * A broadcast journal in a JSON-lines file, appended to and never rewritten. Every record is one
 * write() of one whole line, finished before the send it announces starts, so a kill -9 at any
 * moment leaves at worst a cut-short last line, which the next run drops.
 */
export function fileJournal(path: string, options: FileJournalOptions = {}): BroadcastJournal {
  let handle: FileHandle | undefined;
  return {
    async load() {
      let text = '';
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      handle = await open(path, 'a');
      // A line cut short by a crash must not swallow the next record.
      if (text !== '' && !text.endsWith('\n')) await handle.write('\n');
      return replayJournal(parseJournalLines(text, path));
    },
    async append(record: JournalRecord) {
      if (!handle) throw new Error(`journal ${path}: load() it before appending`);
      await handle.write(JSON.stringify(record) + '\n');
      if (options.fsync) await handle.datasync();
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
}
