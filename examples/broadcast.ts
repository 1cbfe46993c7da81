// Sends one approved template to a list of numbers, a few at a time, and copes with rate limits.
//
//   npx tsx examples/broadcast.ts recipients.txt            # one E.164 number per line, # comments
//
// Environment: as examples/otp-authentication-template.ts; BROADCAST_TEMPLATE (default
// `weekly_offer`), BROADCAST_CONCURRENCY (default 4).
//
// How 429s are handled: the client already retries a 429 (maxRetries, honouring Retry-After). If a
// send still ends in KaleyraRateLimitError, every worker pauses for the time Kaleyra asked for (or a
// doubling backoff) and the number goes back in the queue, up to MAX_ATTEMPTS. A 429 means the
// message was not accepted, so sending it again cannot duplicate it. Other failures are reported and
// not retried: a 5xx or a timeout may have been delivered (see the README's retry policy).
import { readFile } from 'node:fs/promises';
import {
  createKaleyraClient,
  KaleyraApiError,
  KaleyraRateLimitError,
  KaleyraValidationError,
} from 'kaleyra-whatsapp';

const MAX_ATTEMPTS = 5;
const listPath = process.argv[2];
if (!listPath) throw new Error('usage: broadcast.ts <file with one number per line>');
const concurrency = Math.max(1, Number(process.env.BROADCAST_CONCURRENCY ?? 4));
const template = process.env.BROADCAST_TEMPLATE ?? 'weekly_offer';

// KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD (or KALEYRA_BASE_URL) and KALEYRA_FROM configure the client.
const kaleyra = createKaleyraClient({ maxRetries: 2 });

const numbers = [
  ...new Set(
    (await readFile(listPath, 'utf8'))
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean),
  ),
];
const queue = numbers.map((to) => ({ to, attempts: 0 }));
const results = { sent: 0, refused: 0, failed: 0, rateLimited: 0 };
let pausedUntil = 0;
let backoffMs = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function worker(): Promise<void> {
  for (let job = queue.shift(); job; job = queue.shift()) {
    if (Date.now() < pausedUntil) await sleep(pausedUntil - Date.now());
    job.attempts++;
    try {
      const sent = await kaleyra.v2Messages.sendTemplate({
        to: job.to,
        name: template,
        language: 'en',
        extraInfo: { ref: `broadcast:${template}` },
      });
      results.sent++;
      backoffMs = 1_000;
      console.log(`${job.to}: sent ${sent.data.message_id}`);
    } catch (error) {
      if (error instanceof KaleyraRateLimitError && job.attempts < MAX_ATTEMPTS) {
        results.rateLimited++;
        const wait = error.retryAfterMs ?? backoffMs;
        backoffMs = Math.min(backoffMs * 2, 60_000);
        pausedUntil = Math.max(pausedUntil, Date.now() + wait);
        console.log(`${job.to}: rate limited, all workers pause ${wait} ms, then it is sent again`);
        queue.push(job);
      } else if (error instanceof KaleyraValidationError) {
        results.refused++;
        console.log(`${job.to}: not sent, ${error.field}: ${error.message}`);
      } else if (error instanceof KaleyraApiError) {
        results.failed++;
        console.log(`${job.to}: failed, ${error.status} ${error.code}`);
      } else throw error;
    }
  }
}

await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
console.log(
  `broadcast done: ${numbers.length} numbers, ${results.sent} sent, ${results.refused} refused, ${results.failed} failed, ${results.rateLimited} rate-limited attempts`,
);
if (results.sent < numbers.length) process.exitCode = 1;
