// A runnable server that receives Kaleyra's WhatsApp callbacks (message status, incoming messages,
// upload and template status, quality events) in both delivery forms a callback profile allows.
//
//   CALLBACK_TOKEN=a-long-random-secret PORT=3000 npx tsx examples/callback-server.ts
//
// (In this repository tsconfig.json maps `kaleyra-whatsapp` to src/; installed, it is the package.)
//
// Then set the callback profile's URL to https://<your-host>/kaleyra/<CALLBACK_TOKEN>.
// Kaleyra signs nothing, so the secret in the URL is what keeps strangers out: keep it long and
// random, serve over HTTPS, or use the profile's Basic auth with verifyBasicAuth instead.
import { createServer } from 'node:http';
import { verifyCallbackToken, type CallbackEvent } from 'kaleyra-whatsapp';
import { createNodeCallbackHandler } from 'kaleyra-whatsapp/node';

const token = process.env.CALLBACK_TOKEN;
if (!token) throw new Error('Set CALLBACK_TOKEN to the secret you put in the callback profile URL');

async function onEvent(event: CallbackEvent): Promise<void> {
  switch (event.kind) {
    case 'status':
      console.log(`message ${event.messageId} is ${event.status}`, event.refs.ref ?? '');
      break;
    case 'incoming':
      console.log(
        `message from ${event.from}:`,
        event.message.type === 'text' ? event.message.text : event.message.type,
      );
      break;
    case 'upload':
      console.log(`upload ${event.resumableMediaId} is ${event.status}`);
      break;
    case 'template':
      console.log(
        `template ${event.messageTemplateName ?? event.messageTemplateId} is ${event.event}`,
        event.reason ?? '',
      );
      break;
    case 'limit':
      console.log(`number ${event.displayPhoneNumber}: ${event.event ?? ''} ${event.currentLimit ?? ''}`);
      break;
    default:
      console.log('a callback this SDK does not know yet:', JSON.stringify(event.raw));
  }
}

const handler = createNodeCallbackHandler(onEvent, {
  // Answered before the body is read: a wrong token costs nothing.
  authorize: (request) => verifyCallbackToken(request, { token, pathSegment: true }),
  onError: (error) => console.error('callback handling failed:', error),
});

const port = Number(process.env.PORT ?? 3000);
createServer(handler).listen(port, () =>
  console.log(`listening for Kaleyra callbacks on :${port}/kaleyra/<token>`),
);
