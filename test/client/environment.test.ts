import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKaleyraClient, KaleyraValidationError } from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';

// createKaleyraClient() with options left out reads them from process.env (openai-node's habit);
// an explicit option always wins, and a value found nowhere names its option and its variable.
const KEY = 'ENV-SECRET-KEY-123';
const VARIABLES = [
  'KALEYRA_SID',
  'KALEYRA_API_KEY',
  'KALEYRA_POD',
  'KALEYRA_BASE_URL',
  'KALEYRA_FROM',
  'KALEYRA_LOG',
];
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  // Start from a clean slate whatever the shell running the tests has set.
  for (const name of VARIABLES) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function stubAccount() {
  vi.stubEnv('KALEYRA_SID', 'HXENV0000000001');
  vi.stubEnv('KALEYRA_API_KEY', KEY);
  vi.stubEnv('KALEYRA_BASE_URL', server.url);
  vi.stubEnv('KALEYRA_FROM', '+919876543210');
}

/** A fetch that records where the request would have gone and answers 202 itself. */
function capturingFetch(urls: string[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    urls.push(request.url);
    const body = { code: 'WA202', message: 'ok', data: { message_id: 'wamid.X' }, error: {} };
    return new Response(JSON.stringify(body), {
      status: 202,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function failure(run: () => unknown): KaleyraValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof KaleyraValidationError) return error;
    throw error;
  }
  throw new Error('expected a KaleyraValidationError');
}

describe('configuration from the environment', () => {
  it('createKaleyraClient() with no options sends with KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_BASE_URL and KALEYRA_FROM', async () => {
    stubAccount();
    await createKaleyraClient().v2Messages.sendText({ to: '+919812345678', body: 'hi' });
    const [request] = server.requests;
    expect(request!.path).toBe('/v2/HXENV0000000001/whatsapp/+919876543210/messages');
    expect(request!.headers['api-key']).toBe(KEY);
  });

  it('KALEYRA_POD picks the pod host', async () => {
    stubAccount();
    vi.stubEnv('KALEYRA_BASE_URL', undefined);
    vi.stubEnv('KALEYRA_POD', 'eu');
    const urls: string[] = [];
    await createKaleyraClient({ fetch: capturingFetch(urls) }).v2Messages.sendText({
      to: '+919812345678',
      body: 'hi',
    });
    expect(urls).toEqual(['https://api.eu.kaleyra.io/v2/HXENV0000000001/whatsapp/+919876543210/messages']);
  });

  it('explicit options win over every variable, and an explicit pod over KALEYRA_BASE_URL', async () => {
    stubAccount();
    const urls: string[] = [];
    const client = createKaleyraClient({
      sid: 'HXOPT',
      pod: 'sg',
      from: '+919000000001',
      fetch: capturingFetch(urls),
    });
    await client.v2Messages.sendText({ to: '+919812345678', body: 'hi' });
    expect(urls).toEqual(['https://api.kaleyra.io/v2/HXOPT/whatsapp/+919000000001/messages']);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['sid', 'KALEYRA_SID'],
    ['apiKey', 'KALEYRA_API_KEY'],
  ])('a missing %s names the option and %s (not a "format" error)', (field, variable) => {
    stubAccount();
    vi.stubEnv(variable, undefined);
    const error = failure(() => createKaleyraClient());
    expect(error).toMatchObject({ field, rule: 'required' });
    expect(error.message).toContain(`pass ${field}, or set ${variable}`);
  });

  it('a missing pod names pod, baseUrl and both variables; a bad KALEYRA_POD names the variable', () => {
    stubAccount();
    vi.stubEnv('KALEYRA_BASE_URL', undefined);
    const error = failure(() => createKaleyraClient());
    expect(error).toMatchObject({ field: 'pod', rule: 'one-of' });
    expect(error.detail).toMatch(
      /pass pod \(in, sg, eu, na\) or baseUrl, or set KALEYRA_POD or KALEYRA_BASE_URL/,
    );
    vi.stubEnv('KALEYRA_POD', 'us');
    expect(failure(() => createKaleyraClient()).detail).toBe('KALEYRA_POD must be one of in, sg, eu, na');
  });

  it('an empty variable counts as unset', () => {
    stubAccount();
    vi.stubEnv('KALEYRA_SID', '');
    expect(failure(() => createKaleyraClient())).toMatchObject({ field: 'sid', rule: 'required' });
  });
});

describe('KALEYRA_LOG', () => {
  it('debug logs the request to stderr through the redacting logger: no key anywhere', async () => {
    stubAccount();
    vi.stubEnv('KALEYRA_LOG', 'debug');
    const lines: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args));
    await createKaleyraClient().v2Messages.sendText({ to: '+919812345678', body: 'hi' });
    expect(lines.some(([line]) => typeof line === 'string' && line.startsWith('kaleyra debug: '))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(KEY);
  });

  it('warn leaves debug lines out; an explicit logger wins; an unknown level is refused', async () => {
    stubAccount();
    vi.stubEnv('KALEYRA_LOG', 'warn');
    const lines: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args));
    await createKaleyraClient().v2Messages.sendText({ to: '+919812345678', body: 'hi' });
    expect(lines).toEqual([]);

    vi.stubEnv('KALEYRA_LOG', 'debug');
    const own: string[] = [];
    const logger = { debug: (m: string) => own.push(m), info: () => {}, warn: () => {}, error: () => {} };
    await createKaleyraClient({ logger }).v2Messages.sendText({ to: '+919812345678', body: 'hi' });
    expect(own.length).toBeGreaterThan(0);
    expect(lines).toEqual([]);

    vi.stubEnv('KALEYRA_LOG', 'verbose');
    expect(failure(() => createKaleyraClient())).toMatchObject({ field: 'logger', rule: 'one-of' });
  });
});
