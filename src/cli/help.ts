import { SEND_KINDS, type SendKind } from './send-kinds.js';

export const CONNECTION_HELP = `Connection (flags win over the environment):
  --sid <sid>            account SID                      (KALEYRA_SID)
  --api-key <key>        API key, never printed           (KALEYRA_API_KEY)
  --pod in|sg|eu|na      the account's pod                (KALEYRA_POD)
  --base-url <url>       send somewhere else: a proxy, the mock (KALEYRA_BASE_URL)
  --from <number>        business number to send from     (KALEYRA_FROM)
  --timeout <ms>         per attempt (default 30000)
Output:
  --json                 machine-readable output on stdout
  --dry-run              print the equivalent curl (key masked) and send nothing
  -h, --help             this help`;

export const MAIN_HELP = `kaleyra-wa: send WhatsApp messages and upload media through Kaleyra.

Usage:
  kaleyra-wa send <kind> [--api v1|v2] [options]   send one message
  kaleyra-wa broadcast --csv <file> --name <tmpl>  send a template to every row of a CSV, rate-limited
  kaleyra-wa upload <file> --waba-id <id>          resumable upload (up to 100 MB), with progress
  kaleyra-wa mock [--port <port>]                  serve a local mock Kaleyra (needs @stoplight/prism-cli)
  kaleyra-wa demo                                  start the mock, send every kind through it, stop

Kinds (v2, the default): ${SEND_KINDS.filter((k) => k.api === 'v2').map((k) => k.name).join(', ')}
Kinds (--api v1):        ${SEND_KINDS.filter((k) => k.api === 'v1').map((k) => k.name).join(', ')}

Example:
  KALEYRA_SID=HX... KALEYRA_API_KEY=... KALEYRA_POD=in KALEYRA_FROM=+919876543210 \\
    kaleyra-wa send text --to +919812345678 --body 'Your order has shipped'

Exit codes: 0 success, 1 Kaleyra refused the request (code and message printed) or could not be
reached, 2 usage or validation error (field and rule printed).

${CONNECTION_HELP}`;

export function sendHelp(kind?: SendKind): string {
  if (!kind) {
    const rows = SEND_KINDS.map((k) => `  ${k.name.padEnd(15)}${k.api === 'v1' ? '--api v1  ' : '          '}${k.summary}`);
    return `Usage: kaleyra-wa send <kind> [--api v1|v2] [options]\n\nKinds:\n${rows.join('\n')}\n\nExample:\n  ${SEND_KINDS[0]!.example}\n\nkaleyra-wa send <kind> --help lists a kind's options.\n\n${CONNECTION_HELP}`;
  }
  const options = Object.entries(kind.options).map(([name, spec]) => `  --${name}${spec.type === 'string' ? ' <value>' : ''}`.padEnd(30) + spec.description + (spec.multiple ? ' (repeatable)' : ''));
  return `Usage: kaleyra-wa send ${kind.name}${kind.api === 'v1' ? ' --api v1' : ''} [options]\n\nSends ${kind.summary} (${kind.api}).\n\nOptions:\n${options.join('\n')}\n\nExample:\n  ${kind.example}\n\n${CONNECTION_HELP}`;
}

export const UPLOAD_HELP = `Usage: kaleyra-wa upload <file> --waba-id <id> [--type <mime>] [options]

Uploads a file (PDF, JPEG, PNG or MP4, at most 100 MB; file name without \\ / < @ % or spaces) for a
WhatsApp Business Account and prints its resumable media id. The file is streamed from disk; a
progress bar shows the bytes sent (plain lines when not on a terminal).

Example:
  kaleyra-wa upload ./brochure.pdf --waba-id 150441234142241

${CONNECTION_HELP}`;

export const MOCK_HELP = `Usage: kaleyra-wa mock [--port <port>] [--host <host>]

Serves a mock Kaleyra built from the bundled OpenAPI document (Stoplight Prism, request validation
on), until interrupted. Point the SDK or this CLI at it with --base-url.

Example:
  kaleyra-wa mock --port 4010 &
  kaleyra-wa send text --base-url http://127.0.0.1:4010 --sid HXAP16XXXXXX97IN --api-key test \\
    --from +919876543210 --to +919812345678 --body hi`;

export const DEMO_HELP = `Usage: kaleyra-wa demo [--json]

Starts the embedded mock Kaleyra, sends every message kind (v1 and v2) and a resumable upload
through the SDK, prints what was sent and the id that came back, stops the mock and exits 0.
No account, credentials or network needed.

Example:
  kaleyra-wa demo`;
