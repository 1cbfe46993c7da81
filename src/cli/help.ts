import { fitHelp } from './help-layout.js';
import { SEND_KINDS, type OptionSpec, type SendKind } from './send-kinds.js';

export const CONNECTION_HELP = `Connection (flags win over the environment):
  --sid <sid>            account SID                      (KALEYRA_SID)
  --api-key <key>        API key, never printed           (KALEYRA_API_KEY)
  --pod in|sg|eu|na      the account's pod                (KALEYRA_POD)
  --base-url <url>       send somewhere else: a proxy, the mock (KALEYRA_BASE_URL)
  --from <number>        business number to send from, + and country code (KALEYRA_FROM)
  --timeout <ms>         per attempt (default 30000)
Output:
  --json                 machine-readable output on stdout
  --dry-run              print the equivalent curl (key masked) and send nothing
  -h, --help             this help
Environment only:
  KALEYRA_LOG=debug|info|warn|error|off  log to stderr (the key is never logged)`;

export const MAIN_HELP = fitHelp(`kaleyra-wa: send WhatsApp messages and upload media through Kaleyra.

Usage:
  kaleyra-wa send <kind> [options]       send one message
  kaleyra-wa broadcast --csv <file> ...  send a template to every row of a CSV
  kaleyra-wa upload <file> ...           resumable upload (up to 100 MB)
  kaleyra-wa mock [--port <port>]        a local mock Kaleyra that calls you back
                                         (needs @stoplight/prism-cli)
  kaleyra-wa trigger <event> --url <url> send one documented callback (--list)
  kaleyra-wa listen [--port <port>]      receive callbacks, print and forward
  kaleyra-wa demo                        send every kind through the mock
  kaleyra-wa --version                   print the package version
  kaleyra-wa <command> --help            the command's options

Kinds (v2, the default): ${SEND_KINDS.filter((k) => k.api === 'v2')
  .map((k) => k.name)
  .join(', ')}
Kinds (--api v1):        ${SEND_KINDS.filter((k) => k.api === 'v1')
  .map((k) => k.name)
  .join(', ')}

Example:
  KALEYRA_SID=HX... KALEYRA_API_KEY=... KALEYRA_POD=in KALEYRA_FROM=+919876543210 \\
    kaleyra-wa send text --to +919812345678 --body 'Your order has shipped'

Exit codes: 0 success, 1 Kaleyra refused the request (code and message printed) or could not be
reached, 2 usage or validation error (field and rule printed).

${CONNECTION_HELP}`);

const API_LABEL = { v1: 'the v1 API (form fields)', v2: 'the v2 API' } as const;

const flagOf = (name: string, spec: OptionSpec) => `  --${name}${spec.type === 'string' ? ' <value>' : ''}`;

function optionRows(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options);
  const width = Math.max(30, ...entries.map(([name, spec]) => flagOf(name, spec).length + 2));
  return entries.map(([name, spec]) => {
    const notes = [spec.required ? '(required)' : '', spec.multiple ? '(repeatable)' : '']
      .filter(Boolean)
      .join(' ');
    return `${flagOf(name, spec).padEnd(width)}${spec.description}${notes ? ` ${notes}` : ''}`;
  });
}

export function sendHelp(kind?: SendKind): string {
  if (!kind) {
    const rows = SEND_KINDS.map(
      (k) => `  ${k.name.padEnd(15)}${k.api === 'v1' ? '--api v1  ' : '          '}${k.summary}`,
    );
    return fitHelp(
      [
        'Usage: kaleyra-wa send <kind> [--api v1|v2] [options]',
        `Kinds:\n${rows.join('\n')}`,
        `Example:\n  ${SEND_KINDS[0]?.example ?? ''}`,
        "kaleyra-wa send <kind> --help lists a kind's options.",
        CONNECTION_HELP,
      ].join('\n\n'),
    );
  }
  const options = optionRows(kind.options);
  return fitHelp(
    [
      `Usage: kaleyra-wa send ${kind.name}${kind.api === 'v1' ? ' --api v1' : ''} [options]`,
      `Sends ${kind.summary} through ${API_LABEL[kind.api]}.`,
      `Options:\n${options.join('\n')}`,
      `Example:\n  ${kind.example}`,
      CONNECTION_HELP,
    ].join('\n\n'),
  );
}

export const UPLOAD_HELP =
  fitHelp(`Usage: kaleyra-wa upload <file> --waba-id <id> [--name <name>] [--type <mime>] [options]

Uploads a file (PDF, JPEG, PNG or MP4, at most 100 MB; file name without \\ / < @ % or spaces) for a
WhatsApp Business Account and prints its resumable media id. The file is streamed from disk; a
progress bar shows the file's bytes sent (plain lines when not on a terminal), then waits for the answer.

Options:
  --waba-id <id>         the WhatsApp Business Account id (required)
  --name <name>          send the file under this name (same rules as a file name)
  --type <mime>          declared type, checked against the file's first bytes

Example:
  kaleyra-wa upload ./brochure.pdf --waba-id 150441234142241

${CONNECTION_HELP}`);

export const MOCK_HELP =
  fitHelp(`Usage: kaleyra-wa mock [--port <port>] [--host <host>] [--callback-url <url>] [options]

Serves a mock Kaleyra built from the bundled OpenAPI document (Stoplight Prism, request validation
on), until interrupted (Ctrl-C, kill, or closing the terminal). Point the SDK or this CLI at it with
--base-url. Uploads up to the documented 100 MB are taken (file bytes are counted, not kept). Each
accepted send gets an id of its own. A body that does not parse (multipart or JSON) gets the WA400
"incorrect payload" answer naming the problem. If Prism stops, the mock stops too (exit 1, with
Prism's last output). It also serves a small real file for each incoming media type at
<url>/media/ (PNG, PDF, Ogg Opus, MP4, WebP): kaleyra-wa trigger --media-base-url <url>/media points
incoming media events at them.

Options:
  --port <port>              default 4010
  --callback-url <url>       after each accepted v2 send, POST sent, delivered and read statuses here
                             (the callback profile's format); after a resumable upload, its status.
                             v1 sends with a callback_url get the v1 GET statuses at that URL.
  --delay <ms>               pause before each callback (default 500)
  --fail <rate|codes>        failure injection: a rate (0.2 = one send in five fails, in turn with a
                             failed status 131047, 400 WAV2101, 429 WA429, 500 WA500) or a comma list
                             of codes every send takes in turn: Kaleyra's (WA429, E110, ...) as HTTP
                             answers, Meta's numeric ones (131047, 131026) as failed statuses
  --basic-auth <user:pass>   send callbacks with the profile's Basic auth
  --token <secret>           add ?token=<secret> to callback URLs
  --json                     JSON lines on stdout

Example:
  kaleyra-wa mock --port 4010 --callback-url http://127.0.0.1:3000/kaleyra/my-secret &
  kaleyra-wa send text --base-url http://127.0.0.1:4010 --sid HXAP16XXXXXX97IN --api-key test \\
    --from +919876543210 --to +919812345678 --body hi`);

export const DEMO_HELP = fitHelp(`Usage: kaleyra-wa demo [--json]

Starts the embedded mock Kaleyra, sends every message kind (v1 and v2) and a resumable upload
through the SDK, prints what was sent and the id that came back, stops the mock and exits 0.
No account, credentials or network needed.

Example:
  kaleyra-wa demo`);
