import { describe, expect, it } from 'vitest';
import { escapePointer, validatorAt } from './support/spec-validator.js';

// Meta parity of `messaging_object`: each row is a body Meta's Cloud API accepts or refuses, validated
// against the bundled document. Each feature has an accepted body and a refused neighbour that differs
// by the one rule, so loosening or over-tightening a schema fails a row.
const v2Request = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{phone_number}/messages')}/post/requestBody/content/${escapePointer('application/json')}/schema`);
const v2CreateTemplate = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{waba_id}/message_templates')}/post/requestBody/content/${escapePointer('application/json')}/schema`);

const to = '+919876543210';
const message = (fields: Record<string, unknown>) => ({
  messaging_object: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...fields },
});
const interactive = (body: Record<string, unknown>) => message({ type: 'interactive', interactive: body });
const template = (components: unknown[], language = 'en_US') =>
  message({ type: 'template', template: { name: 'order_update', language: { code: language }, components } });

const amount = (value: number) => ({ value, offset: 100 });
const orderDetails = (parameters: Record<string, unknown> = {}) => ({
  type: 'order_details',
  body: { text: 'Your order is ready to pay' },
  action: {
    name: 'review_and_pay',
    parameters: {
      reference_id: 'order-2026-0042',
      type: 'physical-goods',
      payment_settings: [{ type: 'payment_gateway', payment_gateway: { type: 'razorpay', configuration_name: 'main-config' } }],
      currency: 'INR',
      total_amount: amount(21000),
      order: {
        status: 'pending',
        items: [{ retailer_id: 'sku-1', name: 'Masala chai, 250 g', amount: amount(10000), quantity: 2 }],
        subtotal: amount(20000),
        tax: { ...amount(1000), description: 'GST' },
      },
      ...parameters,
    },
  },
});
const orderStatus = (order: Record<string, unknown>) => ({
  type: 'order_status',
  body: { text: 'Your order has shipped' },
  action: { name: 'review_order', parameters: { reference_id: 'order-2026-0042', order } },
});
const flow = (parameters: Record<string, unknown>) => ({
  type: 'flow',
  body: { text: 'Book a table' },
  action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Book', ...parameters } },
});
const button = (sub_type: string, parameter: unknown, index: number | string = 0) => ({ type: 'button', sub_type, index, parameters: [parameter] });

type Row = [string, unknown, boolean];

const rows: Row[] = [
  // Interactive kinds Meta added.
  ['order_details with a payment gateway', interactive(orderDetails()), true],
  ['order_details with a payment link', interactive(orderDetails({ payment_settings: [{ type: 'payment_link', payment_link: { uri: 'https://rzp.io/i/rNiAagU8y' } }] })), true],
  ['order_details with a currency other than INR', interactive(orderDetails({ currency: 'USD' })), false],
  ['order_details with a reference_id of 36 characters', interactive(orderDetails({ reference_id: 'r'.repeat(36) })), false],
  ['order_details with an unknown gateway', interactive(orderDetails({ payment_settings: [{ type: 'payment_gateway', payment_gateway: { type: 'paypal', configuration_name: 'x' } }] })), false],
  ['order_details with an offset other than 100', interactive(orderDetails({ total_amount: { value: 210, offset: 1 } })), false],
  ['order_details item name of 61 characters', interactive(orderDetails({ order: { status: 'pending', items: [{ retailer_id: 's', name: 'n'.repeat(61), amount: amount(1), quantity: 1 }], subtotal: amount(1) } })), false],
  ['order_details with an order already shipped', interactive(orderDetails({ order: { status: 'shipped', items: [{ retailer_id: 's', name: 'n', amount: amount(1), quantity: 1 }], subtotal: amount(1) } })), false],
  ['order_status shipped', interactive(orderStatus({ status: 'shipped', description: 'Left the warehouse' })), true],
  ['order_status canceled', interactive(orderStatus({ status: 'canceled' })), true],
  ['order_status with an unknown status', interactive(orderStatus({ status: 'lost' })), false],
  ['order_status description of 121 characters', interactive(orderStatus({ status: 'completed', description: 'd'.repeat(121) })), false],
  ['call_permission_request', interactive({ type: 'call_permission_request', body: { text: 'May we call you about your order?' }, action: { name: 'call_permission_request' } }), true],
  ['call_permission_request with another action name', interactive({ type: 'call_permission_request', body: { text: 'May we call you?' }, action: { name: 'call' } }), false],
  ['call_permission_request without a body', interactive({ type: 'call_permission_request', action: { name: 'call_permission_request' } }), false],
  ['address_message prefilled', interactive({ type: 'address_message', body: { text: 'Where should we deliver?' }, action: { name: 'address_message', parameters: { country: 'IN', values: { name: 'Asha', in_pin_code: '560001', city: 'Bengaluru' } } } }), true],
  ['address_message with an unknown address field', interactive({ type: 'address_message', body: { text: 'Where?' }, action: { name: 'address_message', parameters: { country: 'IN', values: { zip: '560001' } } } }), false],
  ['address_message for an unsupported country', interactive({ type: 'address_message', body: { text: 'Where?' }, action: { name: 'address_message', parameters: { country: 'US' } } }), false],

  // Template buttons of every sub-type Meta lists.
  ['template quick_reply button', template([button('quick_reply', { type: 'payload', payload: 'YES' })]), true],
  ['template url button', template([button('url', { type: 'text', text: 'order/42' }, '1')]), true],
  ['template copy_code button', template([button('copy_code', { type: 'coupon_code', coupon_code: 'SAVE10' })]), true],
  ['template flow button with flow_token and flow_action_data', template([button('flow', { type: 'action', action: { flow_token: 'tok-1', flow_action_data: { order: '42' } } })]), true],
  ['template catalog button', template([button('catalog', { type: 'action', action: { thumbnail_product_retailer_id: 'sku-1' } })]), true],
  ["template CATALOG button (Meta's catalog template example spelling)", template([button('CATALOG', { type: 'action', action: { thumbnail_product_retailer_id: 'sku-1' } })]), true],
  ['template mpm button', template([button('mpm', { type: 'action', action: { thumbnail_product_retailer_id: 'sku-1', sections: [{ title: 'Tea', product_items: [{ product_retailer_id: 'sku-1' }] }] } })]), true],
  ['template order_details button', template([button('order_details', { type: 'action', action: { order_details: orderDetails().action.parameters } })]), true],
  ['template button of an unknown sub-type', template([button('voice_mail', { type: 'payload', payload: 'x' })]), false],
  ['template button index 10', template([button('quick_reply', { type: 'payload', payload: 'YES' }, 10)]), false],
  ['template flow button action with an unknown field', template([button('flow', { type: 'action', action: { flow_tokn: 'tok-1' } })]), false],

  // Carousel card with a product header.
  ['carousel card with a product header', template([{ type: 'carousel', cards: [{ card_index: 0, components: [{ type: 'header', parameters: [{ type: 'product', product: { product_retailer_id: 'sku-1', catalog_id: '194836987003835' } }] }] }] }]), true],
  ['carousel card product header without catalog_id', template([{ type: 'carousel', cards: [{ card_index: 0, components: [{ type: 'header', parameters: [{ type: 'product', product: { product_retailer_id: 'sku-1' } }] }] }] }]), false],

  // Text parameter limits per component.
  ['template body parameter of 1025 characters', template([{ type: 'body', parameters: [{ type: 'text', text: 'b'.repeat(1025) }] }]), true],
  ['template body parameter of 32769 characters', template([{ type: 'body', parameters: [{ type: 'text', text: 'b'.repeat(32769) }] }]), false],
  ['template header parameter of 60 characters', template([{ type: 'header', parameters: [{ type: 'text', text: 'h'.repeat(60) }] }]), true],
  ['template header parameter of 61 characters', template([{ type: 'header', parameters: [{ type: 'text', text: 'h'.repeat(61) }] }]), false],

  // Language codes as Meta lists them.
  ...(['es_419', 'zh_HK', 'pt_BR', 'prs_AF', 'en'].map((code) => [`template language ${code}`, template([], code), true] as Row)),
  ...(['EN', 'en-US', 'en_us', 'es_41'].map((code) => [`template language ${code}`, template([], code), false] as Row)),

  // Text without type, typing indicator, Meta's message fields.
  ['text with type omitted', message({ text: { body: 'hi', preview_url: true } }), true],
  ['text with type omitted and an unknown field', message({ text: { body: 'hi' }, foo: 1 }), false],
  ['read receipt with a typing indicator', { messaging_object: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC', typing_indicator: { type: 'text' } } }, true],
  ['read receipt with a typing indicator of another type', { messaging_object: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC', typing_indicator: { type: 'audio' } } }, false],
  ['biz_opaque_callback_data', message({ type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: 'tracking-42' }), true],
  ['biz_opaque_callback_data of 513 characters', message({ type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: 'x'.repeat(513) }), false],
  ['reply with context', message({ type: 'text', text: { body: 'hi' }, context: { message_id: 'wamid.ABC' } }), true],
  ['context with an unknown field', message({ type: 'text', text: { body: 'hi' }, context: { message_id: 'wamid.ABC', from: '91' } }), false],
  ['reaction with an empty emoji (removes the reaction)', message({ type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '' } }), true],
  ['reaction without emoji', message({ type: 'reaction', reaction: { message_id: 'wamid.ABC' } }), false],
  ['voice audio', message({ type: 'audio', audio: { id: '1013859600285441', voice: true } }), true],
  ['voice audio with voice as a string', message({ type: 'audio', audio: { id: '1013859600285441', voice: 'true' } }), false],

  // Refuse what Meta refuses.
  ['flow with flow_id', interactive(flow({ flow_id: '1234567890' })), true],
  ['flow with flow_name', interactive(flow({ flow_name: 'table_booking' })), true],
  ['flow with both flow_id and flow_name', interactive(flow({ flow_id: '1234567890', flow_name: 'table_booking' })), false],
  ['flow with neither flow_id nor flow_name', interactive(flow({})), false],
  ['catalog_message with a thumbnail', interactive({ type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1' } } }), true],
  ['catalog_message without parameters', interactive({ type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message' } }), false],
  ['catalog_message without thumbnail_product_retailer_id', interactive({ type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message', parameters: {} } }), false],
  ['list row title of 24 characters', interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections: [{ title: 'S', rows: [{ id: '1', title: 't'.repeat(24) }] }] } }), true],
  ['list row title of 25 characters', interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections: [{ title: 'S', rows: [{ id: '1', title: 't'.repeat(25) }] }] } }), false],
  ['list with 11 sections', interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Menu', sections: Array.from({ length: 11 }, (_, n) => ({ title: `S${n}`, rows: [{ id: `${n}`, title: 'x' }] })) } }), false],
  ['reply button title of 21 characters', interactive({ type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: '1', title: 't'.repeat(21) } }] } }), false],
  ['image with both id and link', message({ type: 'image', image: { id: '1', link: 'https://example.com/a.png' } }), false],
  ['five contact cards', message({ type: 'contacts', contacts: Array.from({ length: 5 }, () => ({ name: { formatted_name: 'A B', first_name: 'A' } })) }), true],
  ['six contact cards (Meta allows 5; see V2ContactsMessage)', message({ type: 'contacts', contacts: Array.from({ length: 6 }, () => ({ name: { formatted_name: 'A B', first_name: 'A' } })) }), false],
  ['recipient_type group (see V2Message members)', message({ type: 'text', text: { body: 'hi' }, recipient_type: 'group' }), false],
  ['location with numeric coordinates', message({ type: 'location', location: { latitude: 12.9467, longitude: 77.6289 } }), true],
  ['location with coordinates as strings (Meta\'s schema types them as strings; see V2LocationObject)', message({ type: 'location', location: { latitude: '12.9467', longitude: '-77.6289' } }), true],
  ['location with a coordinate string that is not a number', message({ type: 'location', location: { latitude: 'north', longitude: '77.6289' } }), false],
  ['location with a latitude out of range', message({ type: 'location', location: { latitude: 91, longitude: 77.6289 } }), false],
  ['location with a latitude string out of range', message({ type: 'location', location: { latitude: '90.5', longitude: '77.6289' } }), false],
  ['location with coordinate strings at the limits', message({ type: 'location', location: { latitude: '-90', longitude: '180.0' } }), true],
  ['location with a longitude string out of range', message({ type: 'location', location: { latitude: '12.9', longitude: '-181' } }), false],

  // Fields found in Meta's OpenAPI file (business-messaging-api v23.0).
  ['template date_time with the On-Premises fields Meta\'s examples still send', template([{ type: 'body', parameters: [{ type: 'date_time', date_time: { fallback_value: 'February 25, 1977', calendar: 'GREGORIAN', day_of_week: 5, day_of_month: 25, month: 2, year: 1977, hour: 15, minute: 33 } }] }]), true],
  ['template date_time with an unknown calendar', template([{ type: 'body', parameters: [{ type: 'date_time', date_time: { fallback_value: 'February 25, 1977', calendar: 'JULIAN' } }] }]), false],
  ['template date_time with month 13', template([{ type: 'body', parameters: [{ type: 'date_time', date_time: { fallback_value: 'February 25, 1977', month: 13 } }] }]), false],
  ['template button without parameters (Meta\'s ButtonComponent requires them)', template([{ type: 'button', sub_type: 'quick_reply', index: 0 }]), false],
  ['flow navigate without a screen (Meta defaults it to FIRST_ENTRY_SCREEN)', interactive(flow({ flow_id: '1234567890', flow_action: 'navigate', flow_action_payload: { data: { table: 4 } } })), true],
  ['flow navigate payload with an unknown field', interactive(flow({ flow_id: '1234567890', flow_action: 'navigate', flow_action_payload: { screen: 'BOOK', next: 'PAY' } })), false],
  ['text header with sub_text', interactive({ type: 'button', header: { type: 'text', text: 'Your order', sub_text: 'Shipped today' }, body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: '1', title: 'OK' } }] } }), true],
  ['text header with a sub_text of 61 characters', interactive({ type: 'button', header: { type: 'text', text: 'Your order', sub_text: 's'.repeat(61) }, body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: '1', title: 'OK' } }] } }), false],
  ['contact phone with a number', message({ type: 'contacts', contacts: [{ name: { formatted_name: 'A B' }, phones: [{ phone: '+91 98765 43210', type: 'CELL' }] }] }), true],
  ['contact phone without a number (Meta\'s PhoneObject requires phone)', message({ type: 'contacts', contacts: [{ name: { formatted_name: 'A B' }, phones: [{ wa_id: '919876543210' }] }] }), false],
  ['contact email without an address', message({ type: 'contacts', contacts: [{ name: { formatted_name: 'A B' }, emails: [{ type: 'WORK' }] }] }), false],
  ['contact url without a url', message({ type: 'contacts', contacts: [{ name: { formatted_name: 'A B' }, urls: [{ type: 'WORK' }] }] }), false],
];

describe("messaging_object accepts what Meta's Cloud API accepts and refuses what it refuses", () => {
  it.each(rows)('%s', (_name, body, expected) => {
    const result = v2Request(body);
    expect(result.valid, JSON.stringify(result.errors.slice(0, 3))).toBe(expected);
  });
});

describe('template language codes follow one rule on send and on create', () => {
  it.each(['es_419', 'zh_HK', 'pt_BR', 'en', 'EN', 'en-US'])('%s', (code) => {
    const create = v2CreateTemplate({ name: 'order_update', category: 'UTILITY', language: code, components: [{ type: 'BODY', text: 'Hi' }] }).valid;
    const send = v2Request(template([], code)).valid;
    expect(create).toBe(send);
  });
});

describe('template creation takes the component type in either case, as Meta writes it', () => {
  const create = (type: string) => v2CreateTemplate({ name: 'order_update', category: 'UTILITY', language: 'en_US', components: [{ type, text: 'Hi' }] }).valid;
  it.each([
    ['BODY', true],
    ['body', true],
    ['Body', false],
    ['TITLE', false],
  ] as const)('%s', (type, expected) => {
    expect(create(type)).toBe(expected);
  });
});
