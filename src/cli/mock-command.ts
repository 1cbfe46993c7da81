import { parseFailurePlan, type FailurePlan } from '../testing/failure-plan.js';
import { loadSpec } from '../testing/spec-document.js';
import { MOCK_HELP } from './help.js';
import { SAMPLE_MEDIA_PATH } from '../testing/sample-media.js';
import { startMockFront, type MockFront } from './mock-front.js';
import { EXIT_OK, type Io } from './output.js';
import { bundledSpecPath } from './package-root.js';
import { errorCode, failure, parseFlags, portFlag, catchStopSignals, urlFlag } from './parse-flags.js';
import { startMockServer } from './prism-process.js';
import { UsageError } from './usage-error.js';

/** `kaleyra-wa mock`: Prism behind a front server that takes 100 MB uploads and sends callbacks. */
export async function runMock(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      'callback-url': { type: 'string' },
      delay: { type: 'string' },
      fail: { type: 'string' },
      'basic-auth': { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
    },
    'mock',
  );
  if (values.help) {
    io.stdout.write(MOCK_HELP + '\n');
    return EXIT_OK;
  }
  const json = values.json === true;
  const port = portFlag(values.port, 4010, 'mock');
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const callbackUrl = urlFlag(values['callback-url'], '--callback-url', 'mock');
  const delayMs = values.delay === undefined ? 500 : Number(values.delay);
  if (!Number.isFinite(delayMs) || delayMs < 0)
    throw new UsageError('--delay must be a number of milliseconds', 'mock');
  const specPath = bundledSpecPath();
  const doc = loadSpec(specPath);
  let failures: FailurePlan | undefined;
  if (typeof values.fail === 'string') {
    try {
      failures = parseFailurePlan(doc, values.fail);
    } catch (error) {
      throw new UsageError((error as Error).message, 'mock');
    }
  }
  const log = (line: string) => io.stdout.write(json ? JSON.stringify({ log: line }) + '\n' : line + '\n');

  const signals = catchStopSignals();
  // The front server listens first: a port in use is reported before Prism is started at all.
  let prismStarted: (url: string) => void = () => undefined;
  const prismUrl = new Promise<string>((resolve) => (prismStarted = resolve));
  let front: MockFront;
  try {
    front = await startMockFront({
      doc,
      prismUrl,
      host,
      port,
      ...(callbackUrl ? { callbackUrl } : {}),
      callbackDelayMs: delayMs,
      callbackAuth: {
        ...(typeof values['basic-auth'] === 'string' ? { basicAuth: values['basic-auth'] } : {}),
        ...(typeof values.token === 'string' ? { token: values.token } : {}),
      },
      ...(failures ? { failures } : {}),
      log,
    });
  } catch (error) {
    signals.release();
    const code = errorCode(error);
    return failure(
      io,
      json,
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use`
        : `the mock could not listen on ${host}:${port}: ${code}`,
    );
  }
  let prism: Awaited<ReturnType<typeof startMockServer>>;
  try {
    prism = await startMockServer({ specPath, host });
  } catch (error) {
    signals.release();
    await front.close();
    throw error;
  }
  prismStarted(prism.url);
  const mediaBaseUrl = front.url + SAMPLE_MEDIA_PATH.slice(0, -1);
  io.stdout.write(
    json
      ? JSON.stringify({ url: front.url, callbackUrl: callbackUrl ?? null, mediaBaseUrl }) + '\n'
      : `mock Kaleyra listening on ${front.url}${callbackUrl ? `, callbacks to ${callbackUrl}` : ''} (Ctrl-C to stop)\n` +
          `incoming media samples at ${mediaBaseUrl} (kaleyra-wa trigger incoming.image --media-base-url ${mediaBaseUrl})\n`,
  );
  // If Prism dies under the front, every answer after would be a 502: the mock stops, non-zero, with
  // Prism's last words. A restart would hide which request killed it and keep a half-broken mock
  // serving a test run; a command that fails is what a terminal, a CI step or a supervisor notices.
  const ended = await Promise.race([signals.stopped.then(() => undefined), prism.exited.then((how) => how)]);
  await front.close();
  if (ended === undefined) {
    await prism.close();
    return EXIT_OK;
  }
  signals.release();
  return failure(
    io,
    json,
    `Prism, which checks every request behind the mock, stopped unexpectedly (${ended}); the mock stopped too. Prism's last output:\n${prism.output().slice(-2_000)}`,
  );
}
