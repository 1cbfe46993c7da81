import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';

// An app can hold two copies of the SDK at once: the CommonJS build required by one dependency and
// the ESM build imported by the app, or a bundler's duplicate. The built files are loaded as users
// load them, in a child process: lib/cjs/index.js by require, lib/esm/index.js by import, and a second
// ESM instance of the same file (another URL, so Node evaluates it again).
const root = fileURLToPath(new URL('../../', import.meta.url));
const esmUrl = pathToFileURL(`${root}lib/esm/index.js`).href;

const script = `
  import { createRequire } from 'node:module';
  const cjs = createRequire(import.meta.url)(${JSON.stringify(`${root}lib/cjs/index.js`)});
  const esm = await import(${JSON.stringify(esmUrl)});
  const copy = await import(${JSON.stringify(`${esmUrl}?second-copy`)});
  const options = { sid: 'HXAP16XXXXXX97IN', apiKey: 'copies-test-key', pod: 'in', from: '+919876543210', maxRetries: 0 };
  const thrown = async (sdk, answer) => {
    const client = sdk.createKaleyraClient({ ...options, fetch: async () => answer() });
    try { await client.v2Messages.sendText({ to: answer ? '+919812345678' : 'not a number', body: 'hi' }); }
    catch (error) { return error; }
    throw new Error('no error thrown');
  };
  const rateLimited = () => Response.json({ code: 'WA429', message: 'slow down' }, { status: 429 });
  const errors = {
    cjsRateLimit: await thrown(cjs, rateLimited),
    cjsValidation: await thrown(cjs, undefined),
    copyRateLimit: await thrown(copy, rateLimited),
  };
  class MyError extends esm.KaleyraError {}
  const classes = ['KaleyraError', 'KaleyraRequestError', 'KaleyraApiError', 'KaleyraRateLimitError',
    'KaleyraServerError', 'KaleyraValidationError'];
  const result = {};
  for (const [name, error] of Object.entries(errors))
    result[name] = {
      sameClassObject: error.constructor === esm[error.name],
      instanceOf: classes.filter((c) => error instanceof esm[c]),
      isKaleyraError: esm.isKaleyraError(error),
      cjsSaysSo: cjs.isKaleyraError(error),
      ofUserSubclass: error instanceof MyError,
    };
  result.userSubclass = new MyError('mine') instanceof MyError && new MyError('mine') instanceof cjs.KaleyraError;
  result.notErrors = [new Error('x'), { name: 'KaleyraError', message: 'x' }, null, 'KaleyraError', undefined]
    .map((v) => esm.isKaleyraError(v) || (v !== null && typeof v === 'object' && v instanceof esm.KaleyraError));
  result.esmInCjs = (await thrown(esm, rateLimited)) instanceof cjs.KaleyraRateLimitError;
  console.log(JSON.stringify(result));
`;

let result: Record<string, unknown>;
beforeAll(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
  });
  result = JSON.parse(stdout) as Record<string, unknown>;
});

it('an error from the CommonJS build is instanceof the ESM classes of its family, and only those', () => {
  expect(result.cjsRateLimit).toEqual({
    sameClassObject: false,
    instanceOf: ['KaleyraError', 'KaleyraRequestError', 'KaleyraApiError', 'KaleyraRateLimitError'],
    isKaleyraError: true,
    cjsSaysSo: true,
    ofUserSubclass: false,
  });
  expect(result.cjsValidation).toEqual({
    sameClassObject: false,
    instanceOf: ['KaleyraError', 'KaleyraValidationError'],
    isKaleyraError: true,
    cjsSaysSo: true,
    ofUserSubclass: false,
  });
});

it('so is one from a second copy of the ESM build, and an ESM error is instanceof the CJS class', () => {
  expect(result.copyRateLimit).toMatchObject({
    sameClassObject: false,
    instanceOf: ['KaleyraError', 'KaleyraRequestError', 'KaleyraApiError', 'KaleyraRateLimitError'],
    isKaleyraError: true,
  });
  expect(result.esmInCjs).toBe(true);
});

it("isKaleyraError is false for other values, and a user's subclass keeps the ordinary instanceof", () => {
  expect(result.notErrors).toEqual([false, false, false, false, false]);
  expect(result.userSubclass).toBe(true);
});
