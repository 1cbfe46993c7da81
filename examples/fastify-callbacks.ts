// Kaleyra's WhatsApp callbacks in a Fastify app. Fastify parses JSON bodies before the route and
// keeps the result on its own request object, not on the Node request: so the callback routes
// live in a scope whose only content-type parser leaves the body unread, and the Node handler
// reads it from the stream under its own size limit and deadline.
//
//   CALLBACK_TOKEN=a-long-random-secret PORT=3000 npx tsx examples/fastify-callbacks.ts
import Fastify from 'fastify';
import { callbackTokenVerifier, type CallbackEvent } from 'kaleyra-whatsapp';
import { createNodeCallbackHandler } from 'kaleyra-whatsapp/node';

const token = process.env.CALLBACK_TOKEN;
if (!token) throw new Error('Set CALLBACK_TOKEN to the secret you put in the callback profile URL');

async function onEvent(event: CallbackEvent): Promise<void> {
  if (event.kind === 'incoming') console.log(`fastify: message from ${event.from} (${event.message.type})`);
  else console.log(`fastify: ${event.kind} callback`);
}

const handler = createNodeCallbackHandler(onEvent, {
  authorize: callbackTokenVerifier({ token, pathSegment: true }),
  onError: (error) => console.error('callback handling failed:', error),
});

const app = Fastify();
await app.register(async (callbacks) => {
  // Only in this scope: the rest of the app keeps Fastify's JSON parsing.
  callbacks.removeAllContentTypeParsers();
  callbacks.addContentTypeParser('*', (_request, _body, done) => done(null));
  callbacks.route({
    method: ['GET', 'POST'],
    url: '/kaleyra/:token',
    handler: (request, reply) => {
      // The Node handler writes the answer itself.
      reply.hijack();
      handler(request.raw, reply.raw);
    },
  });
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: '127.0.0.1' });
console.log(`fastify: listening for Kaleyra callbacks on :${port}/kaleyra/<token>`);
