// One receiver for bench/callback-receiver.mjs, in its own process so the load generator does not
// share its event loop:  node --import=tsx bench/callback-receiver-server.mjs <bare|sdk|auth|inbox> [dir]
// Prints the port it listens on, then serves until killed.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { createNodeCallbackHandler } from '../src/node/index.ts';

const mode = process.argv[2];
// The user's function: nothing, so the bench measures the receiver.
const onEvent = () => undefined;
let listener;
if (mode === 'bare') {
  // What people write by hand: read the body, JSON.parse it, answer 200.
  listener = (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      let status = 200;
      try {
        onEvent(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        status = 400;
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  };
} else if (mode === 'sdk') {
  listener = createNodeCallbackHandler(onEvent);
} else if (mode === 'auth') {
  // The README's receiver: a token in the path, checked by authorize (which gets a web Request).
  const { callbackTokenVerifier } = await import('../src/callbacks/index.ts');
  listener = createNodeCallbackHandler(onEvent, {
    authorize: callbackTokenVerifier({ token: 'kaleyra', pathSegment: true }),
  });
} else if (mode === 'inbox') {
  const { fileCallbackInbox } = await import('../src/node/index.ts');
  listener = createNodeCallbackHandler(onEvent, {
    inbox: fileCallbackInbox(join(process.argv[3], 'inbox.jsonl')),
  });
} else throw new Error(`unknown mode ${mode}`);

const server = createServer({ keepAliveTimeout: 60_000 }, listener);
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
