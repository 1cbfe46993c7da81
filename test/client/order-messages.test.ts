import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient, KaleyraValidationError, type KaleyraClient } from '../../src/index.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import { validatorAt } from '../spec/support/spec-validator.js';
import { at } from '../../src/testing/json-walk.js';

// sendOrderDetails / sendOrderStatus (India payments) seen from the wire: the exact JSON that reaches a
// real server, checked against the bundled spec; and bad orders refused before anything is sent.
const SID = 'HXAP16XXXXXX97IN';
const FROM = '+919000000001';
const TO = '+919876543210';
const validateV2Body = validatorAt(
  '#/paths/~1v2~1{sid}~1whatsapp~1{phone_number}~1messages/post/requestBody/content/application~1json/schema',
);

let server: RecordingServer;
let client: KaleyraClient;
beforeAll(async () => {
  server = await startRecordingServer();
  client = createKaleyraClient({
    sid: SID,
    apiKey: 'test-key-orders',
    baseUrl: server.url,
    from: FROM,
    maxRetries: 0,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.respondWith({
    status: 202,
    body: { code: 'WA202', message: 'Request Accepted', data: { message_id: 'wamid.OUT' }, error: {} },
  });
});

const paise = (value: number) => ({ value, offset: 100 as const });
const gateway = {
  type: 'payment_gateway' as const,
  payment_gateway: { type: 'razorpay' as const, configuration_name: 'main-config' },
};
const order = {
  to: TO,
  body: 'Your order is ready to pay',
  referenceId: 'order-2026-0042',
  goodsType: 'physical-goods' as const,
  payment: gateway,
  items: [
    { retailer_id: 'chai-250', name: 'Masala chai, 250 g', amount: paise(25000), quantity: 2 },
    { retailer_id: 'mug', name: 'Mug', amount: paise(40000), sale_amount: paise(35000), quantity: 1 },
  ],
  tax: { ...paise(4250), description: 'GST 5%' },
  shipping: paise(5000),
  discount: { ...paise(2500), description: 'Welcome offer' },
};

describe('sendOrderDetails', () => {
  it('sends the bill with the subtotal and total computed from the items, and the spec accepts it', async () => {
    await client.v2Messages.sendOrderDetails({ ...order, footer: 'Lucky Tea' });
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.json;
    expect(at(body, 'messaging_object', 'type')).toBe('interactive');
    const interactive = at(body, 'messaging_object', 'interactive');
    expect(at(interactive, 'type')).toBe('order_details');
    expect(at(interactive, 'footer')).toEqual({ text: 'Lucky Tea' });
    const parameters = at(interactive, 'action', 'parameters');
    expect(at(interactive, 'action', 'name')).toBe('review_and_pay');
    expect(at(parameters, 'reference_id')).toBe('order-2026-0042');
    expect(at(parameters, 'currency')).toBe('INR');
    expect(at(parameters, 'payment_settings')).toEqual([gateway]);
    // 2 x 250.00 + 1 x 350.00 (sale price) = 850.00; + 42.50 tax + 50.00 shipping - 25.00 discount.
    expect(at(parameters, 'order', 'subtotal')).toEqual(paise(85000));
    expect(at(parameters, 'total_amount')).toEqual(paise(91750));
    expect(at(parameters, 'order', 'status')).toBe('pending');
    const check = validateV2Body(body);
    expect(check.errors).toEqual([]);
  });

  it('sends a payment link', async () => {
    await client.v2Messages.sendOrderDetails({
      ...order,
      payment: { type: 'payment_link', payment_link: { uri: 'https://rzp.io/i/rNiAagU8y' } },
    });
    const body = server.requests[0]!.json;
    expect(
      at(
        body,
        'messaging_object',
        'interactive',
        'action',
        'parameters',
        'payment_settings',
        0,
        'payment_link',
        'uri',
      ),
    ).toBe('https://rzp.io/i/rNiAagU8y');
    expect(validateV2Body(body).valid).toBe(true);
  });

  it.each([
    ['a reference id of 36 characters', { referenceId: 'r'.repeat(36) }, 'referenceId', 'format'],
    ['a reference id with a space', { referenceId: 'order 42' }, 'referenceId', 'format'],
    ['no items', { items: [] }, 'items', 'count'],
    [
      'an item name of 61 characters',
      { items: [{ retailer_id: 's', name: 'n'.repeat(61), amount: paise(100), quantity: 1 }] },
      'items[0].name',
      'text',
    ],
    [
      'a fractional quantity',
      { items: [{ retailer_id: 's', name: 'n', amount: paise(100), quantity: 1.5 }] },
      'items[0].quantity',
      'range',
    ],
    [
      'an amount in rupees with offset 1',
      { items: [{ retailer_id: 's', name: 'n', amount: { value: 1, offset: 1 }, quantity: 1 }] },
      'items[0].amount',
      'amount',
    ],
    [
      'a sale price above the price',
      { items: [{ retailer_id: 's', name: 'n', amount: paise(100), sale_amount: paise(200), quantity: 1 }] },
      'items[0].sale_amount',
      'range',
    ],
    ['a discount above the total', { discount: paise(10_000_000) }, 'discount', 'range'],
    [
      'a payment link over http',
      { payment: { type: 'payment_link', payment_link: { uri: 'http://rzp.io/i/x' } } },
      'payment',
      'payment-setting',
    ],
    [
      'a gateway without a configuration name',
      { payment: { type: 'payment_gateway', payment_gateway: { type: 'razorpay', configuration_name: '' } } },
      'payment',
      'payment-setting',
    ],
    ['an empty body', { body: ' ' }, 'body', 'text'],
    ['a footer of 61 characters', { footer: 'f'.repeat(61) }, 'footer', 'text'],
    ['an unknown goods type', { goodsType: 'services' }, 'goodsType', 'one-of'],
    ['a recipient that is not a number', { to: 'hello' }, 'to', undefined],
  ] as const)('refuses %s before sending', async (_name, change, field, rule) => {
    const error = await client.v2Messages
      .sendOrderDetails({
        ...order,
        ...(change as unknown as Partial<Parameters<KaleyraClient['v2Messages']['sendOrderDetails']>[0]>),
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect((error as KaleyraValidationError).field).toBe(field);
    if (rule) expect((error as KaleyraValidationError).rule).toBe(rule);
    expect(server.requests).toHaveLength(0);
  });
});

describe('sendOrderStatus', () => {
  it('sends the new status of the order, and the spec accepts it', async () => {
    await client.v2Messages.sendOrderStatus({
      to: TO,
      body: 'Your order has shipped',
      referenceId: 'order-2026-0042',
      status: 'shipped',
      description: 'Left the warehouse',
    });
    const body = server.requests[0]!.json;
    expect(at(body, 'messaging_object', 'interactive')).toEqual({
      type: 'order_status',
      body: { text: 'Your order has shipped' },
      action: {
        name: 'review_order',
        parameters: {
          reference_id: 'order-2026-0042',
          order: { status: 'shipped', description: 'Left the warehouse' },
        },
      },
    });
    expect(validateV2Body(body).errors).toEqual([]);
  });

  it.each([
    ['an unknown status', { status: 'lost' }, 'status'],
    ['a description of 121 characters', { description: 'd'.repeat(121) }, 'description'],
    ['an empty reference id', { referenceId: '' }, 'referenceId'],
  ] as const)('refuses %s before sending', async (_name, change, field) => {
    const message = {
      to: TO,
      body: 'Update',
      referenceId: 'order-1',
      status: 'processing' as const,
      ...(change as unknown as Partial<Parameters<KaleyraClient['v2Messages']['sendOrderStatus']>[0]>),
    };
    const error = await client.v2Messages.sendOrderStatus(message).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KaleyraValidationError);
    expect((error as KaleyraValidationError).field).toBe(field);
    expect(server.requests).toHaveLength(0);
  });
});
