import { scanMultipart } from './multipart-scan.js';
import { shellQuote } from './shell-quote.js';

export interface CapturedRequest {
  curl: string;
  method: string;
  url: string;
}

/**
 * A fetch that sends nothing: it records the request the SDK built and answers with a stand-in
 * success, so a dry run goes through exactly the code a real send does (validation included).
 * The API key is replaced by a reference to the environment variable, so the printed command is
 * safe to paste into a ticket and still works in a shell that has the variable set.
 */
export function createDryRunFetch(files: ReadonlyMap<string, string> = new Map()) {
  const captured: CapturedRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    captured.push(await toCurl(request, files));
    return Response.json(dryRunAnswer(new URL(request.url).pathname), { status: 202 });
  };
  return { fetch: fetch as typeof globalThis.fetch, captured };
}

/**
 * The stand-in success, shaped as the document says the operation answers (the SDK refuses an
 * accepted answer without its ids as unexpected): v1 sends answer a list of recipients, everything
 * else an object whose placeholders cover every id an answer requires (`message_id`, `id`, `status`).
 */
export function dryRunAnswer(path: string): unknown {
  const data = /^\/v1\/[^/]+\/messages$/.test(path)
    ? [{ message_id: 'dry-run', recipient: '', status: 'dry-run' }]
    : { message_id: 'dry-run', id: 'dry-run', status: 'dry-run' };
  return { dryRun: true, code: 'DRY-RUN', message: 'dry run: not sent', data };
}

async function toCurl(request: Request, files: ReadonlyMap<string, string>): Promise<CapturedRequest> {
  const lines = [`curl -X ${request.method} ${shellQuote(request.url)}`];
  const contentType = request.headers.get('content-type') ?? '';
  request.headers.forEach((value, name) => {
    if (name === 'api-key') lines.push(`-H "api-key: $KALEYRA_API_KEY"`);
    // curl writes its own multipart Content-Type (with a boundary) and length for -F.
    else if (!(
      contentType.startsWith('multipart/') &&
      (name === 'content-type' || name === 'content-length')
    )) {
      lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
    }
  });
  if (request.body) {
    const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
    if (contentType.startsWith('multipart/form-data') && boundary) {
      for (const part of await scanMultipart(request.body, boundary)) {
        if (part.filename === undefined) lines.push(`-F ${shellQuote(`${part.name}=${part.value ?? ''}`)}`);
        else {
          const path = files.get(part.filename) ?? part.filename;
          // curl sends the path's last segment as the name unless told otherwise (upload --name).
          const renamed = path.split(/[\\/]/).pop() === part.filename ? '' : `;filename=${part.filename}`;
          const type = part.contentType ? `;type=${part.contentType}` : '';
          lines.push(`-F ${shellQuote(`${part.name}=@${path}${type}${renamed}`)}`);
        }
      }
    } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(await request.text())) {
        lines.push(`--data-urlencode ${shellQuote(`${name}=${value}`)}`);
      }
    } else {
      lines.push(`-d ${shellQuote(await request.text())}`);
    }
  }
  return { curl: lines.join(' \\\n  '), method: request.method, url: request.url };
}
