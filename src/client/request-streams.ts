let supported: boolean | undefined;

/**
 * Whether this runtime's fetch can send a ReadableStream request body (Node, Deno, Bun and
 * Chromium can; Safari and Firefox cannot). The check is the standard one: a runtime without
 * support treats the stream as an object, stringifies it and so adds a text Content-Type.
 */
export function supportsRequestStreams(): boolean {
  if (supported !== undefined) return supported;
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
    supported = duplexRead && !request.headers.has('Content-Type');
  } catch {
    supported = false;
  }
  return supported;
}
