import { parseArgs } from 'node:util';
import { createKaleyraClient, type KaleyraClient } from '../index.js';
import {
  assertDefaultCountry,
  recipientChecker,
  sendMany,
  type BroadcastJob,
  type BroadcastResult,
  type FinalResult,
} from '../broadcast/index.js';
import { fileJournal } from '../node/index.js';
import { CONNECTION_OPTIONS, resolveCredentials } from './credentials.js';
import { inspectCsv } from './csv-input.js';
import { dryRunAnswer } from './dry-run.js';
import { csvJobs, type CsvJobSpec } from './csv-jobs.js';
import { openResultWriter, resultCells } from './result-csv.js';
import { EXIT_API, EXIT_INTERRUPTED, EXIT_OK, type Io } from './output.js';
import { createBroadcastProgress } from './progress-bar.js';
import { flagErrorMessage } from './parse-flags.js';
import { UsageError } from './usage-error.js';
import { fitHelp } from './help-layout.js';

export const BROADCAST_HELP = fitHelp(`Usage: kaleyra-wa broadcast --csv <file> --name <template> [options]

Sends an approved template to every row of a CSV file, at most --rate sends per second with
--concurrency in flight; a 429 pauses every lane. Each row ends accepted (message id), rejected
(Kaleyra's code, or the rule the row broke: nothing is sent for a bad row), uncertain (may have been
delivered: never resent) or skipped (already in the journal). Progress with counts, rate and ETA
goes to stderr; the result CSV (key,outcome,message_id,code,detail) to --out or stdout.

Options:
  --csv <file>              the recipients, one row each, the first row naming the columns
  --kind template           what to send (template is the one kind a CSV broadcast supports)
  --api v1|v2               API version (default v2)
  --name <template>         the approved template's name
  --language <code>         template language (default en)
  --to-column <name>        column with the E.164 number (default phone)
  --param-columns <a,b>     columns filling {{1}}, {{2}}, ... in order; an empty cell rejects the row
  --key-column <name>       column identifying a row in the journal (default: the --to-column)
  --default-country <CC>    country of numbers written without + (e.g. IN);
                            without it they are rejected (rule country-code)
  --rate <n>                sends started per second (default 50)
  --concurrency <n>         sends in flight (default 16)
  --journal <file>          JSON-lines journal: a rerun sends only rows without an outcome. It
                            belongs to one broadcast and one process at a time: another broadcast's
                            journal, or one in use, is refused before anything is sent. To send a
                            campaign again on purpose, give a new journal file
  --broadcast-id <id>       the broadcast the journal belongs to (default: the API version, the
                            template name and language, e.g. "v2 template order_update #...")
  --out <file>              write the result CSV here instead of stdout
  --redis <url>             send through a BullMQ queue on this Redis (needs bullmq installed)
  --workers <n>             with --redis: workers to run in this process (default 1); --rate is queue-wide
  --queue <name>            with --redis: the queue's name (default kaleyra-broadcast)
  --redis-timeout <ms>      with --redis: fail once Redis is silent this long (default 30000)
  --dry-run                 check every row and report bad ones; send nothing
  --json                    the rows, then a summary, as JSON lines on stdout

Exit codes: 0 every row accepted or skipped (with --dry-run: every row valid), 1 otherwise, 2 usage.

Example:
  kaleyra-wa broadcast --csv customers.csv --kind template --name order_update --language en \\
    --to-column phone --param-columns first_name,order_id --rate 50 --journal run.jsonl --out results.csv`);

const OPTIONS = {
  csv: { type: 'string' },
  kind: { type: 'string' },
  api: { type: 'string' },
  name: { type: 'string' },
  language: { type: 'string' },
  'to-column': { type: 'string' },
  'param-columns': { type: 'string' },
  'key-column': { type: 'string' },
  'default-country': { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  journal: { type: 'string' },
  'broadcast-id': { type: 'string' },
  out: { type: 'string' },
  redis: { type: 'string' },
  workers: { type: 'string' },
  queue: { type: 'string' },
  'redis-timeout': { type: 'string' },
  ...CONNECTION_OPTIONS,
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

export async function broadcastCommand(args: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let flags: Flags;
  try {
    flags = parseArgs({ args, options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new UsageError(flagErrorMessage(error, OPTIONS), 'broadcast');
  }
  if (flags.help) {
    io.stdout.write(BROADCAST_HELP + '\n');
    return EXIT_OK;
  }
  const usage = (message: string) => new UsageError(message, 'broadcast');
  if (!flags.csv) throw usage('--csv is required');
  if ((flags.kind ?? 'template') !== 'template')
    throw usage('--kind must be template: a CSV broadcast sends an approved template');
  const api = flags.api ?? 'v2';
  if (api !== 'v1' && api !== 'v2') throw usage('--api must be v1 or v2');
  if (!flags.name) throw usage('--name (the template name) is required');
  const rate = positive(flags.rate, 50, '--rate');
  const concurrency = positive(flags.concurrency, 16, '--concurrency');
  const workers = positive(flags.workers, 1, '--workers');
  const timeoutMs = flags.timeout === undefined ? undefined : positive(flags.timeout, 0, '--timeout');
  const dryRun = flags['dry-run'] === true;
  if (
    !flags.redis &&
    (flags.workers !== undefined || flags.queue !== undefined || flags['redis-timeout'] !== undefined)
  )
    throw usage('--workers, --queue and --redis-timeout go with --redis');
  // The queue keeps each key's outcome itself (one job per key); a second record would disagree with it.
  if (flags.redis && flags.journal)
    throw usage('--journal is for one process; with --redis the queue keeps the outcomes');
  if (flags['broadcast-id'] !== undefined && !flags.journal)
    throw usage('--broadcast-id names the broadcast a --journal belongs to: give --journal too');

  const defaultCountry = assertDefaultCountry('--default-country', flags['default-country']);
  // Loads the numbering plans (and refuses a country none has) before the file is read.
  const checkRecipient = await recipientChecker(defaultCountry, '--default-country');
  // The whole file is read once before anything is sent: a quote never closed or a missing column
  // stops the run here, and the count gives the progress line its total. Nothing is kept but the count.
  const { columns, rows } = await inspectCsv(flags.csv);
  const toColumn = flags['to-column'] ?? 'phone';
  const keyColumn = flags['key-column'] ?? toColumn;
  const paramColumns = (flags['param-columns'] ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const column of [toColumn, keyColumn, ...paramColumns]) {
    if (!columns.includes(column))
      throw usage(`the CSV has no column "${column}" (it has: ${columns.join(', ')})`);
  }

  const credentials = resolveCredentials(flags, env, dryRun);
  const client = createKaleyraClient({
    ...credentials,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    // A dry run goes through the SDK's own validation, then answers here instead of the network,
    // with the success `send --dry-run` gives (an answer without its ids would be read as unexpected).
    ...(dryRun
      ? {
          fetch: async (input: RequestInfo | URL) =>
            Response.json(dryRunAnswer(new URL(String(input)).pathname), { status: 202 }),
        }
      : {}),
  });

  const progress = createBroadcastProgress(io.stderr, rows, { dryRun });
  // --json: the rows as JSON lines on stdout (unless --out takes the CSV), the summary as the last line.
  const json = flags.json === true;
  const writer =
    json && !flags.out
      ? undefined
      : openResultWriter(flags.out ? { path: flags.out } : { stream: io.stdout }, dryRun);
  let ok = true;
  let complete = false;
  const record = async (result: BroadcastResult) => {
    progress.add(result.outcome);
    if (result.outcome !== 'accepted' && result.outcome !== 'skipped') ok = false;
    if (writer) await writer.write(result);
    else io.stdout.write(JSON.stringify(resultJson(result, dryRun)) + '\n');
  };
  const stopping = new AbortController();
  const spec: CsvJobSpec = {
    path: flags.csv!,
    columns,
    toColumn,
    keyColumn,
    paramColumns,
    api,
    template: flags.name!,
    language: flags.language ?? 'en',
    checkRecipient: flags.redis && !dryRun ? checkRecipient : undefined,
    stop: stopping.signal,
  };
  // Rows that break a rule get their result from csvJobs (through `record`) and are never sent.
  const jobs = () => csvJobs(spec, record);
  // Ctrl-C stops reading rows, not sends: those already handed out finish and get their result line
  // (and journal outcome), so the result file says exactly which rows went out. Aborting them
  // instead would leave each one uncertain.
  const stopListening = io.onInterrupt?.(() => {
    stopping.abort();
    io.stderr.write(
      `${io.stderr.isTTY ? '\n' : ''}stopping: no new sends; waiting for those in flight (Ctrl-C again to quit at once)\n`,
    );
  });
  try {
    if (flags.redis && !dryRun) {
      await sendThroughQueue(
        client,
        jobs(),
        {
          url: flags.redis,
          queue: flags.queue ?? 'kaleyra-broadcast',
          workers,
          concurrency,
          rate,
          timeoutMs,
          redisTimeoutMs: positive(flags['redis-timeout'], 30_000, '--redis-timeout'),
        },
        record,
        io.stderr,
      );
    } else {
      const run = sendMany(client, jobs(), {
        concurrency,
        ...(dryRun ? {} : { ratePerSecond: rate }),
        ...(flags.journal && !dryRun ? { journal: fileJournal(flags.journal) } : {}),
        ...(flags['broadcast-id'] !== undefined ? { broadcastId: flags['broadcast-id'] } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(defaultCountry ? { defaultCountry } : {}),
      });
      for await (const result of run) await record(result);
    }
    complete = true;
  } finally {
    stopListening?.();
    progress.finish();
    await writer?.close(complete);
  }

  const counts = progress.counts;
  const summary = dryRun
    ? `dry run: ${counts.accepted} valid, ${counts.rejected} rejected, ${counts.skipped} skipped of ${rows} rows; nothing was sent`
    : `broadcast: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.uncertain} uncertain, ${counts.skipped} skipped of ${rows} rows`;
  const notReached = rows - (counts.accepted + counts.rejected + counts.uncertain + counts.skipped);
  // A stop that came after the last row was read changed nothing.
  const stopped = stopping.signal.aborted && notReached > 0;
  const rest = flags.journal
    ? 'run the same command with the same --journal to send them'
    : 'rows without a result line were not sent';
  if (json) {
    const { accepted, ...others } = counts;
    const tally = dryRun ? { valid: accepted, ...others } : counts;
    io.stdout.write(
      JSON.stringify({
        summary: { dryRun, rows, ...tally, ...(stopped ? { stopped: true, notReached } : {}) },
      }) + '\n',
    );
  } else io.stderr.write(summary + '\n');
  if (stopped) {
    io.stderr.write(`stopped: ${notReached} rows not reached, nothing sent for them; ${rest}\n`);
    return EXIT_INTERRUPTED;
  }
  return ok ? EXIT_OK : EXIT_API;
}

function resultJson(result: BroadcastResult, dryRun: boolean) {
  const [key, outcome, messageId, code, detail] = resultCells(result, dryRun);
  return { key, outcome, messageId: messageId ?? null, code: code ?? null, detail: detail ?? null };
}

function positive(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new UsageError(`${flag} must be a number > 0`, 'broadcast');
  return number;
}

interface QueueSettings {
  url: string;
  queue: string;
  workers: number;
  concurrency: number;
  rate: number;
  timeoutMs: number | undefined;
  /** How long Redis may stay silent before the run fails (--redis-timeout). */
  redisTimeoutMs: number;
}

/**
 * The fleet path: run workers here, and queue the rows by key as the fleet works through them (the
 * CSV streams: a bounded window of rows is queued and without an outcome at once), reporting each
 * outcome, never waiting longer than Redis stays silent. Redis's connection errors become one line on
 * stderr (each distinct one once), never a stack trace per retry.
 */
async function sendThroughQueue(
  client: KaleyraClient,
  jobs: AsyncIterable<BroadcastJob>,
  settings: QueueSettings,
  record: (result: BroadcastResult) => Promise<void>,
  stderr: Io['stderr'],
): Promise<void> {
  let fleet: typeof import('../broadcast/bullmq/index.js');
  let bullmq: typeof import('bullmq');
  try {
    [fleet, bullmq] = await Promise.all([import('../broadcast/bullmq/index.js'), import('bullmq')]);
  } catch {
    // One line, no help hint: the command line is right, the project lacks the optional peer.
    throw new UsageError(
      '--redis needs the bullmq package, which is not installed here: run `npm install bullmq`',
    );
  }
  const url = new URL(settings.url);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    maxRetriesPerRequest: null,
  };
  const seen = new Set<string>();
  const reportRedisError = (error: Error) => {
    const line = `redis ${url.host}: ${error.message.split('\n')[0]}`;
    if (seen.has(line)) return;
    seen.add(line);
    stderr.write(`${line} (retrying for up to ${Math.round(settings.redisTimeoutMs / 1_000)} s)\n`);
  };
  const queue = new bullmq.Queue<import('../broadcast/bullmq/index.js').BroadcastJobData, FinalResult>(
    settings.queue,
    { connection },
  );
  queue.on('error', reportRedisError);
  const workers: Array<import('bullmq').Worker> = [];
  try {
    // Every step that talks to Redis has the same deadline: a Redis that is down fails the run.
    const limiter = { max: Math.max(1, Math.round(settings.rate)), duration: 1_000 };
    const within = settings.redisTimeoutMs;
    // The limit is stored with the queue before any worker starts (no job yet), so each agrees to it.
    await fleet.enqueueBroadcast(queue, [], { limiter, unavailableAfterMs: within });
    for (let i = 0; i < settings.workers; i++) {
      const worker = await fleet.createBroadcastWorker(client, settings.queue, {
        connection,
        concurrency: settings.concurrency,
        limiter,
        unavailableAfterMs: within,
        ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
      });
      worker.on('error', reportRedisError);
      workers.push(worker);
    }
    const { lost } = await fleet.broadcastThroughQueue(queue, jobs, {
      limiter,
      onResult: record,
      unavailableAfterMs: within,
    });
    if (lost > 0)
      stderr.write(
        `broadcast: ${lost} job(s) vanished from Redis before they finished (restarted empty, or evicted); ` +
          `they are reported uncertain and were not resent\n`,
      );
  } finally {
    // A Redis that is gone holds close() forever (it waits to hand jobs back): drop the connections.
    const closed = Promise.all([...workers.map((worker) => worker.close()), queue.close()]);
    const gaveUp = new Promise<'late'>((resolve) => setTimeout(resolve, 2_000, 'late').unref());
    if ((await Promise.race([closed, gaveUp])) === 'late')
      await Promise.all([...workers.map((worker) => worker.disconnect()), queue.disconnect()]);
  }
}
