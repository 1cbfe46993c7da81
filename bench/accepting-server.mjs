// A loopback server that answers every request the way Kaleyra accepts a v2 send (202, a message id),
// reading each body whole first: the benches measure the client, so the server does as little as it can.
import { createServer } from 'node:http';

const answer = JSON.stringify({
  code: 'WA202',
  message: 'Request Accepted',
  data: { message_id: 'wamid.X' },
  error: {},
});

/** Starts the server on a free loopback port; `base` is its origin. */
export async function startAcceptingServer() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res
        .writeHead(202, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) })
        .end(answer),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}
