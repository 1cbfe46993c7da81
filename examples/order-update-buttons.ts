// Tells a customer their order has shipped, with an approved UTILITY template that has a body with
// two variables, a "Track" URL button (dynamic suffix) and a "Talk to us" quick-reply button whose
// payload comes back in the incoming-message callback when tapped (see examples/callback-server.ts).
//
//   npx tsx examples/order-update-buttons.ts +919812345678 ORDER-42 "Jane"
//
// Environment: as examples/otp-authentication-template.ts; ORDER_TEMPLATE names the template
// (default `order_shipped`: "Hi {{customer}}, order {{order_id}} has shipped.").
import { createKaleyraClient, KaleyraApiError, type Pod } from 'kaleyra-whatsapp';

const [to, orderId, customer = 'there'] = process.argv.slice(2);
if (!to || !orderId) throw new Error('usage: order-update-buttons.ts <recipient> <order id> [customer name]');

const kaleyra = createKaleyraClient({
  sid: process.env.KALEYRA_SID ?? '',
  apiKey: process.env.KALEYRA_API_KEY ?? '',
  ...(process.env.KALEYRA_BASE_URL
    ? { baseUrl: process.env.KALEYRA_BASE_URL }
    : { pod: (process.env.KALEYRA_POD ?? 'in') as Pod }),
  from: process.env.KALEYRA_FROM ?? '',
});

try {
  const sent = await kaleyra.v2Messages.sendTemplate({
    to,
    name: process.env.ORDER_TEMPLATE ?? 'order_shipped',
    language: 'en',
    parameters: {
      // Named variables ({{customer}}, {{order_id}}); a template with {{1}} {{2}} takes an array.
      body: { customer, order_id: orderId },
      buttons: [
        { index: 0, urlSuffix: `orders/${encodeURIComponent(orderId)}` }, // https://shop.example/orders/<id>
        { index: 1, quickReplyPayload: `support:${orderId}` },
      ],
    },
    extraInfo: { ref: orderId },
  });
  console.log(`order ${orderId}: update sent to ${to} as message ${sent.data.message_id}`);
} catch (error) {
  if (!(error instanceof KaleyraApiError)) throw error;
  console.error(
    `order ${orderId}: Kaleyra refused the update: ${error.status} ${error.code} ${error.serverMessage ?? ''}`,
  );
  process.exitCode = 1;
}
