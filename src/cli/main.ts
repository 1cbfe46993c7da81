import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createKaleyraClient } from '../client/create-client.js';
import type { CallOptions } from '../client/options.js';
import { fileFromPath } from '../node/file-from-path.js';
import { broadcastCommand } from './broadcast.js';
import { resolveCredentials } from './credentials.js';
import { runDemo } from './demo.js';
import { createDryRunFetch } from './dry-run.js';
import { DEMO_HELP, MAIN_HELP, MOCK_HELP, sendHelp, UPLOAD_HELP } from './help.js';
import { EXIT_OK, reportError, type Io } from './output.js';
import { bundledSpecPath } from './package-root.js';
import { startMockServer } from './prism-process.js';
import { createProgress } from './progress-bar.js';
import { findSendKind } from './send-kinds.js';
import { messageIdOf } from './message-id.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

const CONNECTION: Options = {
  sid: { type: 'string' },
  'api-key': { type: 'string' },
  pod: { type: 'string' },
  'base-url': { type: 'string' },
  from: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function parse(args: string[], options: Options, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), command);
  }
}

function callOptions(values: Record<string, unknown>): CallOptions {
  if (values.timeout === undefined) return {};
  const timeoutMs = Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
  return { timeoutMs };
}

function clientFor(values: Record<string, unknown>, env: NodeJS.ProcessEnv, files?: Map<string, string>) {
  const dryRun = values['dry-run'] === true;
  const credentials = resolveCredentials(values as Record<string, string | undefined>, env, dryRun);
  const dry = dryRun ? createDryRunFetch(files) : undefined;
  const client = createKaleyraClient({ ...credentials, maxRetries: 2, ...(dry ? { fetch: dry.fetch } : {}) });
  return { client, dry };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    switch (command) {
      case 'send':
        return await send(rest, env, io);
      case 'upload':
        return await upload(rest, env, io);
      case 'mock':
        return await mock(rest, io);
      case 'broadcast':
        return await broadcastCommand(rest, env, io);
      case 'demo': {
        const { values } = parse(rest, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, 'demo');
        if (values.help) return print(io, DEMO_HELP);
        return await runDemo(io, values.json === true);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return print(io, MAIN_HELP);
      default:
        throw new UsageError(`unknown command "${command}": use send, broadcast, upload, mock or demo`, '');
    }
  } catch (error) {
    return reportError(io, error, json);
  }
}

function print(io: Io, text: string): number {
  io.stdout.write(text + '\n');
  return EXIT_OK;
}

async function send(args: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const name = args[0]?.startsWith('-') ? undefined : args[0];
  const apiFlag = args.indexOf('--api');
  const api = apiFlag >= 0 ? args[apiFlag + 1] : 'v2';
  if (!name) {
    if (args.includes('--help') || args.includes('-h')) return print(io, sendHelp());
    throw new UsageError('which kind? e.g. kaleyra-wa send text ...', 'send');
  }
  if (api !== 'v1' && api !== 'v2') throw new UsageError('--api must be v1 or v2', 'send');
  const kind = findSendKind(api, name);
  if (!kind) throw new UsageError(`unknown ${api} kind "${name}"`, 'send');
  const { values } = parse(args.slice(1), { ...CONNECTION, api: { type: 'string' }, ...kind.options }, `send ${name}`) as { values: Values };
  if (values.help) return print(io, sendHelp(kind));

  const { client, dry } = clientFor(values, env, kind.files?.(values));
  const result = await kind.run(client, values, callOptions(values));
  if (dry) return printDryRun(io, dry.captured, values.json === true);
  const id = messageIdOf(result);
  if (values.json) io.stdout.write(JSON.stringify({ api, kind: name, messageId: id ?? null, response: result }) + '\n');
  else io.stdout.write(`sent ${api} ${name}: message id ${id ?? '(none in the answer)'}\n`);
  return EXIT_OK;
}

async function upload(args: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const parsed = parse(args, { ...CONNECTION, 'waba-id': { type: 'string' }, type: { type: 'string' } }, 'upload');
  const values = parsed.values as Values;
  const positionals = parsed.positionals;
  const wabaId = typeof values['waba-id'] === 'string' ? values['waba-id'] : undefined;
  const declaredType = typeof values.type === 'string' ? values.type : undefined;
  if (values.help) return print(io, UPLOAD_HELP);
  const [path] = positionals;
  if (!path) throw new UsageError('which file? kaleyra-wa upload <file> --waba-id <id>', 'upload');
  if (!wabaId) throw new UsageError('--waba-id is required', 'upload');
  const file = await fileFromPath(path, declaredType ? { type: declaredType } : {});
  const { client, dry } = clientFor(values, env, new Map([[file.name, path]]));
  const progress = values.json || dry ? undefined : createProgress(io.stderr, file.name);
  try {
    const result = await client.media.uploadResumable(
      { wabaId, file, ...(progress ? { onProgress: (sent, total) => progress.update(sent, total) } : {}) },
      callOptions(values),
    );
    progress?.finish();
    if (dry) return printDryRun(io, dry.captured, values.json === true);
    if (values.json) io.stdout.write(JSON.stringify({ id: result.data.id, status: result.data.status, response: result }) + '\n');
    else io.stdout.write(`uploaded ${file.name} (${file.size} bytes): resumable media id ${result.data.id}, status ${result.data.status}\n`);
    return EXIT_OK;
  } catch (error) {
    progress?.finish();
    throw error;
  }
}

async function mock(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' } }, 'mock');
  if (values.help) return print(io, MOCK_HELP);
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number', 'mock');
  const server = await startMockServer({ specPath: bundledSpecPath(), port, ...(typeof values.host === 'string' ? { host: values.host } : {}) });
  io.stdout.write(values.json ? JSON.stringify({ url: server.url }) + '\n' : `mock Kaleyra listening on ${server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return EXIT_OK;
}

function printDryRun(io: Io, captured: ReadonlyArray<{ curl: string; method: string; url: string }>, json: boolean): number {
  if (json) io.stdout.write(JSON.stringify({ dryRun: true, requests: captured }) + '\n');
  else io.stdout.write(captured.map((c) => c.curl).join('\n\n') + '\n');
  return EXIT_OK;
}
