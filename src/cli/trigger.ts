import { CALLBACK_EVENTS, findCallbackEvent } from '../testing/callback-catalogue.js';
import { callbackRequest } from '../testing/deliver-callback.js';
import { loadSpec } from '../testing/spec-document.js';
import { EXIT_OK, type Io } from './output.js';
import { bundledSpecPath } from './package-root.js';
import { errorCode, failure, parseFlags, urlFlag } from './parse-flags.js';
import { UsageError } from './usage-error.js';
import { fitHelp } from './help-layout.js';

export const TRIGGER_HELP = fitHelp(`Usage: kaleyra-wa trigger <event> --url <url> [options]
       kaleyra-wa trigger --list

Sends one callback to your endpoint exactly as Kaleyra would (GET with a query or POST with JSON),
with realistic values built on the OpenAPI document's webhook examples.

Options:
  --url <url>              where to send it (required)
  --message-id <id>        the message id a status carries (default: the example's)
  --to <number>            the end user's number (status recipient, incoming sender)
  --from <number>          the business number
  --media-base-url <url>   incoming media events point at the sample file of their type below <url>,
                           with its mime_type and sha256: give a running kaleyra-wa mock's
                           <url>/media (without it: the document example's URL, served by nobody)
  --basic-auth <user:pass> send the profile's Basic auth
  --token <secret>         add ?token=<secret> (what verifyCallbackToken checks by default)
  --list                   list the events
  --json                   machine-readable output

Example:
  kaleyra-wa trigger status.delivered --url http://127.0.0.1:3000/kaleyra/my-secret --message-id A123`);

export async function runTrigger(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      url: { type: 'string' },
      'message-id': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      'media-base-url': { type: 'string' },
      'basic-auth': { type: 'string' },
      token: { type: 'string' },
      list: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'trigger',
  );
  const json = values.json === true;
  if (values.help) {
    io.stdout.write(TRIGGER_HELP + '\n');
    return EXIT_OK;
  }
  if (values.list) {
    if (json)
      io.stdout.write(
        JSON.stringify(
          CALLBACK_EVENTS.map(({ name, kind, webhook, method, summary }) => ({
            name,
            kind,
            webhook,
            method,
            summary,
          })),
        ) + '\n',
      );
    else
      io.stdout.write(
        CALLBACK_EVENTS.map(
          (event) => `${event.name.padEnd(22)}${event.method.padEnd(6)}${event.summary}`,
        ).join('\n') + '\n',
      );
    return EXIT_OK;
  }
  const [name] = positionals;
  if (!name) throw new UsageError('which event? kaleyra-wa trigger --list lists them', 'trigger');
  const event = findCallbackEvent(name);
  if (!event)
    throw new UsageError(`unknown event "${name}": kaleyra-wa trigger --list lists them`, 'trigger');
  const url = urlFlag(values.url, '--url', 'trigger');
  if (!url) throw new UsageError('--url is required: where your callback endpoint listens', 'trigger');
  const mediaBaseUrl = urlFlag(values['media-base-url'], '--media-base-url', 'trigger');
  const basicAuth = typeof values['basic-auth'] === 'string' ? values['basic-auth'] : undefined;
  if (basicAuth !== undefined && !basicAuth.includes(':'))
    throw new UsageError('--basic-auth must be user:pass', 'trigger');

  const delivery = event.build(loadSpec(bundledSpecPath()), {
    ...(typeof values['message-id'] === 'string' ? { messageId: values['message-id'] } : {}),
    ...(typeof values.to === 'string' ? { recipient: values.to } : {}),
    ...(typeof values.from === 'string' ? { businessNumber: values.from } : {}),
    ...(mediaBaseUrl ? { mediaBaseUrl } : {}),
  });
  const request = callbackRequest(url, delivery, {
    ...(basicAuth ? { basicAuth } : {}),
    ...(typeof values.token === 'string' ? { token: values.token } : {}),
  });
  let status: number;
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(10_000) });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    return failure(io, json, `could not reach ${url}: ${errorCode(error)}`);
  }
  const ok = status >= 200 && status < 300;
  if (json)
    io.stdout.write(JSON.stringify({ event: event.name, method: delivery.method, url, status }) + '\n');
  else io.stdout.write(`${event.name}: ${delivery.method} ${url} -> HTTP ${status}\n`);
  if (!ok) return failure(io, json, `the receiver answered HTTP ${status} to ${event.name}`);
  return EXIT_OK;
}
