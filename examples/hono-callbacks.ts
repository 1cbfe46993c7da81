// Kaleyra's WhatsApp callbacks in a Hono app, served here by @hono/node-server. The same `app`
// runs unchanged on Cloudflare Workers, Deno and Bun (`export default app`); on Workers, pass
// `c.executionCtx` as the handler's second argument so the work outlives the response.
//
//   CALLBACK_TOKEN=a-long-random-secret PORT=3000 npx tsx examples/hono-callbacks.ts
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { callbackTokenVerifier, createFetchCallbackHandler, type CallbackEvent } from 'kaleyra-whatsapp';

const token = process.env.CALLBACK_TOKEN;
if (!token) throw new Error('Set CALLBACK_TOKEN to the secret you put in the callback profile URL');

async function onEvent(event: CallbackEvent): Promise<void> {
  if (event.kind === 'upload') console.log(`hono: upload ${event.resumableMediaId} is ${event.status}`);
  else console.log(`hono: ${event.kind} callback`);
}

const handler = createFetchCallbackHandler(onEvent, {
  authorize: callbackTokenVerifier({ token, pathSegment: true }),
  onError: (error) => console.error('callback handling failed:', error),
});

const app = new Hono();
// c.req.raw is the web Request, body unread: Hono parses nothing until asked.
app.on(['GET', 'POST'], '/kaleyra/:token', (c) => handler(c.req.raw));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () =>
  console.log(`hono: listening for Kaleyra callbacks on :${port}/kaleyra/<token>`),
);
