// The baseline of bench/broadcast-cli.mjs, in its own process: sendMany from the built package on the
// jobs the CLI would make of the bench's CSV, made by a generator (no CSV, no result file).
//   node bench/send-many-jobs.mjs <jobs> <concurrency> <rate> [--dry-run] [--journal=<file>]
// With the CLI's own settings: the same rate limit (the CLI always has one), and the same file
// journal when the CLI runs with --journal.
import { createKaleyraClient } from '../lib/esm/index.js';
import { sendMany } from '../lib/esm/broadcast.js';
import { fileJournal } from '../lib/esm/node.js';

const [jobs, concurrency, rate] = process.argv.slice(2, 5).map(Number);
const dryRun = process.argv.includes('--dry-run');
const journal = process.argv.find((a) => a.startsWith('--journal='))?.slice('--journal='.length);
const client = createKaleyraClient({
  sid: process.env.KALEYRA_SID,
  apiKey: process.env.KALEYRA_API_KEY,
  baseUrl: process.env.KALEYRA_BASE_URL,
  from: process.env.KALEYRA_FROM,
  ...(dryRun
    ? // The v2 success the CLI's dry run answers with (src/cli/dry-run.ts), so both take the same path.
      {
        fetch: async () =>
          Response.json(
            {
              dryRun: true,
              code: 'DRY-RUN',
              message: 'dry run: not sent',
              data: { message_id: 'dry-run', id: 'dry-run', status: 'dry-run' },
            },
            { status: 202 },
          ),
      }
    : {}),
});
function* make() {
  for (let i = 0; i < jobs; i++) {
    const to = `+9198${String(10_000_000 + i).padStart(8, '0')}`;
    yield {
      key: to,
      api: 'v2',
      kind: 'template',
      message: {
        to,
        name: 'order_update',
        language: 'en',
        parameters: { body: [`Customer ${i}, Jr.`, `ORD-${i}`] },
      },
    };
  }
}
const summary = await sendMany(client, make(), {
  concurrency,
  ...(dryRun ? {} : { ratePerSecond: rate }),
  ...(journal && !dryRun ? { journal: fileJournal(journal) } : {}),
}).summary();
if (summary.accepted !== jobs) throw new Error(`only ${summary.accepted} of ${jobs} accepted`);
