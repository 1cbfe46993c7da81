import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKaleyraClient } from '../../src/index.js';
import { fileFromPath } from '../../src/node/index.js';
import { MAGIC, withBody } from '../support/magic-bytes.js';
import { startRecordingServer, type RecordingServer } from '../support/recording-server.js';
import {
  after,
  curlFormFields,
  jsonBlock,
  parsePrintedJson,
  seedPage,
  unmaskPhone,
} from '../support/seed-pages.js';
import { objectAt, textAt } from '../../src/testing/json-walk.js';

// For each seed page, the sample request rebuilt through the SDK must produce the request the page's
// curl sends: same path, same fields with the same values, the api-key header. The expected values
// are read from the pages, so neither side can drift quietly. Phone numbers are the one departure:
// some pages write them without the "+" (91XXXXXXXXXX), which the SDK refuses (a number without its
// country code has the same shape, see src/validation/phone-number.ts), so they are given and expected
// in their E.164 form with the "+", as the tables beside the samples ask ("E164 format").
const e164 = (masked: string) =>
  unmaskPhone(masked)
    .split(',')
    .map((number) => (number.startsWith('+') ? number : `+${number}`))
    .join(',');
const API_KEY = 'Axxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx3';
let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

function client(sid: string) {
  return createKaleyraClient({ sid, apiKey: API_KEY, baseUrl: server.url, maxRetries: 0 });
}

function curlPath(section: string): string {
  const url = /https:\/\/api\.in\.kaleyra\.io\/+([^'\s]+)/.exec(section)![1]!;
  // The interactive-template sample's `//v1` is a typo (see the spec's description).
  return '/' + url;
}

describe('seed 000: v1 media message with a file and a media_url', () => {
  const section = after(seedPage('000'), 'Sample Request Format');
  const { fields, files } = curlFormFields(section);

  it("sends the page's multipart fields, file part included", async () => {
    server.respondWith({
      status: 202,
      body: parsePrintedJson(jsonBlock(after(seedPage('000'), 'Sample Success Response'))).value,
    });
    const video = withBody(MAGIC.mp4, 4096);
    const result = await client('HXAP16XXXXXX97IN').v1Messages.sendMedia({
      to: e164(fields.to!),
      from: e164(fields.from!),
      callbackUrl: fields.callback_url!,
      media: { file: video, name: 'videoplayback.mp4' },
      mediaUrl: fields.media_url!,
      caption: fields.caption!,
    });
    expect(result.data[0]!.message_id).toMatch(/:0$/);

    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(curlPath(section));
    expect(request!.headers['api-key']).toBe(API_KEY);
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.contentLengthMatched).toBe(true);
    const parts = request!.parts!;
    const sentFields = Object.fromEntries(
      parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.text]),
    );
    expect(sentFields).toEqual({ ...fields, to: e164(fields.to!), from: e164(fields.from!) });
    const filePart = parts.find((p) => p.name === 'media')!;
    expect(Object.keys(files)).toEqual(['media']);
    expect(filePart.filename).toBe(files.media!.split('/').pop());
    expect(filePart.contentType).toBe('video/mp4');
    expect(Buffer.from(filePart.bytes).equals(Buffer.from(video))).toBe(true);
  });
});

describe('seed 003: v1 media template with two recipients and dynamic URLs', () => {
  const section = after(seedPage('003'), 'Sample Request Format');
  const { fields } = curlFormFields(section);

  it("sends the page's fields, with params quoted", async () => {
    await client('HXIN1783361374IN').v1Messages.sendMediaTemplate({
      to: e164(fields.to!).split(','),
      from: e164(fields.from!),
      templateName: fields.template_name!,
      params: ['John', 'Doe'],
      paramUrl: fields.param_url!,
      secondParamUrl: fields.second_param_url!,
      callbackUrl: fields.callback_url!,
    });
    const [request] = server.requests;
    expect(request!.path).toBe(curlPath(section).replace(/^\/+/, '/'));
    expect(request!.headers['api-key']).toBe(API_KEY);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // The page prints `params=John","Doe`: its table's `"John","Doe"` with the outer quotes lost.
    expect(request!.form).toEqual({
      ...fields,
      to: e164(fields.to!),
      from: e164(fields.from!),
      params: `"${fields.params}"`,
    });
  });
});

describe.each([
  ['001', 'image'],
  ['002', 'video'],
] as const)('seed %s: v2 %s message', (prefix, kind) => {
  const page = seedPage(prefix);
  const section = after(page, 'Sample Request Format');
  const sample = parsePrintedJson(jsonBlock(after(section, '-d'))).value;
  const object = objectAt(sample, 'messaging_object');
  const media = objectAt(object, kind);

  it("sends the page's JSON body to the page's path", async () => {
    const sid = /\/v2\/([^/]+)\//.exec(section)![1]!;
    const businessNumber = /\/whatsapp\/([^/]+)\/messages/.exec(section)![1]!;
    server.respondWith({
      status: 202,
      body: {
        code: 'WA202',
        message: 'Request Accepted',
        data: { message_id: 'AXXXXXXXXXXXXXXXXXXX' },
        error: {},
      },
    });
    const result = await client(sid).v2Messages[kind === 'image' ? 'sendImage' : 'sendVideo']({
      from: unmaskPhone(businessNumber),
      to: e164(String(object.to)),
      // The image page sends id and link together, which its own table forbids; the id is kept.
      media: { id: String(media.id) },
      caption: textAt(media, 'caption'),
      extraInfo: {
        ref: textAt(sample, 'extra_info', 'ref'),
        ref1: textAt(sample, 'extra_info', 'ref1'),
        ref2: textAt(sample, 'extra_info', 'ref2'),
        waSource: textAt(sample, 'extra_info', 'wa_source'),
      },
    });
    expect(result.data.message_id).toBe('AXXXXXXXXXXXXXXXXXXX');

    const [request] = server.requests;
    expect(request!.path).toBe(`/v2/${sid}/whatsapp/${unmaskPhone(businessNumber)}/messages`);
    expect(request!.headers['api-key']).toBe(API_KEY);
    expect(request!.headers['content-type']).toBe('application/json');
    const { link: _link, ...mediaById } = media;
    expect(request!.json).toEqual({
      ...sample,
      messaging_object: { ...object, to: e164(String(object.to)), [kind]: mediaById },
    });
  });
});

describe('seed 004: resumable upload from a path', () => {
  const section = after(seedPage('004'), 'Sample Request Format');
  const { fields, files } = curlFormFields(section);

  it("sends the page's two parts, the file streamed from disk with an exact length", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaleyra-seed-'));
    const path = join(dir, files.file!.split('/').pop()!);
    const png = withBody(MAGIC.png, 10_000);
    writeFileSync(path, png);
    const wabaId = unmaskPhone(/\/whatsapp\/([^/]+)\/resumable_media/.exec(section)![1]!);
    server.respondWith({
      status: 202,
      body: {
        code: 'WA202',
        message: 'Request Processed Successfully',
        data: { id: '639', status: 'PENDING' },
        error: {},
      },
    });

    const result = await client('HXAP16XXXXXX97IN').media.uploadResumable({
      wabaId,
      file: await fileFromPath(path),
    });
    expect(result.data).toEqual({ id: '639', status: 'PENDING' });

    const [request] = server.requests;
    expect(request!.path).toBe(`/v2/HXAP16XXXXXX97IN/whatsapp/${wabaId}/resumable_media`);
    expect(request!.headers['api-key']).toBe(API_KEY);
    // The page's `content-type: application/json` would break the multipart body (see the spec).
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request!.chunked).toBe(false);
    expect(request!.contentLengthMatched).toBe(true);
    const parts = request!.parts!;
    expect(parts.map((p) => p.name)).toEqual(['file', 'type']);
    expect(parts[0]!.filename).toBe('image.png');
    expect(parts[0]!.contentType).toBe(fields.type);
    expect(Buffer.from(parts[0]!.bytes).equals(Buffer.from(png))).toBe(true);
    expect(parts[1]!.text).toBe(fields.type);
  });
});
