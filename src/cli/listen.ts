import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_MAX_CALLBACK_BYTES,
  parseCallback,
  type CallbackEvent,
  type CallbackParseResult,
} from '../index.js';
import { EXIT_OK, type Io } from './output.js';
import { catchStopSignals, errorCode, failure, parseFlags, portFlag, urlFlag } from './parse-flags.js';
import { fitHelp } from './help-layout.js';

export const LISTEN_HELP = fitHelp(`Usage: kaleyra-wa listen [--port <port>] [--forward <url>] [--json]

Receives Kaleyra callbacks on this machine, parses each with parseCallback, prints one line per
event (a JSON line with --json), answers 200 (400 for a malformed callback, with its rejection
printed) and, with --forward, passes the original request on to your app: same method, headers
and body, with the query appended to the forward URL.

Options:
  --port <port>      where to listen (default 4011)
  --host <host>      interface to listen on (default 127.0.0.1)
  --forward <url>    your app's callback endpoint
  --json             one JSON object per callback on stdout

Example:
  kaleyra-wa listen --port 4011 --forward http://127.0.0.1:3000/kaleyra/my-secret &
  kaleyra-wa trigger incoming.text --url http://127.0.0.1:4011/`);

/** One line that says what a callback is. */
export function describeEvent(event: CallbackEvent): string {
  switch (event.kind) {
    case 'status':
      return `status ${event.status} (${event.apiVersion}) message ${event.messageId}${event.recipient ? ` to ${event.recipient}` : ''}${event.errors.length > 0 ? ` error ${event.errors.map((e) => e.code ?? e.title).join(', ')}` : ''}`;
    case 'incoming':
      return `incoming ${event.message.type} from ${event.from}${event.message.type === 'text' ? `: ${JSON.stringify(event.message.text)}` : ''}`;
    case 'upload':
      return `upload ${event.resumableMediaId} ${event.status}${event.fileName ? ` (${event.fileName})` : ''}`;
    case 'template':
      return `template ${event.messageTemplateName ?? event.messageTemplateId ?? event.id} ${event.event}`;
    case 'limit':
      return `quality ${event.displayPhoneNumber} ${event.event ?? ''} ${event.currentLimit ?? ''}`.trimEnd();
    default:
      return `unknown callback ${JSON.stringify(event.raw)}`;
  }
}

export async function runListen(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      forward: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    'listen',
  );
  if (values.help) {
    io.stdout.write(LISTEN_HELP + '\n');
    return EXIT_OK;
  }
  const json = values.json === true;
  const port = portFlag(values.port, 4011, 'listen');
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const forward = urlFlag(values.forward, '--forward', 'listen');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      // parseCallback refuses these anyway; stop holding bytes past its limit.
      if (size <= DEFAULT_MAX_CALLBACK_BYTES + 1) chunks.push(chunk as Buffer);
    }
    const bytes = new Uint8Array(Buffer.concat(chunks));
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const parsed: CallbackParseResult = await parseCallback(
      new Request(url, { method, headers, ...(hasBody ? { body: bytes } : {}) }),
    );
    response
      .writeHead(parsed.ok ? 200 : 400, { 'content-type': 'text/plain' })
      .end(parsed.ok ? 'ok' : parsed.rejection.message);

    let forwarded: { status: number } | { error: string } | undefined;
    if (forward) {
      const target = new URL(forward);
      for (const [name, value] of url.searchParams) target.searchParams.append(name, value);
      headers.delete('host');
      headers.delete('content-length');
      headers.delete('connection');
      try {
        const answer = await fetch(target, {
          method,
          headers,
          ...(hasBody ? { body: bytes } : {}),
          signal: AbortSignal.timeout(10_000),
        });
        await answer.body?.cancel();
        forwarded = { status: answer.status };
      } catch (error) {
        forwarded = { error: errorCode(error) };
      }
    }

    if (json) {
      io.stdout.write(
        JSON.stringify({
          method,
          path: url.pathname,
          ...(parsed.ok ? { event: parsed.event } : { rejection: parsed.rejection }),
          ...(forwarded ? { forwarded } : {}),
        }) + '\n',
      );
    } else {
      const what = parsed.ok
        ? describeEvent(parsed.event)
        : `rejected ${parsed.rejection.reason}: ${parsed.rejection.message}`;
      const onward = forwarded
        ? 'status' in forwarded
          ? ` -> forwarded: HTTP ${forwarded.status}`
          : ` -> forward failed: ${forwarded.error}`
        : '';
      io.stdout.write(`${method} ${url.pathname} ${what}${onward}\n`);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end();
      io.stderr.write(`error: ${errorCode(error)}\n`);
    });
  });
  const signals = catchStopSignals();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    signals.release();
    const code = errorCode(error);
    return failure(
      io,
      json,
      code === 'EADDRINUSE'
        ? `port ${port} on ${host} is in use`
        : `cannot listen on ${host}:${port}: ${code}`,
    );
  }
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://${host}:${actual}`;
  io.stdout.write(
    json
      ? JSON.stringify({ listening: url, forward: forward ?? null }) + '\n'
      : `listening for Kaleyra callbacks on ${url}${forward ? `, forwarding to ${forward}` : ''} (Ctrl-C to stop)\n`,
  );
  await signals.stopped;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return EXIT_OK;
}
