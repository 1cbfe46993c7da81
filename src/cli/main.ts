import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKaleyraClient, Redactor, type CallOptions } from '../index.js';
import { CONNECTION_OPTIONS, resolveCredentials, type Environment } from './credentials.js';
import { broadcastCommand } from './broadcast.js';
import { runDemo } from './demo.js';
import { didYouMean } from './did-you-mean.js';
import { createDryRunFetch } from './dry-run.js';
import { DEMO_HELP, MAIN_HELP, sendHelp, UPLOAD_HELP } from './help.js';
import { EXIT_OK, reportError, type Io } from './output.js';
import { openFile } from './open-file.js';
import { packageRoot } from './package-root.js';
import { runListen } from './listen.js';
import { runMock } from './mock-command.js';
import { parseFlags, type FlagSpec as Options } from './parse-flags.js';
import { createProgress } from './progress-bar.js';
import { findSendKind, SEND_KINDS, type Values } from './send-kinds.js';
import { messageIdOf } from './message-id.js';
import { runTrigger } from './trigger.js';
import { FlagError, UsageError } from './usage-error.js';

const CONNECTION: Options = CONNECTION_OPTIONS;
const COMMANDS = ['send', 'broadcast', 'upload', 'mock', 'trigger', 'listen', 'demo'];

function callOptions(values: Values): CallOptions {
  if (values.timeout === undefined) return {};
  const timeoutMs = Number(values.timeout);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError('--timeout must be a positive number of milliseconds');
  return { timeoutMs };
}

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

function clientFor(values: Values, env: Environment, files?: Map<string, string>) {
  const dryRun = values['dry-run'] === true;
  const flags = {
    sid: text(values, 'sid'),
    'api-key': text(values, 'api-key'),
    pod: text(values, 'pod'),
    'base-url': text(values, 'base-url'),
    from: text(values, 'from'),
  };
  const credentials = resolveCredentials(flags, env, dryRun);
  const dry = dryRun ? createDryRunFetch(files) : undefined;
  const client = createKaleyraClient({ ...credentials, maxRetries: 2, ...(dry ? { fetch: dry.fetch } : {}) });
  return { client, dry };
}

export async function main(argv: string[], env: Environment, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  try {
    switch (command) {
      case 'send':
        return await send(rest, env, io);
      case 'upload':
        return await upload(rest, env, io);
      case 'mock':
        return await runMock(rest, io);
      case 'trigger':
        return await runTrigger(rest, io);
      case 'listen':
        return await runListen(rest, io);
      case 'broadcast':
        return await broadcastCommand(rest, env, io);
      case 'demo': {
        const { values } = parseFlags(
          rest,
          { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
          'demo',
        );
        if (values.help) return print(io, DEMO_HELP);
        return await runDemo(io, values.json === true);
      }
      case '--version':
      case '-V':
      case 'version':
        return print(
          io,
          json
            ? JSON.stringify({ name: 'kaleyra-wa', version: packageVersion() })
            : `kaleyra-wa ${packageVersion()}`,
        );
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return print(io, MAIN_HELP);
      default:
        throw new UsageError(
          `unknown command "${command}"${didYouMean(command, COMMANDS) || `: use ${COMMANDS.join(', ')}`}`,
          '',
        );
    }
  } catch (error) {
    return reportError(io, error, json, new Redactor(...apiKeysIn(argv, env)));
  }
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest ? manifest.version : undefined;
  return typeof version === 'string' ? version : '(unknown version)';
}

/** Every key this run could hold, so that even an unexpected error's text is printed without it. */
function apiKeysIn(argv: readonly string[], env: Environment): string[] {
  const keys = [env.KALEYRA_API_KEY];
  argv.forEach((arg, i) => {
    if (arg === '--api-key') keys.push(argv[i + 1]);
    else if (arg.startsWith('--api-key=')) keys.push(arg.slice('--api-key='.length));
  });
  return keys.filter((key): key is string => key !== undefined && key !== '');
}

function print(io: Io, text: string): number {
  io.stdout.write(text + '\n');
  return EXIT_OK;
}

async function send(args: string[], env: Environment, io: Io): Promise<number> {
  const name = args[0]?.startsWith('-') ? undefined : args[0];
  const apiFlag = args.indexOf('--api');
  const api = apiFlag >= 0 ? args[apiFlag + 1] : 'v2';
  if (!name) {
    if (args.includes('--help') || args.includes('-h')) return print(io, sendHelp());
    throw new UsageError('which kind? e.g. kaleyra-wa send text ...', 'send');
  }
  if (api !== 'v1' && api !== 'v2') throw new UsageError('--api must be v1 or v2', 'send');
  const kind = findSendKind(api, name);
  if (!kind) {
    const other = api === 'v1' ? 'v2' : 'v1';
    const hint = findSendKind(other, name)
      ? `: it is a ${other} kind (${other === 'v1' ? 'add' : 'drop'} --api v1)`
      : didYouMean(
          name,
          SEND_KINDS.filter((k) => k.api === api).map((k) => k.name),
        );
    throw new UsageError(`unknown ${api} kind "${name}"${hint}`, 'send');
  }
  const command = `send ${name}${api === 'v1' ? ' --api v1' : ''}`;
  const { values } = parseFlags(
    args.slice(1),
    { ...CONNECTION, api: { type: 'string' }, ...kind.options },
    command,
  );
  if (values.help) return print(io, sendHelp(kind));

  let result: unknown;
  let dry: ReturnType<typeof clientFor>['dry'];
  try {
    const made = clientFor(values, env, kind.files?.(values));
    dry = made.dry;
    result = await kind.run(made.client, values, callOptions(values));
  } catch (error) {
    // A kind's flag errors (a required flag missing) point at that kind's help.
    if (error instanceof FlagError && error.command === undefined)
      throw new UsageError(error.message, command);
    throw error;
  }
  if (dry) return printDryRun(io, dry.captured, values.json === true);
  const id = messageIdOf(result);
  if (values.json)
    io.stdout.write(JSON.stringify({ api, kind: name, messageId: id ?? null, response: result }) + '\n');
  else io.stdout.write(`sent ${api} ${name}: message id ${id ?? '(none in the answer)'}\n`);
  return EXIT_OK;
}

async function upload(args: string[], env: Environment, io: Io): Promise<number> {
  const options: Options = {
    ...CONNECTION,
    'waba-id': { type: 'string' },
    type: { type: 'string' },
    name: { type: 'string' },
  };
  const parsed = parseFlags(args, options, 'upload');
  const values: Values = parsed.values;
  const wabaId = text(values, 'waba-id');
  if (values.help) return print(io, UPLOAD_HELP);
  const [path] = parsed.positionals;
  if (!path) throw new UsageError('which file? kaleyra-wa upload <file> --waba-id <id>', 'upload');
  if (!wabaId) throw new UsageError('--waba-id is required', 'upload');
  // --name is checked by the upload's own file-name rule, like a name taken from the path.
  const file = await openFile(path, { type: text(values, 'type'), name: text(values, 'name') });
  const { client, dry } = clientFor(values, env, new Map([[file.name, path]]));
  const progress = values.json || dry ? undefined : createProgress(io.stderr, file.name, file.size);
  try {
    const result = await client.media.uploadResumable(
      { wabaId, file, ...(progress ? { onProgress: (sent, total) => progress.update(sent, total) } : {}) },
      callOptions(values),
    );
    progress?.finish();
    if (dry) return printDryRun(io, dry.captured, values.json === true);
    const { id, status } = result.data;
    if (values.json) io.stdout.write(JSON.stringify({ id, status, response: result }) + '\n');
    else
      io.stdout.write(
        `uploaded ${file.name} (${file.size} bytes): resumable media id ${id}, status ${status}\n`,
      );
    return EXIT_OK;
  } catch (error) {
    progress?.finish();
    throw error;
  }
}

function printDryRun(
  io: Io,
  captured: ReadonlyArray<{ curl: string; method: string; url: string }>,
  json: boolean,
): number {
  if (json) io.stdout.write(JSON.stringify({ dryRun: true, requests: captured }) + '\n');
  else io.stdout.write(captured.map((c) => c.curl).join('\n\n') + '\n');
  return EXIT_OK;
}
