import type { IncomingMessage } from 'node:http';

/** The body a framework already read, encoded again for the web Request; its headers go with it. */
export interface ParsedBody {
  /** The bytes or text to put in the Request. */
  body: string | Uint8Array<ArrayBuffer>;
  /** The content type the re-encoded body has. */
  contentType: string | undefined;
}

/**
 * The body a parser left on `req.body` once it read the stream, or undefined when the stream is
 * still unread (no parser ran, or it skipped this content type) and should be read as it comes.
 * Only a consumed stream counts: a `req.body` someone set on an unread request is ignored.
 */
export function parsedBodyOf(req: IncomingMessage): ParsedBody | undefined {
  if (!req.readableEnded) return undefined;
  // Where Express's parsers (express.json(), text(), raw(), urlencoded()) put what they read.
  const body: unknown = Reflect.get(req, 'body');
  if (body === undefined || body === null) return undefined;
  const contentType = req.headers['content-type'];
  if (typeof body === 'string') return { body, contentType };
  if (body instanceof Uint8Array) return { body: new Uint8Array(body), contentType };
  if (typeof body !== 'object') return { body: JSON.stringify(body), contentType: JSON_TYPE };
  // express.urlencoded() gives an object of strings: sent again as the form it was, so values
  // arrive exactly as a form callback's would (quoted values included).
  if (isFormType(contentType) && isFlatForm(body)) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body))
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, item);
    return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { body: JSON.stringify(body), contentType: JSON_TYPE };
}

/**
 * The body of a request whose stream something else read and left nothing on `req.body` for: it
 * fails at once (the callback is refused as `unreadable-body`) rather than wait for bytes that
 * will never come. The message says what to change.
 */
export function consumedBodyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(new Error(CONSUMED_BODY_MESSAGE));
    },
  });
}

const CONSUMED_BODY_MESSAGE =
  'the request body was read before the Kaleyra handler and nothing was left on req.body: ' +
  'mount the handler before the middleware that reads it, or use a parser that sets req.body';

const JSON_TYPE = 'application/json';

function isFormType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function isFlatForm(body: object): body is Record<string, string | string[]> {
  return Object.values(body).every(
    (value) =>
      typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')),
  );
}
