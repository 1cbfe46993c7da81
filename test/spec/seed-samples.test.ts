import { describe, expect, it } from 'vitest';
import { escapePointer, validatorAt } from './support/spec-validator.js';
import { after, curlFormFields, jsonBlock, parsePrintedJson, seedPage, unmaskPhone } from '../support/seed-pages.js';
import { at, objectAt } from '../../src/testing/json-walk.js';

// Every sample body printed on the five seed pages must be accepted by the document, after the
// corrections the document's descriptions name (masked digits, missing commas and braces).
const v1Messages = `#/paths/${escapePointer('/v1/{sid}/messages')}/post`;
const v2Messages = `#/paths/${escapePointer('/v2/{sid}/whatsapp/{phone_number}/messages')}/post`;
const resumable = `#/paths/${escapePointer('/v2/{sid}/whatsapp/{waba_id}/resumable_media')}/post`;
const multipart = escapePointer('multipart/form-data');
const json = escapePointer('application/json');

const v1Request = validatorAt(`${v1Messages}/requestBody/content/${multipart}/schema`);
const v1Accepted = validatorAt(`${v1Messages}/responses/202/content/${json}/schema`);
const v1Ok = validatorAt(`${v1Messages}/responses/200/content/${json}/schema`);
const v2Request = validatorAt(`${v2Messages}/requestBody/content/${json}/schema`);
const v2Accepted = validatorAt(`${v2Messages}/responses/202/content/${json}/schema`);
const resumableRequest = validatorAt(`${resumable}/requestBody/content/${multipart}/schema`);
const resumableAccepted = validatorAt(`${resumable}/responses/202/content/${json}/schema`);
const errorEnvelope = validatorAt('#/components/schemas/ErrorEnvelope');

function expectValid(result: { valid: boolean; errors: unknown[] }) {
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

function v1FormFromCurl(section: string) {
  const { fields, files } = curlFormFields(section);
  const body: Record<string, unknown> = { ...fields };
  for (const key of ['to', 'from']) if (typeof body[key] === 'string') body[key] = unmaskPhone(body[key] as string);
  // A file part reaches the server as bytes; the schema types it as a binary string.
  for (const name of Object.keys(files)) body[name] = '(file bytes)';
  return { body, files };
}

/** Every `{...}` that follows a heading naming a failure, as printed. */
function failureBodies(page: string): string[] {
  const section = page.slice(page.search(/Sample Failure Response|Failure Responses/));
  const blocks: string[] = [];
  let rest = section;
  while (rest.includes('"code"')) {
    const block = jsonBlock(rest);
    blocks.push(block);
    rest = rest.slice(rest.indexOf(block) + block.length);
  }
  return blocks;
}

describe('seed 000: Send a Media Message (v1)', () => {
  const page = seedPage('000');

  it('accepts the sample request, media file and media_url both present', () => {
    const { body, files } = v1FormFromCurl(after(page, 'Sample Request Format'));
    expect(body).toMatchObject({ type: 'media', channel: 'whatsapp', caption: 'This is the capton' });
    expect(files.media).toContain('videoplayback.mp4');
    expectValid(v1Request(body));
  });

  it('accepts the 202 success body', () => {
    const sample = parsePrintedJson(jsonBlock(after(page, 'Sample Success Response')));
    expectValid(v1Accepted(sample.value));
  });

  it('accepts both failure bodies (E419 is printed without a comma)', () => {
    const bodies = failureBodies(page).map(parsePrintedJson);
    expect(bodies.map((b) => b.value.code)).toEqual(['E438', 'E419']);
    expect(bodies[1]!.repairs).toContain('missing commas');
    for (const b of bodies) expectValid(errorEnvelope(b.value));
  });
});

describe('seed 003: Interactive Message and Media Template (v1)', () => {
  const page = seedPage('003');

  it('accepts the sample request with two comma-separated recipients', () => {
    const { body } = v1FormFromCurl(after(page, 'Sample Request Format'));
    expect(body.to).toMatch(/,/);
    expect(body).toMatchObject({ type: 'mediatemplate', template_name: 'Booking_confirm' });
    // The page prints `params=John","Doe`: the outer quotes of `"John","Doe"` were lost to shell quoting.
    expect(body.params).toBe('John","Doe');
    expectValid(v1Request({ ...body, params: '"John","Doe"' }));
  });

  it('accepts the 200 success body with the whitelist warning', () => {
    const sample = parsePrintedJson(jsonBlock(after(page, 'Sample Success Response')));
    expect(at(sample.value, 'error', 'msg')).toMatch(/Whitelisted/);
    expectValid(v1Ok(sample.value));
  });

  it('accepts the E424 failure body', () => {
    const [failure] = failureBodies(page).map(parsePrintedJson);
    expect(failure!.value.code).toBe('E424');
    expectValid(errorEnvelope(failure!.value));
  });
});

describe.each([
  ['001', 'image'],
  ['002', 'video'],
] as const)('seed %s: Send %s Messages (v2)', (prefix, kind) => {
  const page = seedPage(prefix);
  const printed = parsePrintedJson(jsonBlock(after(after(page, 'Sample Request Format'), '-d')));
  const request = structuredClone(printed.value);
  const message = objectAt(request, 'messaging_object');
  message.to = unmaskPhone(String(message.to));

  it('parses the sample request (the video one only after adding its missing brace)', () => {
    expect(message.type).toBe(kind);
    expect(printed.repairs.some((r) => r.includes('brace'))).toBe(kind === 'video');
  });

  if (kind === 'image') {
    it('rejects the image sample as printed, since it sends both id and link, and accepts it with one', () => {
      expect(at(message, 'image', 'id')).toBeTruthy();
      expect(at(message, 'image', 'link')).toBeTruthy();
      expect(v2Request(request).valid).toBe(false);
      const { link: _link, ...byId } = objectAt(message, 'image');
      expectValid(v2Request({ ...request, messaging_object: { ...message, image: byId } }));
    });
  } else {
    it('accepts the video sample', () => expectValid(v2Request(request)));
  }

  it('accepts the 202 success body (printed without commas)', () => {
    const sample = parsePrintedJson(jsonBlock(after(page, 'Sample Success Response')));
    expect(sample.repairs).toContain('missing commas');
    expectValid(v2Accepted(sample.value));
  });

  it('accepts every failure body with the error envelope', () => {
    const bodies = failureBodies(page).map((b) => parsePrintedJson(b).value);
    expect(bodies.map((b) => b.code)).toEqual(['RBC001', 'WA401', 'WA400', 'WA500', 'E110', 'WA-401', 'WA-401']);
    for (const body of bodies) expectValid(errorEnvelope(body));
  });
});

describe('seed 004: Upload Resumable Media (v2)', () => {
  const page = seedPage('004');

  it('accepts the sample multipart request', () => {
    const { fields, files } = curlFormFields(after(page, 'Sample Request Format'));
    expect(files.file).toContain('image.png');
    expectValid(resumableRequest({ ...fields, file: '(file bytes)' }));
  });

  it('rejects a type outside the five allowed', () => {
    expect(resumableRequest({ file: '(file bytes)', type: 'image/gif' }).valid).toBe(false);
  });

  it('accepts the 202 success body', () => {
    const sample = parsePrintedJson(jsonBlock(after(page, 'Sample Success Response')).replace('"<id>"', '"639"'));
    expectValid(resumableAccepted(sample.value));
  });

  it('accepts every failure body, including the one whose error is a string', () => {
    const bodies = failureBodies(page).map((b) => parsePrintedJson(b).value);
    expect(bodies.map((b) => b.code)).toEqual(['RBC001', 'WA-401', 'WA401', 'WA401', 'WA-400', 'WA400', 'WA429', 'WA-500', 'WA413']);
    expect(typeof bodies[1]!.error).toBe('string');
    for (const body of bodies) expectValid(errorEnvelope(body));
  });
});
