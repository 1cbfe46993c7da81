let supported: boolean | undefined;

/**
 * Whether to send multipart bodies as a stream. The runtime's fetch must accept a ReadableStream
 * request body (Node, Deno, Bun and Workers do; Safari and Firefox do not), and it must not be a
 * browser: Chromium accepts the stream but sends it only over HTTP/2 or QUIC, failing on HTTP/1.1,
 * and a page cannot know the protocol before sending. Browsers get FormData instead.
 */
export function canStreamRequestBodies(): boolean {
  if (supported !== undefined) return supported;
  supported = !isBrowser() && fetchAcceptsStreams();
  return supported;
}

function isBrowser(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined';
}

/**
 * The standard feature test: a runtime without support treats the stream as an object, stringifies
 * it and so adds a text Content-Type; one with support reads the `duplex` member.
 */
function fetchAcceptsStreams(): boolean {
  try {
    let duplexRead = false;
    const request = new Request('http://localhost/', {
      method: 'POST',
      body: new ReadableStream(),
      get duplex() {
        duplexRead = true;
        return 'half';
      },
    } as RequestInit);
    return duplexRead && !request.headers.has('Content-Type');
  } catch {
    return false;
  }
}
