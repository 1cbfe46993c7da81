import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { KaleyraJournalError } from '../errors/journal-error.js';

/** Who holds a journal: written into its lock file, read back by anyone who finds it taken. */
interface LockHolder {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not taken for it. */
  started?: string;
  since: string;
}

/** A lock file with no holder written yet younger than this is being written; older, its writer died. */
const HALF_WRITTEN_GRACE_MS = 5_000;
const TRIES = 20;

/**
 * Takes `<journal>.lock` for this process, or fails at once naming the holder. Node has no flock
 * without a native addon, so the lock is a file created exclusively (O_EXCL), holding the holder's
 * pid, host and process start time. A kill -9 cannot leave it stale: a lock whose process is gone
 * (or whose pid now belongs to a process started at another time) is broken, by renaming it aside
 * (atomic: of two processes breaking it, one wins) and checking it was the stale one that moved.
 * A holder on another host cannot be checked and is always taken as alive.
 */
export async function lockJournal(journal: string): Promise<() => Promise<void>> {
  const lockPath = `${journal}.lock`;
  const started = await processStart(process.pid);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    ...(started === undefined ? {} : { started }),
    since: new Date().toISOString(),
  };
  const mine = JSON.stringify(me) + '\n';
  for (let attempt = 0; attempt < TRIES; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        const { bytesWritten } = await handle.write(mine);
        if (bytesWritten !== Buffer.byteLength(mine)) throw new Error('short write');
      } catch (error) {
        await handle.close();
        await unlink(lockPath).catch(() => {});
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        throw new KaleyraJournalError(
          'write-failed',
          journal,
          `${lockPath}: the lock could not be written (${code}); nothing was sent. Free space, then run it again`,
          error,
        );
      }
      await handle.close();
      return async () => {
        // Only our own lock is removed (never one a later holder took).
        if ((await readFile(lockPath, 'utf8').catch(() => '')) === mine)
          await unlink(lockPath).catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile
    const holder = parseHolder(text);
    if (holder === undefined) {
      const age = await stat(lockPath).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < HALF_WRITTEN_GRACE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
    } else if (await isAlive(holder)) {
      const remote = holder.host === me.host ? '' : ' (on another host: its liveness cannot be checked here)';
      throw new KaleyraJournalError(
        'in-use',
        journal,
        `${journal} is in use by process ${holder.pid} on ${holder.host} since ${holder.since}${remote}; one process writes a journal at a time (lock file ${lockPath}). Nothing was sent`,
      );
    }
    await breakStale(lockPath, text);
  }
  throw new KaleyraJournalError(
    'in-use',
    journal,
    `${journal}: could not take ${lockPath} after ${TRIES} tries`,
  );
}

/** Moves a stale lock aside; if what moved was a fresh lock someone took meanwhile, puts it back. */
async function breakStale(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  // link() fails if a newer lock is already in place, which then wins.
  if (moved !== staleText) await link(aside, lockPath).catch(() => {});
  await unlink(aside).catch(() => {});
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') return undefined;
    const { pid, host, started, since } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof since !== 'string') return undefined;
    return { pid, host, since, ...(typeof started === 'string' ? { started } : {}) };
  } catch {
    return undefined;
  }
}

async function isAlive(holder: LockHolder): Promise<boolean> {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: alive, under another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (holder.started === undefined) return true;
  const started = await processStart(holder.pid);
  return started === undefined || started === holder.started;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces); undefined off Linux. */
async function processStart(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}
