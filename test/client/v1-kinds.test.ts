import { describe, expect, it } from 'vitest';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { useRecordingClient } from '../support/recording-client.js';
import type { RecordedRequest } from '../support/recording-server.js';
import { validatorAt } from '../spec/support/spec-validator.js';

// v1 sends seen from the wire: url-encoded fields when there is no file, multipart with a `media`
// file part when there is one; every form checked against the bundled spec's v1 request schema.
// Needs `npm run -s bundle` (dist/openapi.json).
const SID = 'HXIN1783361374IN';
const API_KEY = 'test-key-v1-kinds';
const FROM = '+919000000002';
const TO = '+919876543210';
const PATH = `/v1/${SID}/messages`;
const requestSchema = (contentType: string) =>
  validatorAt(
    `#/paths/~1v1~1{sid}~1messages/post/requestBody/content/${contentType.replace('/', '~1')}/schema`,
  );
const validateUrlencoded = requestSchema('application/x-www-form-urlencoded');
const validateMultipart = requestSchema('multipart/form-data');

const t = useRecordingClient({ sid: SID, apiKey: API_KEY, from: FROM });

function onlyRequest(): RecordedRequest {
  expect(t.server.requests).toHaveLength(1);
  const request = t.server.requests[0]!;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(PATH);
  expect(request.headers['api-key']).toBe(API_KEY);
  return request;
}

function urlencodedForm(): Record<string, string> {
  const request = onlyRequest();
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  const form = request.form!;
  expect(validateUrlencoded(form).errors).toEqual([]);
  return form;
}

const base = { to: TO, from: FROM, channel: 'whatsapp' };
const accepted = {
  id: '6e77bc24-fc4f-4c87-945f-12990d7342ef',
  type: 'text',
  body: 'See https://example.com, & more = fun',
  createdDateTime: '2020-01-29 06:23:44+00:00',
  totalCount: 2,
  data: [
    { message_id: '6e77bc24-fc4f-4c87-945f-12990d7342ef:0', recipient: '919876543210' },
    { message_id: '6e77bc24-fc4f-4c87-945f-12990d7342ef:1', recipient: '919876543211' },
  ],
  error: {},
};

describe('v1 sends on the wire', () => {
  it('sendText: url-encoded fields, preview_url as text, optional fields only when given', async () => {
    t.server.respondWith({ status: 202, body: accepted });
    const result = await t.client.v1Messages.sendText({
      to: [TO, '+919876543211'],
      body: 'See https://example.com, & more = fun',
      previewUrl: true,
      callbackUrl: 'https://hooks.example.com/wa',
      ref: 'order-1',
    });
    expect(result.data.map((d) => d.message_id)).toEqual([`${accepted.id}:0`, `${accepted.id}:1`]);
    expect(urlencodedForm()).toEqual({
      ...base,
      to: `${TO},+919876543211`,
      type: 'text',
      body: 'See https://example.com, & more = fun',
      preview_url: 'true',
      callback_url: 'https://hooks.example.com/wa',
      ref: 'order-1',
    });
  });

  it('sendText without previewUrl sends no preview_url field', async () => {
    await t.client.v1Messages.sendText({ to: TO, body: 'plain' });
    expect(urlencodedForm()).toEqual({ ...base, type: 'text', body: 'plain' });
  });

  it('sendTemplate quotes params CSV-style, doubling quotes inside values', async () => {
    await t.client.v1Messages.sendTemplate({
      to: TO,
      templateName: 'booking_confirm',
      params: ['John', 'He said "hi", then left', ''],
      langCode: 'en_US',
      callbackProfileId: 'profile-7',
    });
    const form = urlencodedForm();
    expect(form).toEqual({
      ...base,
      type: 'template',
      template_name: 'booking_confirm',
      params: '"John","He said ""hi"", then left",""',
      lang_code: 'en_US',
      callback_profile_id: 'profile-7',
    });
    // And the raw bytes: the comma inside the value is percent-encoded, never a bare separator.
    expect(t.server.requests[0]!.text).toContain(
      'params=%22John%22%2C%22He+said+%22%22hi%22%22%2C+then+left%22%2C%22%22',
    );
  });

  it('sendMedia with only a mediaUrl stays url-encoded', async () => {
    await t.client.v1Messages.sendMedia({
      to: TO,
      mediaUrl: 'https://example.com/files/report.pdf',
      caption: 'Your report',
    });
    expect(urlencodedForm()).toEqual({
      ...base,
      type: 'media',
      media_url: 'https://example.com/files/report.pdf',
      caption: 'Your report',
    });
  });

  it('sendMedia with a file goes multipart: a `media` file part, its name, a sniffed content type', async () => {
    const png = withBody(MAGIC.png, 3000);
    // No extension and no declared type: only the bytes can say it is a PNG.
    await t.client.v1Messages.sendMedia({ to: TO, media: { file: png, name: 'upload' }, caption: 'A photo' });
    const request = onlyRequest();
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.contentLengthMatched).toBe(true);
    const parts = request.parts!;
    const fields = Object.fromEntries(
      parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.text]),
    );
    expect(fields).toEqual({ ...base, type: 'media', caption: 'A photo' });
    const files = parts.filter((p) => p.filename !== undefined);
    expect(files.map((p) => p.name)).toEqual(['media']);
    expect(files[0]!.filename).toBe('upload');
    expect(files[0]!.contentType).toBe('image/png');
    expect(Buffer.from(files[0]!.bytes).equals(Buffer.from(png))).toBe(true);
    expect(validateMultipart({ ...fields, media: files[0]!.filename }).errors).toEqual([]);
  });

  it("sendMedia with a File keeps the File's own name", async () => {
    const pdf = new File([withBody(MAGIC.pdf, 500)], 'invoice-42.pdf');
    await t.client.v1Messages.sendMedia({ to: TO, media: { file: pdf } });
    const file = onlyRequest().parts!.find((p) => p.name === 'media')!;
    expect(file.filename).toBe('invoice-42.pdf');
    expect(file.contentType).toBe('application/pdf');
  });

  it('sendMediaTemplate sends header, coupon (quoted), payloads and URL params as fields', async () => {
    await t.client.v1Messages.sendMediaTemplate({
      to: TO,
      templateName: 'summer_sale',
      params: ['Asha', '20%'],
      paramHeader: 'Summer',
      couponCode: 'SAVE20',
      payloads: ['yes-please', 'not-now', 'stop'],
      paramUrl: 'offers/summer',
      secondParamUrl: 'help',
      mediaUrl: 'https://example.com/banner.png',
      language: 'en',
    });
    expect(urlencodedForm()).toEqual({
      ...base,
      type: 'mediatemplate',
      template_name: 'summer_sale',
      params: '"Asha","20%"',
      param_header: 'Summer',
      coupon_code: '"SAVE20"',
      payload1: 'yes-please',
      payload2: 'not-now',
      payload3: 'stop',
      param_url: 'offers/summer',
      second_param_url: 'help',
      media_url: 'https://example.com/banner.png',
      language: 'en',
    });
  });

  it('sendMediaTemplate with a header file goes multipart and validates', async () => {
    const jpeg = withBody(MAGIC.jpeg, 800);
    await t.client.v1Messages.sendMediaTemplate({
      to: TO,
      templateName: 'ticket',
      payloads: ['ok'],
      media: { file: jpeg, name: 'header.jpg' },
    });
    const parts = onlyRequest().parts!;
    const fields = Object.fromEntries(
      parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.text]),
    );
    expect(fields).toEqual({ ...base, type: 'mediatemplate', template_name: 'ticket', payload1: 'ok' });
    const file = parts.find((p) => p.name === 'media')!;
    expect([file.filename, file.contentType]).toEqual(['header.jpg', 'image/jpeg']);
    expect(validateMultipart({ ...fields, media: file.filename }).errors).toEqual([]);
  });

  it('the schema check bites: an unquoted value with a quote, or a bad type, is invalid', () => {
    expect(
      validateUrlencoded({ ...base, type: 'template', template_name: 't', params: 'He said "hi"' }).valid,
    ).toBe(false);
    expect(validateUrlencoded({ ...base, type: 'media' }).valid).toBe(false);
  });
});
