// Loaded with `node --import` before a README block runs: requests for Kaleyra's hosts, or for the
// mock address the README shows (127.0.0.1:4010), go to the mock this test started (MOCK_URL), so a
// block written for a real account or for `kaleyra-wa mock --port 4010` runs unchanged.
const mock = new URL(process.env.MOCK_URL);
const realFetch = globalThis.fetch;
const redirected = (url) => /(^|\.)kaleyra\.(io|ai)$/.test(url.hostname) || url.host === '127.0.0.1:4010';

globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (!redirected(url)) return realFetch(request);
  url.protocol = mock.protocol;
  url.host = mock.host;
  const body = request.body === null ? undefined : await request.arrayBuffer();
  return realFetch(url, { method: request.method, headers: request.headers, body, signal: request.signal });
};
