import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';
import { createKaleyraClient, KaleyraError, type KaleyraClientOptions } from '../../src/index.js';
import { memoryJournal, sendMany } from '../../src/broadcast/index.js';
import { errorRenderings } from '../support/error-renderings.js';

// Every error class the package exports, produced through a client whose fetch puts the key
// everywhere it can: the body, the headers, the cause, the abort reason. Whatever the class, the
// key must come out scrubbed, because every error the core builds goes through the client's
// Redactor. A new exported error class with no path here, or a new construction in the core that
// carries a request, a cause, a body or headers without the redactor, fails this file.

// '+', '/' and '=' change under URL encoding, so both spellings are checked.
const KEY = 'Rk7+Zq9/Wx8=Vy6Ut5Sr4Qp3';
const SPELLINGS = [KEY, encodeURIComponent(KEY)];
const SID = 'HXAP16XXXXXX97IN';
const FROM = '+919000000007';
const TO = '+919876543210';

const logLines: unknown[] = [];
const log = (...args: unknown[]) => void logLines.push(args);
const logger = { debug: log, info: log, warn: log, error: log };

type Answer = (signal: AbortSignal) => Promise<Response>;

function clientWith(answer: Answer, overrides: Partial<KaleyraClientOptions> = {}) {
  const fetchStub: typeof fetch = (_input, init) => answer(init!.signal!);
  return createKaleyraClient({
    sid: SID,
    apiKey: KEY,
    from: FROM,
    baseUrl: 'https://api.kaleyra.example',
    maxRetries: 0,
    logger,
    fetch: fetchStub,
    ...overrides,
  });
}

/** An answer that echoes the key in its body and in headers, as a careless proxy might. */
function echoing(status: number, extra: Record<string, string> = {}): Answer {
  return () =>
    Promise.resolve(
      new Response(
        JSON.stringify({
          code: `E${status}`,
          message: `rejected key ${KEY}`,
          data: {},
          error: { 'api-key': KEY, echo: `api-key=${encodeURIComponent(KEY)}` },
        }),
        {
          status,
          headers: {
            'content-type': 'application/json',
            'api-key': KEY,
            'x-echo': `seen ${KEY}`,
            'retry-after': '1',
            ...extra,
          },
        },
      ),
    );
}

/** Never answers; rejects with the signal's reason once the attempt is aborted. */
const hanging: Answer = (signal) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

const send = (client: ReturnType<typeof createKaleyraClient>, options = {}) =>
  client.v2Messages.sendText({ to: TO, body: 'hi' }, options);

const caught = new Map<string, unknown>();
async function capture(name: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    caught.set(name, error);
    return;
  }
  throw new Error(`${name}: expected a failure`);
}

const scenarios: Array<[string, () => unknown]> = [
  ['key refused at creation', () => clientWith(echoing(200), { apiKey: `${KEY}\u0000` })],
  ['400', () => send(clientWith(echoing(400)))],
  ['401', () => send(clientWith(echoing(401)))],
  ['404', () => send(clientWith(echoing(404)))],
  ['413', () => send(clientWith(echoing(413)))],
  ['429', () => send(clientWith(echoing(429)))],
  ['500', () => send(clientWith(echoing(500)))],
  ['redirect', () => send(clientWith(echoing(302, { location: `https://elsewhere.example/?k=${KEY}` })))],
  [
    'connection refused',
    () =>
      send(
        clientWith(() =>
          Promise.reject(
            new TypeError('fetch failed', {
              cause: Object.assign(new Error(`connect ECONNREFUSED with ${KEY}`), { code: 'ECONNREFUSED' }),
            }),
          ),
        ),
      ),
  ],
  [
    'invalid request',
    () =>
      send(
        clientWith(() =>
          Promise.reject(new TypeError(`Headers.append: "${KEY}" is an invalid header value`)),
        ),
      ),
  ],
  ['runtime failure', () => send(clientWith(() => Promise.reject(new RangeError(`broken ${KEY}`))))],
  ['timeout', () => send(clientWith(hanging), { timeoutMs: 50 })],
  [
    'abort',
    () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error(`cancelled the call made with ${KEY}`)), 20);
      return send(clientWith(hanging), { signal: controller.signal });
    },
  ],
  [
    'unexpected 2xx',
    () =>
      send(
        clientWith(() =>
          Promise.resolve(
            new Response(`<p>ok ${KEY}</p>`, { status: 200, headers: { 'content-type': 'text/html' } }),
          ),
        ),
      ),
  ],
  [
    'journal of another broadcast',
    async () => {
      const journal = memoryJournal();
      const job = { key: 'k', api: 'v2', kind: 'text', message: { to: TO, body: 'hi' } } as const;
      for await (const _ of sendMany(clientWith(echoing(200)), [job], { journal, broadcastId: 'first' }))
        void _;
      for await (const _ of sendMany(clientWith(echoing(200)), [job], { journal, broadcastId: 'second' }))
        void _;
    },
  ],
  [
    'media download whose bytes do not match',
    async () => {
      const client = clientWith(() => Promise.resolve(new Response(new Uint8Array(64), { status: 200 })));
      const media = await client.media.download({
        mediaUrl: `https://api.kaleyra.example/media/${KEY}.png`,
        sha256: 'a'.repeat(64),
      });
      await new Response(media.body).arrayBuffer();
    },
  ],
  [
    'raw client connection failure',
    () =>
      clientWith(() =>
        Promise.reject(Object.assign(new TypeError(`fetch failed ${KEY}`), { code: 'ECONNRESET' })),
      ).v1.GET('/v1/{sid}/callback/profiles', { params: { path: { sid: SID } } }),
  ],
];

afterAll(() => {
  caught.clear();
});

describe('every error the core builds goes through the Redactor', () => {
  it.each(scenarios)('%s: the error shows no key however it is printed', async (name, run) => {
    await capture(name, run);
    const error = caught.get(name);
    expect(error, name).toBeInstanceOf(KaleyraError);
    for (const text of Object.values(errorRenderings(error))) {
      for (const spelling of SPELLINGS) expect(text, `${name}`).not.toContain(spelling);
    }
  });

  it('the scrubbed answers kept what was not the key', () => {
    const error = caught.get('401') as sdk.KaleyraApiError;
    expect(error.code).toBe('E401');
    expect(error.headers['x-echo']).toBe('seen [REDACTED]');
    expect(error.headers['api-key']).toBe('***');
    expect(error.fieldErrors['api-key']).toBe('[REDACTED]');
    expect(error.body).toContain('rejected key [REDACTED]');
  });

  it('every exported error class was produced by some path above', () => {
    const exported = Object.entries(sdk)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error)
      .map(([name]) => name)
      // The shared base of request errors is never thrown as such.
      .filter((name) => name !== 'KaleyraRequestError')
      // Thrown by the BullMQ entry point from Redis state (test/broadcast/fleet-faults.test.ts, on a real
      // redis-server); built from counts, keys and limits only, never from a request or an answer.
      .filter((name) => name !== 'KaleyraQueueUnavailableError' && name !== 'KaleyraQueueLimitMismatchError');
    const produced = new Set([...caught.values()].map((error) => (error as Error).constructor.name));
    expect(exported.length).toBeGreaterThan(10);
    for (const name of exported) expect(produced, `no scenario produces ${name}`).toContain(name);
  });

  it('no log line carries the key', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const text = inspect(logLines, { depth: Infinity }) + JSON.stringify(logLines);
    for (const spelling of SPELLINGS) expect(text).not.toContain(spelling);
  });
});

describe('no error is built in the core without the redactor', () => {
  // A construction that can carry what a caller or a server supplied (a request, a cause, a body,
  // headers, an abort reason) must name the redactor; a fixed message needs none.
  const CARRIES = /\b(?:cause|method|path|body|headers|reason|init)\b/;
  const BUILDS = /new Kaleyra(?!Validation)\w*Error\(|createApiError\(|decodeApiError\(/g;
  const root = fileURLToPath(new URL('../../src', import.meta.url));
  // Code that never holds a key, said why: the check is for code a client's key passes through.
  const NO_KEY_HERE = new Map([
    [
      join('node', 'file-journal.ts'),
      'a journal is opened by path, before and without a client: its errors carry its file name and the file system error',
    ],
  ]);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith('errors/') && !file.startsWith('errors\\'))
    .filter((file) => !NO_KEY_HERE.has(file))
    .map((file) => [file, readFileSync(join(root, file), 'utf8')] as const);

  it('finds the constructions it checks', () => {
    const count = files.reduce((sum, [, text]) => sum + (text.match(BUILDS)?.length ?? 0), 0);
    expect(count).toBeGreaterThanOrEqual(10);
  });

  it.each(files.filter(([, text]) => text.match(BUILDS) !== null).map(([file]) => file))('%s', (file) => {
    const text = files.find(([name]) => name === file)![1];
    for (const match of text.matchAll(BUILDS)) {
      const args = balancedArguments(text, match.index + match[0].length);
      if (CARRIES.test(args))
        expect(args, `${file}: ${match[0]}${args.slice(0, 80)}`).toMatch(/\bredactor\b/);
    }
  });
});

/** The text between the opening parenthesis just before `start` and its matching close. */
function balancedArguments(text: string, start: number): string {
  let depth = 1;
  for (let at = start; at < text.length; at++) {
    if (text[at] === '(') depth++;
    else if (text[at] === ')' && --depth === 0) return text.slice(start, at);
  }
  return text.slice(start);
}
