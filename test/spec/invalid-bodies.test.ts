import { describe, expect, it } from 'vitest';
import { escapePointer, validatorAt } from './support/spec-validator.js';

// Each row is a body the document must refuse (or, for the last rows, deliberately accept), next to
// a valid neighbour, so a loosened or over-tightened schema shows up as a failing row.
const v1Request = validatorAt(`#/paths/${escapePointer('/v1/{sid}/messages')}/post/requestBody/content/${escapePointer('application/x-www-form-urlencoded')}/schema`);
const v2Request = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{phone_number}/messages')}/post/requestBody/content/${escapePointer('application/json')}/schema`);
const resumableRequest = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{waba_id}/resumable_media')}/post/requestBody/content/${escapePointer('multipart/form-data')}/schema`);

const to = '+919876543210';
const v2 = (messaging_object: Record<string, unknown>, extra_info?: Record<string, unknown>) => ({
  messaging_object: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...messaging_object },
  ...(extra_info ? { extra_info } : {}),
});
const v1 = (fields: Record<string, string>) => ({ to, from: '+919812345678', channel: 'whatsapp', ...fields });

type Row = [string, (value: unknown) => { valid: boolean }, unknown, boolean];

const rows: Row[] = [
  ['v2 image by id', v2Request, v2({ type: 'image', image: { id: '1479123456789537' } }), true],
  ['v2 image with neither id nor link', v2Request, v2({ type: 'image', image: { caption: 'hi' } }), false],
  ['v2 image with both id and link', v2Request, v2({ type: 'image', image: { id: '1', link: 'https://example.com/a.png' } }), false],
  ['v2 video caption of 1024 characters', v2Request, v2({ type: 'video', video: { id: '1', caption: 'x'.repeat(1024) } }), true],
  ['v2 video caption of 1025 characters', v2Request, v2({ type: 'video', video: { id: '1', caption: 'x'.repeat(1025) } }), false],
  ['v2 unknown message type', v2Request, v2({ type: 'hologram', hologram: { id: '1' } }), false],
  ['v2 text without type (Kaleyra: optional, defaults to text)', v2Request, v2({ text: { body: 'hi' } }), true],
  ['v2 text', v2Request, v2({ type: 'text', text: { body: 'hi', preview_url: false } }), true],
  // Request bodies are closed: a typo or a field of another kind is refused, not passed on.
  ['v2 text with an unknown property foo', v2Request, v2({ type: 'text', text: { body: 'hi' }, foo: 1 }), false],
  ['v2 text object with an unknown property', v2Request, v2({ type: 'text', text: { body: 'hi', foo: 1 } }), false],
  ['v2 sticker', v2Request, v2({ type: 'sticker', sticker: { id: '1' } }), true],
  ['v2 sticker with a caption', v2Request, v2({ type: 'sticker', sticker: { id: '1', caption: 'hi' } }), false],
  ['v2 body with an unknown top-level property', v2Request, { ...v2({ type: 'text', text: { body: 'hi' } }), foo: 1 }, false],
  ['v2 extra_info with an unknown property', v2Request, v2({ type: 'text', text: { body: 'hi' } }, { foo: 'x' }), false],
  ['v2 read receipt with an unknown property', v2Request, { messaging_object: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC', foo: 1 } }, false],
  ['v2 text with preview_url as the string "false"', v2Request, v2({ type: 'text', text: { body: 'hi', preview_url: 'false' } }), false],
  ['v2 recipient with letters', v2Request, v2({ type: 'text', text: { body: 'hi' }, to: '91abc' }), false],
  ['v2 messaging_product other than whatsapp', v2Request, v2({ type: 'text', text: { body: 'hi' }, messaging_product: 'sms' }), false],
  ['v2 read receipt', v2Request, { messaging_object: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC' } }, true],
  ['v2 read receipt with another status', v2Request, { messaging_object: { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.ABC' } }, false],
  ['v2 reaction', v2Request, v2({ type: 'reaction', reaction: { message_id: 'wamid.ABC', emoji: '👍' } }), true],
  ['v2 four reply buttons', v2Request, v2({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `${n}`, title: `B${n}` } })) } } }), false],
  ['v2 three reply buttons', v2Request, v2({ type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [1, 2, 3].map((n) => ({ type: 'reply', reply: { id: `${n}`, title: `B${n}` } })) } } }), true],
  ['v2 ref of 256 characters', v2Request, v2({ type: 'text', text: { body: 'hi' } }, { ref: 'r'.repeat(256) }), false],
  // The server turns an unknown wa_source into "api" rather than refusing it; so does the document.
  ['v2 unknown wa_source', v2Request, v2({ type: 'text', text: { body: 'hi' } }, { wa_source: 'my-crm' }), true],
  ['resumable upload of a PNG', resumableRequest, { file: '(bytes)', type: 'image/png' }, true],
  ['resumable upload of a GIF', resumableRequest, { file: '(bytes)', type: 'image/gif' }, false],
  ['resumable upload without a file', resumableRequest, { type: 'image/png' }, false],
  ['v1 mediatemplate', v1Request, v1({ type: 'mediatemplate', template_name: 'Booking_confirm', params: '"John","Doe"' }), true],
  ['v1 mediatemplate without template_name', v1Request, v1({ type: 'mediatemplate', params: '"John","Doe"' }), false],
  ['v1 media with a media_url', v1Request, v1({ type: 'media', media_url: 'https://example.com/a.png' }), true],
  ['v1 media with neither media nor media_url', v1Request, v1({ type: 'media', caption: 'hi' }), false],
  ['v1 text', v1Request, v1({ type: 'text', body: 'Hello' }), true],
  ['v1 text without body', v1Request, v1({ type: 'text' }), false],
  ['v1 text with an unknown field', v1Request, v1({ type: 'text', body: 'Hello', bodyy: 'Hello' }), false],
  ['v1 media with a misspelt caption field', v1Request, v1({ type: 'media', media_url: 'https://example.com/a.png', captoin: 'hi' }), false],
  ['v1 unknown type', v1Request, v1({ type: 'hologram', body: 'Hello' }), false],
  ['v1 two recipients', v1Request, v1({ type: 'text', body: 'Hello', to: '919876543210,919876543211' }), true],
  ['v1 recipient list with a bad number', v1Request, v1({ type: 'text', body: 'Hello', to: '919876543210,hello' }), false],
];

describe('the document refuses invalid bodies and accepts their valid neighbours', () => {
  it.each(rows)('%s', (_name, validate, body, expected) => {
    expect(validate(body).valid).toBe(expected);
  });
});
