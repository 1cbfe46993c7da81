import { describe, expect, it } from 'vitest';
import { META_ERROR_CATALOGUE } from '../../src/index.js';
import * as f from './fixtures.js';
import { getRequest, NOW, parse, parseKind, postRequest } from './requests.js';

const TS = '1722863329';
const TS_DATE = new Date(1722863329 * 1000);
const REFS = {
  ref: 'Hello This will be my reference id - 123',
  ref1: 'shoes campaign',
  ref2: 'summer sale campaign',
};

describe('§5.2 v2 status callbacks', () => {
  it('parses the Sent webhook with all three message ids, refs and pricing', async () => {
    const event = await parseKind(postRequest(f.V2_SENT), 'status');
    expect(event).toMatchObject({
      apiVersion: 'v2',
      status: 'sent',
      rawStatus: 'sent',
      messageId: 'wamid.HBgMOTE5NDAXXXXXX3MDFQIAERgSMEYxMEM1QjQ3QjXXXXXXQ2N0YA',
      messageIds: {
        topLevel: 'wamid.HBgMOTE5NDAXXXXXX3MDFQIAERgSMEYxMEM1QjQ3QjXXXXXXQ2N0YA',
        extraInfo: 'wamid.XXXXXHE5NXXXXXXXXXXDAQ==',
        statuses: ['XXX7f9c32XXXX9deXXXXXXacac299cfb'],
      },
      recipient: '919407XXXXXX',
      refs: { ref: 'campaign_2025_summer_sale', ref1: 'order_ORD_456789', ref2: 'payment_pending' },
      traceId: '8f14e45f-eXXX-4c1a-9e77-1a5XXXXXXXXX',
      wabaId: '12XXXXX34512345',
      phoneNumberId: '104XXXXXXXXXX60',
      displayPhoneNumber: '91XXXXXXXXXX',
      pricing: { billable: true, category: 'marketing', model: 'Conversation-Based Pricing' },
      errors: [],
      receivedAt: NOW,
    });
    expect(event.timestamp).toEqual(new Date('2024-08-05T05:11:05.000Z'));
    // The masked expiry is informational, so it is dropped rather than refusing the callback.
    expect(event.conversation).toEqual({ id: 'XXX7f9c3269f79deXXXXXXacac299cfb', originType: 'marketing' });
    expect(event.raw).toEqual(JSON.parse(f.V2_SENT));
  });

  it('refuses the Sent webhook as printed (trailing comma) as invalid JSON', async () => {
    const result = await parse(postRequest(f.V2_SENT_AS_PRINTED));
    expect(result).toMatchObject({ ok: false, rejection: { status: 400, reason: 'invalid-json' } });
  });

  it.each([
    ['NOT-SENT', 'not-sent'],
    ['not-sent', 'not-sent'],
    ['DELIVERED', 'delivered'],
    ['Read', 'read'],
    ['failed', 'failed'],
    ['deleted', 'unknown'],
  ] as const)('normalises status %s to %s', async (raw, status) => {
    const json = f.V2_SENT.replace('"status":"sent"', `"status":"${raw}"`);
    const event = await parseKind(postRequest(json), 'status');
    expect(event.status).toBe(status);
    expect(event.rawStatus).toBe(raw);
  });

  it('reads a failed status with Meta errors', async () => {
    const payload = JSON.parse(f.V2_SENT) as {
      status: string;
      meta_object: { value: { statuses: Record<string, unknown>[] } };
    };
    payload.status = 'failed';
    payload.meta_object.value.statuses[0]!.status = 'failed';
    payload.meta_object.value.statuses[0]!.errors = [
      {
        code: 131026,
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        error_data: { details: 'Receiver is incapable' },
      },
    ];
    const event = await parseKind(postRequest(JSON.stringify(payload)), 'status');
    expect(event.status).toBe('failed');
    expect(event.errors).toEqual([
      {
        code: '131026',
        title: 'Message undeliverable',
        message: 'Message undeliverable',
        details: 'Receiver is incapable',
        // From the SDK's catalogue of Meta's failure codes.
        meaning: META_ERROR_CATALOGUE['131026']!.meaning,
        action: META_ERROR_CATALOGUE['131026']!.action,
        retry: 'no',
      },
    ]);
  });

  it('reads a not-sent status that never reached Meta (no statuses array)', async () => {
    const body = JSON.stringify({ status: 'NOT-SENT', message_id: 'kaleyra-123', extra_info: { ref: 'r0' } });
    const event = await parseKind(postRequest(body), 'status');
    expect(event).toMatchObject({
      apiVersion: 'v2',
      status: 'not-sent',
      messageId: 'kaleyra-123',
      refs: { ref: 'r0' },
    });
  });
});

describe('§5.1 v1 callback_url status (third-party evidence)', () => {
  it('reads sent', async () => {
    const event = await parseKind(getRequest(f.V1_STATUS_SENT), 'status');
    expect(event).toMatchObject({
      apiVersion: 'v1',
      status: 'sent',
      messageId: '58f86fab-85c5-4f7c-9b68-9c323248afc4:0',
      raw: { id: '58f86fab-85c5-4f7c-9b68-9c323248afc4:0', status: 'sent' },
    });
  });
  it('reads 0 as failed', async () => {
    const event = await parseKind(getRequest(f.V1_STATUS_FAILED), 'status');
    expect(event.status).toBe('failed');
    expect(event.rawStatus).toBe('0');
  });
});

describe('§5.3 incoming messages (v2 envelope)', () => {
  it('document (truncated on the page, completed)', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_DOCUMENT, TS)), 'incoming');
    expect(event).toMatchObject({
      format: 'v2',
      messageId: 'wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhgXXXXXXXXgQzM4RUE2RjRBMDcyODcyNEY5RjIwREUwMzcA',
      from: '919XXXXXXXXX',
      profileName: 'Samuel',
      timestamp: TS_DATE,
      businessNumber: '918XXXXXXXXX',
      phoneNumberId: '1046XXXXXXXXXXX',
      wabaId: '347XXXXXXXXXX69',
      refs: REFS,
    });
    // §7.16: media_url is empty for this media sample, so there is no URL rather than "".
    expect(event.message).toEqual({
      type: 'document',
      mediaId: '1062XXXXXXXXXX98',
      fileName: 'Open smile features for variability.pdf',
      mimeType: 'application/pdf',
      sha256: 'a5auRphs4M7S53IpTQstXXXXXXFrDfh08Aj3tMvur5g=',
    });
  });

  it('sticker', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_STICKER, TS)), 'incoming');
    expect(event.messageId).toBe(
      'wamid.HBgMOTE5NzQwNzc2NTA1FQIXXXXXXXXXXAEhgg0ZEOUU0NzIwQTg3MEUzMTc0OEU3QzMwNEQA',
    );
    expect(event.message).toEqual({
      type: 'sticker',
      mediaUrl: 'https://example.com/images/product123.jpg',
      mediaId: '1034XXXXXXXXXXXX',
      mimeType: 'image/webp',
      sha256: 'Twg5CZJCqXXXXXXXXy67ghrhEcmMyqa3ZNEaSN3nzJ0=',
      animated: true,
    });
    expect(event.replyTo).toEqual({ kaleyraMessageId: '48c38d78-4ec5-XXXX-abee-03XXXXXX6c85' });
    expect(event.traceId).toBe('cb94fee2-3e70-XXXX-944a-2a4XXXXdb90a');
  });

  it('reaction (real timestamp on the page)', async () => {
    const event = await parseKind(postRequest(f.INCOMING_REACTION), 'incoming');
    expect(event).toMatchObject({
      messageId: 'wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggMDI1QjVEMzZGQzE2RDI3QzY2MjU2MTgwQjQ3RDM2NDYA',
      from: '9197XXXXXXXX',
      profileName: '<name>',
      timestamp: new Date('2024-08-05T13:08:49.000Z'),
      message: {
        type: 'reaction',
        messageId: 'wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggMUZCRkM3Qzc2QzEzN0ZBRkE4QzQyMURGRDI0QjBDNEUA',
        emoji: '😂',
      },
    });
  });

  it('reply with image and context', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_REPLY_IMAGE, TS)), 'incoming');
    expect(event.replyTo).toEqual({
      messageId: 'wamid.HBgMOTE5NzQwNzc2NTXXXXXXXXXXA1FQIAEhggRUQxMzMUQ4QzFGREQ5NzI3OUFBNTEwQTkA',
      from: '919XXXXXXXXX',
      kaleyraMessageId: '48c38d78-4ec5-XXXX-abee-03XXXXXX6c85',
    });
    expect(event.message).toEqual({
      type: 'image',
      mediaUrl: 'https://example.com/images/product123.jpg',
      mediaId: '4621XXXXXXXXXXX',
      mimeType: 'image/jpeg',
      sha256: 'hYeiE5iZTCUKVSRXXXXXXXXXXtP4CwWZIq5j3e3SqnU=',
    });
  });

  it('interactive list reply', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_LIST_REPLY, TS)), 'incoming');
    expect(event.from).toBe('9197XXXXXXXX');
    expect(event.profileName).toBe('Sam');
    expect(event.message).toEqual({
      type: 'list_reply',
      id: '1',
      title: '1st sec 1 Row ಅತುಲ್',
      description: 'Its Description-here 1st row',
    });
    expect(event.replyTo?.messageId).toBe(
      'wamid.HBgMOTE5NzQwNzc2NTAXXXXXXXXXX1FQIAERgSQjgxMzQyOUJFNURCOTMzRjBGAA==',
    );
  });

  it('template quick-reply button', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_TEMPLATE_BUTTON, TS)), 'incoming');
    expect(event.messageId).toBe(
      'wamid.HBgMOTE5NzQwNzc2NTA1FQIAEhggXXXXXXXXXXRDI1Q0Y5OTcxBENzlCNjRFMDkzNkIxRjMA',
    );
    expect(event.message).toEqual({ type: 'button', payload: 'button0', text: 'message' });
    expect(event.phoneNumberId).toBe('1774XXXXXXXXXX0');
  });

  it('current location', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_CURRENT_LOCATION, TS)), 'incoming');
    expect(event.message).toEqual({ type: 'location', latitude: 12.9467329, longitude: 77.646835 });
    expect(event.from).toBe('9197XXXXXXXX');
  });

  it('address location', async () => {
    const event = await parseKind(postRequest(f.unmask(f.INCOMING_ADDRESS_LOCATION, TS)), 'incoming');
    expect(event.message).toEqual({
      type: 'location',
      latitude: 12.947002144326,
      longitude: 77.646815379659,
      name: 'Intel Corporation (Intel Security)',
      address: 'Pine Valley, Bangalore, Karnataka 560071',
      url: 'https://foursquare.com/v/4d0f132XXXXXXXX82156bc4a',
    });
  });

  it('refuses a sample as printed when its masked timestamp is kept', async () => {
    const result = await parse(postRequest(f.INCOMING_STICKER));
    expect(result).toMatchObject({
      ok: false,
      rejection: { reason: 'bad-timestamp', field: 'messages[0].timestamp' },
    });
  });

  it.each([
    ['text', { type: 'text', text: { body: 'hi' } }, { type: 'text', text: 'hi' }],
    [
      'video',
      { type: 'video', video: { id: 'v1', mime_type: 'video/mp4', caption: 'look' } },
      { type: 'video', mediaId: 'v1', mimeType: 'video/mp4', caption: 'look' },
    ],
    [
      'audio',
      { type: 'audio', audio: { id: 'a1', mime_type: 'audio/ogg', voice: true } },
      { type: 'audio', mediaId: 'a1', mimeType: 'audio/ogg', voice: true },
    ],
    [
      'button_reply',
      {
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
      },
      { type: 'button_reply', id: 'yes', title: 'Yes' },
    ],
    [
      'contacts',
      {
        type: 'contacts',
        contacts: [{ name: { formatted_name: 'Ann' }, phones: [{ phone: '+1 555', wa_id: '1555' }] }],
      },
      {
        type: 'contacts',
        contacts: [
          {
            formattedName: 'Ann',
            phones: ['+1 555'],
            raw: { name: { formatted_name: 'Ann' }, phones: [{ phone: '+1 555', wa_id: '1555' }] },
          },
        ],
      },
    ],
    [
      'order (unknown)',
      { type: 'order', order: { catalog_id: 'c' } },
      {
        type: 'unknown',
        messageType: 'order',
        raw: { from: '1', id: 'm', timestamp: TS, type: 'order', order: { catalog_id: 'c' } },
      },
    ],
  ])('message type %s (not sampled on the pages)', async (_, content, expected) => {
    const body = JSON.stringify({
      meta_object: {
        value: { messages: [{ from: '1', id: 'm', timestamp: TS, ...content }] },
        field: 'messages',
      },
    });
    const event = await parseKind(postRequest(body), 'incoming');
    expect(event.message).toEqual(expected);
  });
});

describe('§5.3 legacy and flat incoming forms', () => {
  it('legacy {contacts, messages}', async () => {
    const event = await parseKind(postRequest(f.unmask(f.LEGACY_INCOMING_TEXT, '1500000186')), 'incoming');
    expect(event).toMatchObject({
      format: 'legacy',
      messageId: 'ABGGFlA5FpafAgo6tHcNmNjXmuSf',
      from: '1XXXXXXXX63',
      profileName: 'Test',
      timestamp: new Date(1500000186 * 1000),
      message: { type: 'text', text: 'Hello this is an answer' },
    });
  });

  it('flat GET profile with every variable filled', async () => {
    const query = f.fill(
      f.INCOMING_FLAT_GET,
      {
        body: 'See this',
        mime_type: 'image/jpeg',
        media_url: 'https://s3.example.com/a.jpg',
        from: '919000000001',
        name: 'Asha',
        type: 'image',
        created_at: '1603914166',
        reply_to: 'abc-123',
        wanumber: '918000000000',
        mobile: '919000000001',
      },
      'query',
    );
    const event = await parseKind(getRequest(query), 'incoming');
    expect(event).toMatchObject({
      format: 'flat',
      from: '919000000001',
      profileName: 'Asha',
      timestamp: new Date(1603914166 * 1000),
      businessNumber: '918000000000',
      replyTo: { kaleyraMessageId: 'abc-123' },
      message: {
        type: 'image',
        mediaUrl: 'https://s3.example.com/a.jpg',
        mimeType: 'image/jpeg',
        caption: 'See this',
      },
    });
    expect(event.messageId).toBeUndefined();
  });

  it('flat POST profile', async () => {
    const body = f.fill(
      f.INCOMING_FLAT_POST,
      { body: 'Hi', from: '919000000002', name: 'Ravi', type: 'text', created_at: '1603914166' },
      'json',
    );
    const event = await parseKind(postRequest(body), 'incoming');
    expect(event).toMatchObject({
      format: 'flat',
      from: '919000000002',
      message: { type: 'text', text: 'Hi' },
      timestamp: new Date(1603914166 * 1000),
    });
  });

  it('flat POST profile sent as a urlencoded form', async () => {
    const body = f
      .fill(f.INCOMING_FLAT_GET, { body: 'Hi there', from: '919000000003', type: 'text' }, 'query')
      .slice(1);
    const event = await parseKind(postRequest(body, 'application/x-www-form-urlencoded'), 'incoming');
    expect(event).toMatchObject({ from: '919000000003', message: { type: 'text', text: 'Hi there' } });
  });

  it('the page key/value sample', async () => {
    const event = await parseKind(getRequest(f.INCOMING_FLAT_SAMPLE), 'incoming');
    expect(event).toMatchObject({
      from: '919xxxxxxxx8',
      profileName: 'John',
      message: { type: 'text', text: 'Hi' },
    });
  });

  it('third-party courier GET', async () => {
    const event = await parseKind(getRequest(f.INCOMING_COURIER_GET), 'incoming');
    expect(event).toMatchObject({
      from: '14133881111',
      profileName: 'John Cruz',
      message: { type: 'text', text: 'Hello World' },
      timestamp: new Date('2020-10-28T19:42:46.000Z'),
      raw: {
        created_at: '1603914166',
        type: 'text',
        from: '14133881111',
        name: 'John Cruz',
        body: 'Hello World',
      },
    });
  });

  it('voice media in the flat form is audio', async () => {
    const event = await parseKind(
      getRequest('?from=1&type=voice&media_url=https%3A%2F%2Fs3%2Fv.ogg'),
      'incoming',
    );
    expect(event.message).toEqual({ type: 'audio', mediaUrl: 'https://s3/v.ogg', voice: true });
  });
});

describe('§5.4 resumable-media status', () => {
  const values = {
    status: 'UPLOADED',
    uploaded_file_handle: '4::aW1hZ2UvanBlZw==:ARb',
    file_name: 'brochure.pdf',
    file_link: 'https://files.example.com/brochure.pdf?a=1&b=2',
    resumable_media_id: 'rm-42',
    waba_id: '347000000000069',
    company_id: 'c-9',
    field: 'resumable_media',
    time: '1722834665',
    callback_profile_id: 'cp-1',
  };
  const expected = {
    kind: 'upload',
    status: 'uploaded',
    rawStatus: 'UPLOADED',
    resumableMediaId: 'rm-42',
    uploadedFileHandle: '4::aW1hZ2UvanBlZw==:ARb',
    fileName: 'brochure.pdf',
    fileLink: 'https://files.example.com/brochure.pdf?a=1&b=2',
    wabaId: '347000000000069',
    companyId: 'c-9',
    field: 'resumable_media',
    time: new Date(1722834665 * 1000),
    callbackProfileId: 'cp-1',
  };

  it('GET with quoted values', async () => {
    const event = await parseKind(getRequest(f.fill(f.UPLOAD_GET, values, 'query')), 'upload');
    expect(event).toMatchObject(expected);
    expect((event.raw as Record<string, string>).status).toBe('UPLOADED');
  });

  it('POST', async () => {
    const event = await parseKind(postRequest(f.fill(f.UPLOAD_POST, values, 'json')), 'upload');
    expect(event).toMatchObject(expected);
  });

  it.each(['PENDING', 'FAILED'])('status %s', async (status) => {
    const event = await parseKind(
      postRequest(f.fill(f.UPLOAD_POST, { ...values, status }, 'json')),
      'upload',
    );
    expect(event.status).toBe(status.toLowerCase());
  });
});

describe('§5.5 template status and messaging limits', () => {
  const values = {
    id: 't-1',
    other_info: 'n/a',
    callback_profile_id: 'cp-2',
    company_id: 'c-9',
    reason: 'INCORRECT_CATEGORY',
    message_template_language: 'en_US',
    time: '2024-08-05 05:11:05',
    event: 'Rejected',
    message_template_id: '1234567890',
    message_template_name: 'order_update',
  };

  it('GET with quoted values and the quoted key', async () => {
    const event = await parseKind(getRequest(f.fill(f.TEMPLATE_GET, values, 'query')), 'template');
    expect(event).toMatchObject({
      event: 'rejected',
      rawEvent: 'Rejected',
      id: 't-1',
      messageTemplateId: '1234567890',
      language: 'en_US',
      reason: 'INCORRECT_CATEGORY',
      otherInfo: 'n/a',
      time: new Date('2024-08-05T05:11:05.000Z'),
      companyId: 'c-9',
      callbackProfileId: 'cp-2',
    });
  });

  it.each(['Approved', 'Rejected', 'Disabled', 'Paused'])('POST with event %s', async (status) => {
    const event = await parseKind(
      postRequest(f.fill(f.TEMPLATE_POST, { ...values, event: status, time: '1722834665000' }, 'json')),
      'template',
    );
    expect(event.event).toBe(status.toLowerCase());
    expect(event.messageTemplateName).toBe('order_update');
    expect(event.time).toEqual(new Date(1722834665000));
  });

  it('messaging-limit update', async () => {
    const event = await parseKind(getRequest(f.LIMIT_GET), 'limit');
    expect(event).toEqual({
      kind: 'limit',
      displayPhoneNumber: '16505551111',
      event: 'FLAGGED',
      currentLimit: 'TIER_10K',
      raw: { display_phone_number: '16505551111', event: 'FLAGGED', current_limit: 'TIER_10K' },
      receivedAt: NOW,
    });
  });
});

describe('unknown shapes', () => {
  it.each([
    ['an unfamiliar object', '{"payment":{"id":"p1","status":"captured"}}'],
    ['an array', '[1,2,3]'],
    ['a bare string', '"hello"'],
    ['null', 'null'],
    ['an envelope without messages or statuses', '{"meta_object":{"value":{"errors":[]},"field":"x"}}'],
  ])('%s is an unknown event carrying raw', async (_, body) => {
    const event = await parseKind(postRequest(body), 'unknown');
    expect(event.raw).toEqual(JSON.parse(body));
  });

  it('a GET with no parameters is unknown, not refused', async () => {
    const event = await parseKind(getRequest(''), 'unknown');
    expect(event.raw).toEqual({});
  });
});
