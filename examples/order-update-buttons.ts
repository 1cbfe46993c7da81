// Tells a customer their order has shipped, with an approved UTILITY template that has a body with
// two variables, a "Track" URL button (dynamic suffix) and a "Talk to us" quick-reply button whose
// payload comes back in the incoming-message callback when tapped (see examples/callback-server.ts).
//
//   npx tsx examples/order-update-buttons.ts +919812345678 ORDER-42 "Jane"
//
// Environment: as examples/otp-authentication-template.ts; ORDER_TEMPLATE names the template
// (default `order_shipped`: "Hi {{customer}}, order {{order_id}} has shipped.").
import { createKaleyraClient, KaleyraApiError } from 'kaleyra-whatsapp';

const [to, orderId, customer = 'there'] = process.argv.slice(2);
if (!to || !orderId) throw new Error('usage: order-update-buttons.ts <recipient> <order id> [customer name]');

// KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD (or KALEYRA_BASE_URL) and KALEYRA_FROM configure the client.
const kaleyra = createKaleyraClient();

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
