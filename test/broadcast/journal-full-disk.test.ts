// The journal on a disk that really fills (a small tmpfs: short write, then ENOSPC) and on one that
// really fails (ext4 on a loop device, shut down mid-broadcast: EIO), with the broadcast in its own
// process and a loopback stand-in counting sends per recipient. Then space is freed (or the disk
// mounted again) and the same broadcast rerun: nobody gets a message twice, every key is settled.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseJournalLines } from '../../src/broadcast/index.js';
import { runBin } from '../cli/run-cli.js';
import { expectSettledOnce, startJournalRun, uncertainKeys } from './journal-runs.js';
import { onPath } from './redis-server.js';
import { ACCEPTED, deliveriesPerKey, startSendServer, type SendServer } from './send-server.js';

const PAGE = 4096; // tmpfs hands out space a page at a time
const DISK_BYTES = 256 * 1024; // room for the whole journal once the filler is gone
const JOBS = 300; // a journal of ~70 KiB: more than the disk holds

/** What keeps `mount -t tmpfs` from working here, or undefined when it works (tried once). */
function mountMissing(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform}): needs mount -t tmpfs`;
  if (process.getuid?.() !== 0) return 'not root: mount -t tmpfs needs root';
  const probe = mkdtempSync(join(tmpdir(), 'kaleyra-mount-probe-'));
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], {
      encoding: 'utf8',
    });
    if (mounted.status !== 0)
      return `mount -t tmpfs refused (${(mounted.stderr || String(mounted.error)).trim()})`;
    spawnSync('umount', [probe]);
    return undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** What the EIO case needs beyond mount: a loop device, mkfs.ext4 and python3 (for the shutdown ioctl). */
function loopMissing(): string | undefined {
  const tools = ['losetup', 'mkfs.ext4', 'python3'].filter((tool) => !onPath(tool));
  if (tools.length > 0) return `${tools.join(', ')} not on PATH (Debian: util-linux, e2fsprogs, python3)`;
  try {
    accessSync('/dev/loop-control');
  } catch {
    return 'no /dev/loop-control (no loop devices in this kernel or container)';
  }
  return undefined;
}

/**
 * True (after one line saying what is missing) where a suite cannot run. This skips under CI too:
 * unlike redis-server, which .ci/run installs, mounting is a property of the machine (a container
 * running as root may still be refused `mount`), and a CI that goes red for it would stop everything
 * from landing; the line in the test output says the suite did not run.
 */
function skipWithout(suite: string, missing: string | undefined): boolean {
  if (!missing) return false;
  process.stderr.write(`skipped ${suite}: ${missing}\n`);
  return true;
}

const noMount = mountMissing();
const skipFull = skipWithout('journal on a full disk (tmpfs)', noMount);
const noLoop = loopMissing();
const skipEio = skipWithout('journal on a failing disk (EIO)', noMount ?? noLoop);

const dir = mkdtempSync(join(tmpdir(), 'kaleyra-journal-disk-'));
/** Every mount point mounted so far; cleanup unmounts each, deepest first, whatever happened. */
const mounted: string[] = [];
const loops: string[] = [];
let server: SendServer;
beforeAll(async () => {
  server = await startSendServer(() => ACCEPTED());
});
afterAll(async () => {
  await server?.close();
  unmountAll();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => unmountAll());

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function mount(args: string[], at: string): void {
  mkdirSync(at, { recursive: true });
  run('mount', [...args, at]);
  mounted.push(at);
}

function unmount(at: string): void {
  const index = mounted.lastIndexOf(at);
  if (index === -1) return;
  mounted.splice(index, 1);
  const result = spawnSync('umount', [at], { encoding: 'utf8' });
  // Busy (a child still holding a file) or already gone: detach it lazily rather than leak it.
  if (result.status !== 0) spawnSync('umount', ['-l', at]);
}

function unmountAll(): void {
  for (const at of [...mounted].reverse()) unmount(at);
  for (const loop of loops.splice(0)) spawnSync('losetup', ['-d', loop]);
}

/** A fresh tmpfs of DISK_BYTES with `freePages` pages left free, the rest taken by `filler`. */
function fullDisk(name: string, freePages: number): { root: string; filler: string } {
  const root = join(dir, name);
  mount(['-t', 'tmpfs', '-o', `size=${DISK_BYTES}`, 'tmpfs'], root);
  const filler = join(root, 'filler');
  writeFileSync(filler, Buffer.alloc(DISK_BYTES - freePages * PAGE, 0x2e));
  return { root, filler };
}

describe.skipIf(skipFull)('journal on a full disk (tmpfs, ENOSPC)', () => {
  it('sendMany + fileJournal: the write that finds no space stops the broadcast before its send; after freeing space the rerun settles every key once', async () => {
    let cutLines = 0;
    // The lock file takes a page first. 0 pages free: not even the lock fits; 1: not the broadcast
    // line. Then the disk fills at the first records, mid-run and late (the journal needs ~17 pages).
    for (const freePages of [0, 1, 2, 7, 15]) {
      const { root, filler } = fullDisk(`tmpfs-${freePages}`, freePages);
      const journal = join(root, 'j.jsonl');
      const from = server.sends.length;
      const first = await startJournalRun(server.url, journal, JOBS).exit;
      const label = `${freePages} pages free`;
      expect(first.code, `${label}: ${first.stderr}`).toBe(3);
      expect(first.stderr, label).toMatch(
        freePages === 0
          ? /KaleyraJournalError: .*\.lock: the lock could not be written \(ENOSPC\); nothing was sent/
          : /KaleyraJournalError: .* could not be written whole \(ENOSPC\); the broadcast stopped before the send/,
      );
      // The disk really is full: the journal took every page the lock left, the last perhaps in part.
      const journalPages = Math.max(0, freePages - 1);
      const size = freePages === 0 ? 0 : statSync(journal).size;
      expect(size, label).toBeGreaterThan((journalPages - 1) * PAGE);
      expect(size, label).toBeLessThanOrEqual(journalPages * PAGE);
      const text = freePages === 0 ? '' : readFileSync(journal, 'utf8');
      if (text !== '' && !text.endsWith('\n')) cutLines++;
      // Still a journal: it reads, a cut-short last line and all.
      expect(() => parseJournalLines(text), label).not.toThrow();
      // Nothing was sent that the journal does not announce whole.
      const sent = deliveriesPerKey(server.sends.slice(from));
      const announced = new Set(
        parseJournalLines(text).flatMap((record) => (record.type === 'attempt' ? [record.key] : [])),
      );
      for (const key of sent.keys())
        expect(announced.has(key), `${label}: ${key} sent unannounced`).toBe(true);
      if (freePages === 0) expect(sent.size).toBe(0);

      rmSync(filler); // the user frees space
      const second = await startJournalRun(server.url, journal, JOBS).exit;
      expect(second.code, `${label}, rerun: ${second.stderr}`).toBe(0);
      const state = expectSettledOnce(server, journal, JOBS, from);
      // Only sends whose outcome the full disk could not take are uncertain: one per lane at most.
      expect(uncertainKeys(state).length, label).toBeLessThanOrEqual(8);
      unmount(root);
    }
    // Space ran out inside a record at least once: the short-write path ran, not only a clean ENOSPC.
    expect(cutLines).toBeGreaterThan(0);
  }, 300_000);

  it('kaleyra-wa broadcast --journal on a full disk: one line, exit 1, no send past the journal; the rerun after freeing space settles every row once', async () => {
    const ROWS = 120;
    const { root, filler } = fullDisk('tmpfs-cli', 3);
    const journal = join(root, 'campaign.jsonl');
    const csv = join(dir, 'campaign.csv');
    const rows = Array.from({ length: ROWS }, (_, i) => `+9198${String(20_000_000 + i)},row-${i}`);
    writeFileSync(csv, ['phone,first_name', ...rows].join('\n') + '\n');
    const env = {
      KALEYRA_SID: 'HXAP16XXXXXX97IN',
      KALEYRA_API_KEY: 'full-disk-cli-key-123',
      KALEYRA_BASE_URL: server.url,
      KALEYRA_FROM: '+919876543210',
    };
    const argv = (out: string) => [
      'broadcast',
      ...[
        '--csv',
        csv,
        '--name',
        'order_update',
        '--param-columns',
        'first_name',
        '--key-column',
        'first_name',
      ],
      ...['--journal', journal, '--out', join(dir, out)],
    ];
    const from = server.sends.length;
    const first = await runBin(argv('first.csv'), env);
    expect(first.code, first.stderr).toBe(1);
    const lines = first.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^error: .*campaign\.jsonl: a record could not be written whole \(ENOSPC\)/);
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(first.stderr).not.toContain(env.KALEYRA_API_KEY);
    expect(statSync(journal).size).toBeLessThanOrEqual(3 * PAGE);
    expect(deliveriesPerKey(server.sends.slice(from)).size).toBeLessThan(ROWS);

    rmSync(filler);
    const second = await runBin(argv('second.csv'), env);
    const state = expectSettledOnce(server, journal, ROWS, from);
    const uncertain = uncertainKeys(state).length;
    expect(uncertain).toBeLessThanOrEqual(16); // the CLI's default concurrency
    // Exit 1 says some row ended uncertain (a send whose outcome the full disk could not take).
    expect(second.code, second.stderr).toBe(uncertain > 0 ? 1 : 0);
    expect(second.stderr).toMatch(new RegExp(`, ${uncertain} uncertain, \\d+ skipped of ${ROWS} rows\n$`));
    unmount(root);
  }, 120_000);
});

describe.skipIf(skipEio)('journal on a failing disk (ext4 shut down: EIO)', () => {
  it('an EIO on the attempt stops the broadcast before its send; mounted again, the journal reads and the rerun settles every key once', async () => {
    const back = join(dir, 'eio-backing');
    mount(['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs'], back);
    const image = join(back, 'disk.img');
    writeFileSync(image, '');
    run('truncate', ['-s', '16m', image]);
    run('mkfs.ext4', ['-q', '-F', image]);
    const loop = run('losetup', ['-f', '--show', image]);
    loops.push(loop);
    const disk = join(dir, 'eio-disk');
    mount(['-t', 'ext4', loop], disk);
    const journal = join(disk, 'j.jsonl');

    const from = server.sends.length;
    let shutAt = -1;
    // At the 100th send the disk fails: ext4's shutdown ioctl (FS_IOC_SHUTDOWN, flag 0: sync what is
    // written, then fail every later I/O with EIO), as xfstests does. Synchronous, so the send is
    // answered only after the disk is down.
    server.onSend((_send, index) => {
      if (index - from !== 100 || shutAt !== -1) return;
      shutAt = index;
      run('python3', [
        '-c',
        'import fcntl, os, sys; fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0x8004587D, bytes(4))',
        disk,
      ]);
    });
    const first = await startJournalRun(server.url, journal, JOBS).exit;
    expect(shutAt).toBeGreaterThan(-1);
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(/KaleyraJournalError: .* could not be written whole \(EIO\)/);
    // Sends after the failure: only those whose attempt was written before it (one per lane at most).
    expect(server.sends.length - shutAt - 1).toBeLessThanOrEqual(8);

    // The disk comes back (unmounted and mounted again, ext4 replays its own journal).
    unmount(disk);
    mount(['-t', 'ext4', loop], disk);
    expect(() => parseJournalLines(readFileSync(journal, 'utf8'))).not.toThrow();
    const second = await startJournalRun(server.url, journal, JOBS).exit;
    expect(second.code, second.stderr).toBe(0);
    const state = expectSettledOnce(server, journal, JOBS, from);
    expect(uncertainKeys(state).length).toBeLessThanOrEqual(8);
  }, 120_000);
});
