import { SPEC_ENUMS, SPEC_LIMITS } from '../../generated/spec-limits.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertRequiredText } from '../validation/required.js';
import type { Schemas } from './schemas.js';

// India payments (Meta's Payments API): the `order_details` bill and the `order_status` update. The
// limits below are the spec's (V2OrderDetailsParameters, V2Order, V2OrderItem, V2OrderStatusUpdate,
// V2InteractiveBody, V2InteractiveFooter), which follow Meta's payments pages.
const MAX_REFERENCE_ID = SPEC_LIMITS.orderReferenceIdMaxCharacters;
const REFERENCE_ID = /^[A-Za-z0-9_.-]+$/;
const MAX_BODY = SPEC_LIMITS.interactiveBodyMaxCharacters;
const MAX_FOOTER = SPEC_LIMITS.interactiveFooterMaxCharacters;
const MAX_ITEM_NAME = SPEC_LIMITS.orderItemNameMaxCharacters;
const MAX_ITEMS = SPEC_LIMITS.orderItemsMaxItems;
const MAX_STATUS_DESCRIPTION = SPEC_LIMITS.orderStatusDescriptionMaxCharacters;
const OFFSET = 100;

export type OrderAmount = Schemas['V2OrderAmount'];
export type OrderCharge = Schemas['V2OrderCharge'];
export type OrderItem = Schemas['V2OrderItem'];
export type PaymentSetting = Schemas['V2PaymentSetting'];
export type OrderStatus = Schemas['V2OrderStatusUpdate']['status'];

/** The statuses an order status message may set (the spec's enum). */
export const ORDER_STATUSES: readonly OrderStatus[] = SPEC_ENUMS.orderStatuses;
/** What an order details message may sell (the spec's enum). */
export const GOODS_TYPES: readonly OrderDetailsContent['goodsType'][] = SPEC_ENUMS.goodsTypes;

export interface OrderDetailsContent {
  /** The message text (up to 1024 characters). */
  body: string;
  /** Small text under the body (up to 60 characters). */
  footer?: string;
  /** An optional header (Meta's interactive header object). */
  header?: Schemas['V2InteractiveHeader'];
  /** Your id of the order (letters, digits, `_`, `-`, `.`; up to 35); payment callbacks carry it. */
  referenceId: string;
  /** `digital-goods` or `physical-goods`. */
  goodsType: Schemas['V2OrderDetailsParameters']['type'];
  /** How the user pays: a payment gateway configuration or a payment link. */
  payment: PaymentSetting;
  /** The order's items; the subtotal and total are computed from them. */
  items: OrderItem[];
  /** Tax on the order (an amount with its offset). */
  tax?: OrderCharge;
  /** Shipping cost (an amount with its offset). */
  shipping?: OrderCharge;
  /** Discount taken off the total (an amount with its offset). */
  discount?: OrderCharge;
  /** The catalog the items' `retailer_id`s come from, when they come from one. */
  catalogId?: string;
  /** When the order stops being payable. */
  expiration?: Schemas['V2OrderExpiration'];
}

export interface OrderStatusContent {
  /** The message text (up to 1024 characters). */
  body: string;
  /** Small text under the body (up to 60 characters). */
  footer?: string;
  /** The `referenceId` of the order details message this updates. */
  referenceId: string;
  /** The order's new status. */
  status: OrderStatus;
  /** Optional text about the change, up to 120 characters. */
  description?: string;
}

/**
 * The interactive object of an order details message. The subtotal and the total are computed from
 * the items and charges, Meta's rule (`total = subtotal + tax + shipping - discount`), so they can
 * never disagree with the items.
 */
export function orderDetailsInteractive(content: OrderDetailsContent): Schemas['V2InteractiveOrderDetails'] {
  assertReferenceId(content.referenceId);
  if (!GOODS_TYPES.some((type) => type === content.goodsType)) {
    throw new KaleyraValidationError({
      field: 'goodsType',
      rule: 'one-of',
      message: `must be one of ${GOODS_TYPES.join(', ')}`,
    });
  }
  assertPayment(content.payment);
  if (!Array.isArray(content.items) || content.items.length < 1 || content.items.length > MAX_ITEMS) {
    throw new KaleyraValidationError({
      field: 'items',
      rule: 'count',
      message: `must hold 1 to ${MAX_ITEMS} items`,
    });
  }
  const subtotal = content.items.reduce((sum, item, index) => sum + itemTotal(item, index), 0);
  const charge = (field: 'tax' | 'shipping' | 'discount') => {
    const value = content[field];
    if (value === undefined) return 0;
    return assertAmount(field, value);
  };
  const total = subtotal + charge('tax') + charge('shipping') - charge('discount');
  if (total < 0)
    throw new KaleyraValidationError({
      field: 'discount',
      rule: 'range',
      message: 'must not exceed the subtotal plus tax and shipping',
    });

  const order: Schemas['V2Order'] = {
    status: 'pending',
    items: content.items,
    subtotal: { value: subtotal, offset: OFFSET },
  };
  if (content.catalogId !== undefined) order.catalog_id = content.catalogId;
  if (content.expiration !== undefined) order.expiration = content.expiration;
  if (content.tax !== undefined) order.tax = content.tax;
  if (content.shipping !== undefined) order.shipping = content.shipping;
  if (content.discount !== undefined) order.discount = content.discount;

  const interactive: Schemas['V2InteractiveOrderDetails'] = {
    type: 'order_details',
    body: { text: bodyText(content.body) },
    action: {
      name: 'review_and_pay',
      parameters: {
        reference_id: content.referenceId,
        type: content.goodsType,
        payment_settings: [content.payment],
        currency: 'INR',
        total_amount: { value: total, offset: OFFSET },
        order,
      },
    },
  };
  if (content.header !== undefined) interactive.header = content.header;
  if (content.footer !== undefined) interactive.footer = { text: footerText(content.footer) };
  return interactive;
}

/** The interactive object of an order status message (checked before sending). */
export function orderStatusInteractive(content: OrderStatusContent): Schemas['V2InteractiveOrderStatus'] {
  assertReferenceId(content.referenceId);
  if (!ORDER_STATUSES.some((status) => status === content.status)) {
    throw new KaleyraValidationError({
      field: 'status',
      rule: 'one-of',
      message: `must be one of ${ORDER_STATUSES.join(', ')}`,
    });
  }
  const order: Schemas['V2OrderStatusUpdate'] = { status: content.status };
  if (content.description !== undefined) {
    if (typeof content.description !== 'string' || [...content.description].length > MAX_STATUS_DESCRIPTION) {
      throw new KaleyraValidationError({
        field: 'description',
        rule: 'max-length',
        message: `must be text of at most ${MAX_STATUS_DESCRIPTION} characters`,
      });
    }
    order.description = content.description;
  }
  const interactive: Schemas['V2InteractiveOrderStatus'] = {
    type: 'order_status',
    body: { text: bodyText(content.body) },
    action: { name: 'review_order', parameters: { reference_id: content.referenceId, order } },
  };
  if (content.footer !== undefined) interactive.footer = { text: footerText(content.footer) };
  return interactive;
}

function assertReferenceId(value: unknown): asserts value is string {
  assertRequiredText('referenceId', value, 'your id of the order');
  if ([...value].length > MAX_REFERENCE_ID || !REFERENCE_ID.test(value)) {
    throw new KaleyraValidationError({
      field: 'referenceId',
      rule: 'format',
      message: `must be at most ${MAX_REFERENCE_ID} letters, digits, _, - or .`,
    });
  }
}

function assertPayment(payment: PaymentSetting): void {
  const ok =
    payment !== null &&
    typeof payment === 'object' &&
    ((payment.type === 'payment_gateway' &&
      typeof payment.payment_gateway?.configuration_name === 'string' &&
      payment.payment_gateway.configuration_name !== '') ||
      (payment.type === 'payment_link' &&
        typeof payment.payment_link?.uri === 'string' &&
        payment.payment_link.uri.startsWith('https://')));
  if (!ok) {
    throw new KaleyraValidationError({
      field: 'payment',
      rule: 'payment-setting',
      message: 'must be a payment_gateway with a configuration_name, or a payment_link with an https uri',
    });
  }
}

/** Checks an amount (whole number, offset 100) and returns its value. */
function assertAmount(field: string, amount: OrderAmount | OrderCharge): number {
  if (
    amount === null ||
    typeof amount !== 'object' ||
    !Number.isInteger(amount.value) ||
    amount.value < 0 ||
    amount.offset !== OFFSET
  ) {
    throw new KaleyraValidationError({
      field,
      rule: 'amount',
      message: `must be { value: a whole number >= 0, offset: ${OFFSET} } (value is in paise)`,
    });
  }
  return amount.value;
}

function itemTotal(item: OrderItem, index: number): number {
  const field = `items[${index}]`;
  assertRequiredText(`${field}.retailer_id`, item?.retailer_id, 'your id of the item');
  if (typeof item.name !== 'string' || item.name.trim() === '' || [...item.name].length > MAX_ITEM_NAME) {
    throw new KaleyraValidationError({
      field: `${field}.name`,
      rule: 'text',
      message: `must be non-empty text of at most ${MAX_ITEM_NAME} characters`,
    });
  }
  if (!Number.isInteger(item.quantity) || item.quantity < 1) {
    throw new KaleyraValidationError({
      field: `${field}.quantity`,
      rule: 'range',
      message: 'must be a whole number of at least 1',
    });
  }
  const price = assertAmount(`${field}.amount`, item.amount);
  if (item.sale_amount === undefined) return price * item.quantity;
  const sale = assertAmount(`${field}.sale_amount`, item.sale_amount);
  if (sale >= price)
    throw new KaleyraValidationError({
      field: `${field}.sale_amount`,
      rule: 'range',
      message: 'must be lower than the amount',
    });
  return sale * item.quantity;
}

function bodyText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > MAX_BODY) {
    throw new KaleyraValidationError({
      field: 'body',
      rule: 'text',
      message: `must be non-empty text of at most ${MAX_BODY} characters`,
    });
  }
  return value;
}

function footerText(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > MAX_FOOTER) {
    throw new KaleyraValidationError({
      field: 'footer',
      rule: 'text',
      message: `must be non-empty text of at most ${MAX_FOOTER} characters`,
    });
  }
  return value;
}
