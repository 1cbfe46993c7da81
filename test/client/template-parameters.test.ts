import { describe, expect, it } from 'vitest';
import { buildV1TemplateParams, buildV2TemplateComponents, KaleyraValidationError } from '../../src/index.js';
import { validatorAt } from '../spec/support/spec-validator.js';
import { useRecordingClient } from '../support/recording-client.js';
import { at } from '../../src/testing/json-walk.js';

const v2Request = validatorAt(
  '#/paths/~1v2~1{sid}~1whatsapp~1{phone_number}~1messages/post/requestBody/content/application~1json/schema',
);
const v1Request = validatorAt(
  '#/paths/~1v1~1{sid}~1messages/post/requestBody/content/application~1x-www-form-urlencoded/schema',
);
const t = useRecordingClient({ from: '+919876543210' });
const to = '+919812345678';

describe('v1 params', () => {
  it('quotes every value and doubles quotes inside, so commas and quotes survive', () => {
    expect(buildV1TemplateParams(['John', 'Doe'])).toBe('"John","Doe"');
    expect(buildV1TemplateParams(['He said "hi", then left', '25%'])).toBe(
      '"He said ""hi"", then left","25%"',
    );
  });

  it('puts named values in the template order, and refuses missing or unknown names', () => {
    expect(buildV1TemplateParams({ order_id: '42', name: 'Doe, John' }, ['name', 'order_id'])).toBe(
      '"Doe, John","42"',
    );
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error as KaleyraValidationError;
      }
      throw new Error('did not throw');
    };
    expect(fail(() => buildV1TemplateParams({ name: 'x' })).rule).toBe('order-required');
    expect(fail(() => buildV1TemplateParams({ name: 'x' }, ['name', 'order_id'])).rule).toBe('missing-value');
    expect(fail(() => buildV1TemplateParams({ name: 'x', extra: 'y' }, ['name'])).rule).toBe('unknown-name');
  });

  it('sends a params string the spec accepts, through sendTemplate', async () => {
    await t.client.v1Messages.sendTemplate({
      to,
      templateName: 'booking_confirm',
      params: ['He said "hi", then left', 'B'],
    });
    const form = t.server.requests[0]!.form!;
    expect(form.params).toBe('"He said ""hi"", then left","B"');
    expect(v1Request(form).errors).toEqual([]);
  });
});

describe('v2 components', () => {
  it("builds header, positional body and buttons in Meta's format", () => {
    expect(
      buildV2TemplateComponents({
        header: { image: { link: 'https://example.com/banner.png' } },
        body: ['John', 'He said "hi", then left'],
        buttons: [
          { index: 0, quickReplyPayload: 'cart_checkout' },
          { index: 1, urlSuffix: 'order/42' },
          { index: 2, couponCode: 'SAVE25' },
        ],
      }),
    ).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/banner.png' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'John' },
          { type: 'text', text: 'He said "hi", then left' },
        ],
      },
      {
        type: 'button',
        sub_type: 'quick_reply',
        index: '0',
        parameters: [{ type: 'payload', payload: 'cart_checkout' }],
      },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'order/42' }] },
      {
        type: 'button',
        sub_type: 'copy_code',
        index: '2',
        parameters: [{ type: 'coupon_code', coupon_code: 'SAVE25' }],
      },
    ]);
  });

  it('names body variables for templates created with named variables', () => {
    expect(buildV2TemplateComponents({ body: { customer: 'John', order_id: '42' } })).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'customer', text: 'John' },
          { type: 'text', parameter_name: 'order_id', text: '42' },
        ],
      },
    ]);
  });

  it('sends components the spec accepts, through sendTemplate({ parameters })', async () => {
    await t.client.v2Messages.sendTemplate({
      to,
      name: 'order_update',
      language: 'en',
      parameters: {
        header: { document: { id: '1479123456789537', filename: 'invoice.pdf' } },
        body: { customer: 'John' },
        buttons: [{ index: 0, urlSuffix: 'a/b' }],
      },
    });
    const body = t.server.requests[0]!.json;
    expect(at(body, 'messaging_object', 'template', 'components', 0, 'parameters', 0, 'document')).toEqual({
      id: '1479123456789537',
      filename: 'invoice.pdf',
    });
    expect(v2Request(body).errors).toEqual([]);
  });

  it('refuses bad input before sending', async () => {
    expect(() => buildV2TemplateComponents({ buttons: [{ index: 10, urlSuffix: 'x' }] })).toThrow(/0 to 9/);
    expect(() => buildV2TemplateComponents({ body: ['ok', ''] })).toThrow(KaleyraValidationError);
    expect(() => buildV2TemplateComponents({ body: { 'Customer Name': 'x' } })).toThrow(/lower-case/);
    expect(() => buildV2TemplateComponents({ header: { image: {} as never } })).toThrow(
      /exactly one of id or link/,
    );
    await expect(
      t.client.v2Messages.sendTemplate({
        to,
        name: 'x',
        language: 'en',
        components: [],
        parameters: { body: ['a'] },
      }),
    ).rejects.toMatchObject({ field: 'parameters', rule: 'exclusive' });
    expect(t.server.requests).toHaveLength(0);
  });
});
