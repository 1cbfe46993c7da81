let supported: boolean | undefined;

/**
 * Whether to send multipart bodies as a stream. The runtime's fetch must accept a ReadableStream
 * request body (Node, Deno, Bun and Workers do), and it must not be a browser: Chromium accepts
 * the stream but sends it only over HTTP/2 or QUIC, failing on HTTP/1.1, and a page cannot know
 * the protocol before sending. Browsers get FormData instead.
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
 * A runtime that cannot send a stream body stringifies it, which adds a text Content-Type (the
 * standard feature test). Node also reads the `duplex` member; Deno and Bun accept streams
 * without it, so the missing Content-Type alone decides.
 */
function fetchAcceptsStreams(): boolean {
  try {
    const request = new Request('http://localhost/', { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit);
    return !request.headers.has('Content-Type');
  } catch {
    return false;
  }
}
