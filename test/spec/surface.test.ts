import { describe, expect, it } from 'vitest';
import { bundledSpec, deref, escapePointer, validatorAt, validatorFor } from './support/spec-validator.js';
import { at, listAt, objectAt, textAt } from '../../src/testing/json-walk.js';

// The documented surface beyond the message bodies: operations, statuses, parameters and the
// generator-facing shape of the unions. Each rule is checked both ways where it can be.
const doc = bundledSpec();
const schemas: Record<string, unknown> = doc.components.schemas ?? {};
const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  methods.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })),
);
const byId = (id: string) => operations.find((o) => at(o.op, 'operationId') === id)!;
const pointer = (path: string, method: string, rest: string) => `#/paths/${escapePointer(path)}/${method}/${rest}`;

describe('statuses', () => {
  it.each(operations.map((o) => [textAt(o.op, 'operationId'), o] as const))('%s declares 400, 401, 429, 500 and a default error answer', (_id, o) => {
    for (const status of ['400', '401', '429', '500', 'default']) expect(Object.keys(objectAt(o.op, 'responses')), status).toContain(status);
    for (const [status, ref] of Object.entries(objectAt(o.op, 'responses'))) {
      if (/^2/.test(status)) continue;
      const content = at(deref(ref), 'content', 'application/json');
      expect(at(content, 'schema', '$ref'), status).toBe('#/components/schemas/ErrorEnvelope');
      expect(Object.keys(objectAt(content, 'examples')).length, status).toBeGreaterThan(0);
    }
  });

  it('listCallbackProfiles declares its 400', () => {
    expect(at(byId('listCallbackProfiles').op, 'responses', '400')).toBeDefined();
  });

  it("answers 429 with Meta's throttling codes, each in KnownErrorCode with status 429", () => {
    const known = new Map(listAt(deref(schemas.KnownErrorCode), 'oneOf').map((c) => [at(c, 'const'), at(c, 'x-http-status')]));
    const examples = Object.values(objectAt(deref(at(byId('sendV2Message').op, 'responses', '429')), 'content', 'application/json', 'examples')).map((e) => textAt(deref(e), 'value', 'code'));
    expect(examples.sort()).toEqual(['130429', '4', '80007']);
    for (const code of examples) expect(known.get(code), code).toBe(429);
    const envelope = validatorFor('ErrorEnvelope');
    expect(envelope({ code: '130429', message: 'Rate limit hit' }).valid).toBe(true);
    expect(envelope({ message: 'Rate limit hit' }).valid).toBe(false);
  });
});

describe('GET /v1/{sid}/messages', () => {
  const get = byId('sendV1MessageByQuery');
  const param = (name: string) => {
    const index = listAt(get.op, 'parameters').findIndex((p) => at(deref(p), 'name') === name);
    expect(index, name).toBeGreaterThanOrEqual(0);
    return validatorAt(pointer('/v1/{sid}/messages', 'get', `parameters/${index}/schema`));
  };

  it('is the GET form of the v1 send, with the POST answer', () => {
    expect(get.path).toBe('/v1/{sid}/messages');
    expect(at(get.op, 'responses', '200', 'content', 'application/json', 'schema', '$ref')).toBe('#/components/schemas/V1SendMessageResponse');
    const required = listAt(get.op, 'parameters').map((p) => deref(p)).filter((p) => at(p, 'required')).map((p) => textAt(p, 'name'));
    expect(required.sort()).toEqual(['channel', 'from', 'to', 'type']);
  });

  it.each([
    ['type', 'text', true],
    ['type', 'media', false],
    ['lang_code', 'es_419', true],
    ['lang_code', 'EN', false],
    ['param_lat', 12.9, true],
    ['param_lat', 91, false],
    ['to', '+919876543210', true],
    ['to', 'hello', false],
  ] as const)('%s = %s: %s', (name, value, expected) => {
    expect(param(name)(value).valid).toBe(expected);
  });
});

describe('v1 forms', () => {
  const v1Request = validatorAt(pointer('/v1/{sid}/messages', 'post', `requestBody/content/${escapePointer('application/x-www-form-urlencoded')}/schema`));
  const v1 = (fields: Record<string, string>) => ({ to: '+919876543210', from: '+919812345678', channel: 'whatsapp', ...fields });
  const sections = JSON.stringify([{ title: 'Tea', product_items: [{ product_retailer_id: 'sku-1' }] }]);

  it.each([
    ['multi-product template', v1({ type: 'template', template_name: 'mpm_offer', lang_code: 'en', thumbnail_product_retailer_id: 'sku-1', sections }), true],
    ['multi-product template with sections that are not a JSON array', v1({ type: 'template', template_name: 'mpm_offer', lang_code: 'en', sections: '{"title":"Tea"}' }), false],
    ['multi-product template with a misspelt field', v1({ type: 'template', template_name: 'mpm_offer', section: sections }), false],
    ["multi-product template with the page's `name` instead of template_name (E424)", v1({ type: 'template', name: 'mpm_offer', sections }), false],
    ['interactive reply buttons', v1({ type: 'interactive', body: 'Pick one', action: '{"buttons":[{"type":"reply","reply":{"id":"1","title":"Yes"}}]}' }), true],
  ] as const)('%s', (_name, body, expected) => {
    expect(v1Request(body).valid).toBe(expected);
  });

  it('V1InteractiveMessage declares and requires its own type', () => {
    const schema = deref(schemas.V1InteractiveMessage);
    expect(at(schema, 'required')).toContain('type');
    expect(at(schema, 'properties', 'type', 'const')).toBe('interactive');
  });
});

describe('v2 send and upload details', () => {
  it('the v2 send takes the optional cache-control header the pages send', () => {
    const send = byId('sendV2Message');
    const parameters = listAt(send.op, 'parameters');
    const index = parameters.findIndex((p) => at(deref(p), 'in') === 'header' && at(deref(p), 'name') === 'cache-control');
    expect(index).toBeGreaterThanOrEqual(0);
    expect(at(deref(parameters[index]), 'required')).toBe(false);
    const header = validatorAt(`${at(parameters, index, '$ref')}/schema`);
    expect(header('no-cache').valid).toBe(true);
    expect(header('max-age=0').valid).toBe(false);
  });

  it("the plain upload takes Meta's media types and every type the resumable upload takes", () => {
    const upload = validatorFor('V2MediaUploadRequest');
    const resumableTypes = listAt(deref(schemas.V2ResumableMediaType), 'enum').map(String);
    for (const type of [...resumableTypes, 'image/webp', 'audio/ogg', 'video/3gpp']) expect(upload({ file: '(bytes)', type }).valid, type).toBe(true);
    expect(upload({ file: '(bytes)', type: 'image/gif' }).valid).toBe(false);
    expect(upload({ file: '(bytes)', type: 'image/png', caption: 'x' }).valid).toBe(false);
  });
});

describe('unions, as generators see them', () => {
  const member = (m: unknown) => deref(m);

  // A tag is a constant property every member has, with a different value in each (V2MessagingObject's
  // members all share `messaging_product: whatsapp`, which tells none apart).
  it('every oneOf whose members share a constant property, different in each, is discriminated on it, with a mapping', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      if (!at(schema, 'oneOf')) continue;
      const members = listAt(schema, 'oneOf').map(member);
      const constOf = (m: unknown, k: string) => at(objectAt(m, 'properties')[k], 'const');
      const tags = new Set(
        [...members
          .map((m) => new Set(Object.entries(objectAt(m, 'properties')).filter(([, p]) => at(p, 'const') !== undefined).map(([k]) => k)))
          .reduce((a: Set<string>, b: Set<string>) => new Set([...a].filter((k) => b.has(k))))]
          .filter((k) => new Set(members.map((m) => JSON.stringify(constOf(m, k)))).size === members.length),
      );
      if (tags.size === 0) continue;
      const propertyName = textAt(schema, 'discriminator', 'propertyName');
      expect(propertyName, name).toBeDefined();
      expect(tags.has(propertyName!), name).toBe(true);
      expect(Object.keys(objectAt(schema, 'discriminator', 'mapping')).length, name).toBe(members.length);
      for (const m of members) expect(at(m, 'required'), `${name}: ${textAt(m, 'title')}`).toContain(propertyName);
    }
  });

  it('the messaging_object union (no tag) has exactly one matching member for every send example', () => {
    const union = deref(schemas.V2MessagingObject);
    expect(at(union, 'discriminator')).toBeUndefined();
    const members = listAt(union, 'oneOf').map((m) => validatorAt(String(at(m, '$ref'))));
    const examples = Object.values(objectAt(byId('sendV2Message').op, 'requestBody', 'content', 'application/json', 'examples')).map((e) => at(deref(e), 'value', 'messaging_object'));
    examples.push({ messaging_product: 'whatsapp', to: '+919876543210', text: { body: 'no type' } });
    examples.push({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A', typing_indicator: { type: 'text' } });
    for (const example of examples) {
      expect(members.filter((validate) => validate(example).valid).length, JSON.stringify(example).slice(0, 80)).toBe(1);
    }
  });
});

describe('what generators read beside the schemas', () => {
  it.each(operations.map((o) => [textAt(o.op, 'operationId'), o] as const))('%s: a described request body, and an example on every answer with a body', (_id, o) => {
    const body = deref(at(o.op, 'requestBody'));
    if (body !== undefined) expect(textAt(body, 'description'), 'requestBody.description').toBeTruthy();
    for (const [status, ref] of Object.entries(objectAt(o.op, 'responses'))) {
      for (const [type, media] of Object.entries(objectAt(deref(ref), 'content'))) {
        expect(at(media, 'example') ?? Object.keys(objectAt(media, 'examples')).length, `${status} ${type}`).toBeTruthy();
      }
    }
  });

  it('every integer states int32 or int64', () => {
    const missing: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${where}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const type = at(node, 'type');
      const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
      if (integer && !['int32', 'int64'].includes(String(at(node, 'format')))) missing.push(where);
      for (const [key, value] of Object.entries(node)) if (!/example/.test(key)) walk(value, `${where}/${key}`);
    };
    walk(doc, '#');
    expect(missing).toEqual([]);
  });
});
