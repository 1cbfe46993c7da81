// Kaleyra's WhatsApp callbacks in an Express app, with express.json() in front of every route as
// most apps have it. The handler uses the body the parser left on req.body (no parser is needed
// either: mounted before it, the handler reads the stream itself, under its own size limit).
//
//   CALLBACK_TOKEN=a-long-random-secret PORT=3000 npx tsx examples/express-callbacks.ts
//
// Set the callback profile's URL to https://<your-host>/kaleyra/<CALLBACK_TOKEN>.
import express from 'express';
import { callbackTokenVerifier, type CallbackEvent } from 'kaleyra-whatsapp';
import { createNodeCallbackHandler } from 'kaleyra-whatsapp/node';

const token = process.env.CALLBACK_TOKEN;
if (!token) throw new Error('Set CALLBACK_TOKEN to the secret you put in the callback profile URL');

async function onEvent(event: CallbackEvent): Promise<void> {
  // Store or queue the event; Kaleyra already has its 200.
  if (event.kind === 'status') console.log(`express: message ${event.messageId} is ${event.status}`);
  else console.log(`express: ${event.kind} callback`);
}

const app = express();
app.use(express.json());
// GET and POST: a callback profile delivers either way. The verifier throws at start-up if the
// token is empty, so a missing secret never leaves the endpoint open.
app.all(
  '/kaleyra/:token',
  createNodeCallbackHandler(onEvent, {
    authorize: callbackTokenVerifier({ token, pathSegment: true }),
    onError: (error) => console.error('callback handling failed:', error),
  }),
);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`express: listening for Kaleyra callbacks on :${port}/kaleyra/<token>`));
