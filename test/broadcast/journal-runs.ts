import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import {
  lastResult,
  parseJournalLines,
  replayJournal,
  type JournalEntry,
  type JournalState,
} from '../../src/broadcast/index.js';
import { deliveriesPerKey, type SendServer } from './send-server.js';

/** Each key's last record in a loaded journal, by key (reading every record back). */
export function latestRecords(state: JournalState): Map<string, JournalEntry> {
  return new Map([...state.entries.remaining()].map((entry) => [entry.key, entry]));
}

/** The keys a loaded journal holds a record for, in the order they first appear. */
export function remainingKeys(state: JournalState): string[] {
  return [...state.entries.remaining()].map((entry) => entry.key);
}

/** The last record of `key` in a loaded journal, which must hold one. */
export function taken(state: JournalState, key: string): JournalEntry {
  const entry = state.entries.take(key);
  if (entry === undefined || typeof entry === 'symbol') throw new Error(`no record for ${key}`);
  return entry;
}

const fixture = fileURLToPath(new URL('./fixtures/journal-run.ts', import.meta.url));

export interface JournalRunExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/**
 * The fixture broadcast (fixtures/journal-run.ts: sendMany + fileJournal) in its own process, sending
 * `jobs` text messages keyed job-0... to `serverUrl`; `fileLimitKb` runs it under `ulimit -f`.
 */
export function startJournalRun(
  serverUrl: string,
  journal: string,
  jobs: number,
  fileLimitKb?: number,
): { pid: number; exit: Promise<JournalRunExit> } {
  const node = [process.execPath, '--import', 'tsx', fixture, serverUrl, journal, String(jobs)];
  // bash's `ulimit -f` counts 1024-byte blocks; exec keeps the pid the test sees.
  const child =
    fileLimitKb === undefined
      ? spawn(node[0]!, node.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `ulimit -f ${fileLimitKb} && exec "$@"`, 'bash', ...node], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exit = new Promise<JournalRunExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid! }));
  });
  return { pid: child.pid!, exit };
}

/**
 * Every one of `keys` journal keys has an outcome, and no key reached the server twice in the sends
 * from `sendsFrom` on (an accepted one exactly once). Returns the journal's state per key.
 */
export function expectSettledOnce(
  server: SendServer,
  journal: string,
  keys: number,
  sendsFrom: number,
): Map<string, JournalEntry> {
  const arrived = deliveriesPerKey(server.sends.slice(sendsFrom));
  for (const [key, times] of arrived) expect(times, `${key} reached the server ${times} times`).toBe(1);
  const state = latestRecords(replayJournal(parseJournalLines(readFileSync(journal, 'utf8'))));
  expect(state.size).toBe(keys);
  for (const [key, entry] of state) {
    const last = lastResult(entry);
    expect(last, key).not.toBe('interrupted');
    if (last !== 'interrupted' && last.outcome === 'accepted') expect(arrived.get(key), key).toBe(1);
  }
  return state;
}

/** Journal keys whose last outcome is `uncertain` (a send whose outcome the journal could not take). */
export function uncertainKeys(state: Map<string, JournalEntry>): string[] {
  return [...state].filter(([, e]) => e.type === 'outcome' && e.outcome === 'uncertain').map(([k]) => k);
}
