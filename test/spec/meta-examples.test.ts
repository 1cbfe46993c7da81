import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isObject } from '../../src/testing/json-walk.js';
import { escapePointer, validatorAt, validatorFor } from './support/spec-validator.js';

// Every Meta message example that is a valid message validates as the `messaging_object` of a v2 send.
// Two fixtures: the examples of Meta's own OpenAPI file, copied value for value (the authority), and
// bodies rebuilt from Meta's reference pages for the kinds that file has no example of. Each names its source.
const readFixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

interface PatchStep {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}
interface OpenApiExample {
  name: string;
  operation: string;
  offset: number;
  body: Record<string, unknown>;
  refused?: { reason: string; repair: PatchStep[] };
}
interface OpenApiFragment {
  name: string;
  items: string;
  values: unknown[];
}
const openApi = readFixture('meta-openapi-examples.json') as {
  placeholders: Record<string, string>;
  examples: OpenApiExample[];
  fragments: OpenApiFragment[];
  templateCreateExamples: { name: string; body: Record<string, unknown> }[];
};
const pages = readFixture('meta-page-examples.json') as { examples: { name: string; source: string; body: Record<string, unknown> }[] };

const v2Request = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{phone_number}/messages')}/post/requestBody/content/${escapePointer('application/json')}/schema`);
const validate = (body: unknown) => v2Request({ messaging_object: body });
const v2CreateTemplate = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{waba_id}/message_templates')}/post/requestBody/content/${escapePointer('application/json')}/schema`);

// Meta's placeholders, replaced as whole strings only, so a placeholder can never hide a wrong value inside a longer one.
const usedPlaceholders = new Set<string>();
function fillPlaceholders(value: unknown): unknown {
  if (typeof value === 'string' && Object.hasOwn(openApi.placeholders, value)) {
    usedPlaceholders.add(value);
    return openApi.placeholders[value];
  }
  if (Array.isArray(value)) return value.map(fillPlaceholders);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, fillPlaceholders(member)]));
  return value;
}

// The three JSON Patch operations the repairs use, on a copy.
function applyPatch(body: unknown, steps: PatchStep[]): unknown {
  const copy: unknown = structuredClone(body);
  for (const step of steps) {
    const keys = step.path.split('/').slice(1);
    const last = keys.pop()!;
    let parent: unknown = copy;
    for (const key of keys) parent = Array.isArray(parent) ? parent[Number(key)] : isObject(parent) ? parent[key] : undefined;
    if (Array.isArray(parent)) {
      if (step.op === 'remove') parent.splice(Number(last), 1);
      else parent[Number(last)] = step.value;
    } else if (isObject(parent)) {
      if (step.op !== 'add' && !(last in parent)) throw new Error(`repair path ${step.path} does not exist`);
      if (step.op === 'remove') delete parent[last];
      else parent[last] = step.value;
    } else throw new Error(`repair path ${step.path} has no parent`);
  }
  return copy;
}

const firstErrors = (body: unknown) => validate(body).errors.slice(0, 5);

describe("Meta's OpenAPI file: its send examples validate as messaging_object", () => {
  const valid = openApi.examples.filter((e) => !e.refused);
  const refused = openApi.examples.filter((e) => e.refused);

  it('holds every example of the /messages operation and names a reason for each one it refuses', () => {
    expect(openApi.examples.filter((e) => e.operation === 'POST /{Phone-Number-ID}/messages')).toHaveLength(50);
    expect(new Set(openApi.examples.map((e) => e.name)).size).toBe(openApi.examples.length);
    for (const example of refused) expect(example.refused!.reason.length, example.name).toBeGreaterThan(40);
  });

  it.each(valid.map((e) => [e.name, e] as const))('%s', (_name, example) => {
    const body = fillPlaceholders(example.body);
    expect(firstErrors(body)).toEqual([]);
    expect(validate(body).valid).toBe(true);
  });

  it.each(refused.map((e) => [e.name, e] as const))('%s is refused, and valid once repaired', (_name, example) => {
    const body = fillPlaceholders(example.body);
    expect(validate(body).valid).toBe(false);
    const repaired = applyPatch(body, example.refused!.repair);
    expect(firstErrors(repaired)).toEqual([]);
  });

  it.each(openApi.fragments.map((f) => [f.name, f] as const))('schema example %s', (_name, fragment) => {
    const items = validatorFor(fragment.items);
    for (const value of fragment.values) expect(items(fillPlaceholders(value)).errors).toEqual([]);
  });

  it.each(openApi.templateCreateExamples.map((e) => [e.name, e] as const))('template creation: %s', (_name, example) => {
    expect(v2CreateTemplate(fillPlaceholders(example.body)).errors.slice(0, 5)).toEqual([]);
  });

  it('uses every placeholder it lists (run after the examples)', () => {
    for (const example of openApi.examples) fillPlaceholders(example.body);
    for (const fragment of openApi.fragments) fillPlaceholders(fragment.values);
    for (const example of openApi.templateCreateExamples) fillPlaceholders(example.body);
    expect(Object.keys(openApi.placeholders).filter((p) => !usedPlaceholders.has(p))).toEqual([]);
  });

  it('an unfilled placeholder in a constrained field is refused, so the table is needed', () => {
    const text = openApi.examples.find((e) => e.name === 'Send Text Message')!;
    expect(validate(text.body).valid).toBe(false);
    expect(validate(fillPlaceholders(text.body)).valid).toBe(true);
  });
});

describe("Meta's reference pages: rebuilt examples validate as messaging_object", () => {
  it('together with the OpenAPI examples, cover every message type and interactive kind the document knows', () => {
    const bodies = [...openApi.examples.filter((e) => !e.refused).map((e) => e.body), ...pages.examples.map((e) => e.body)];
    const types = new Set(bodies.map((body) => (body.type as string | undefined) ?? (body.status ? 'read' : 'text')));
    expect([...types].sort()).toEqual(['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'read', 'sticker', 'template', 'text', 'video']);
    const kinds = new Set(bodies.map((body) => (body.interactive as { type?: string } | undefined)?.type).filter(Boolean));
    expect([...kinds].sort()).toEqual(
      ['address_message', 'button', 'call_permission_request', 'catalog_message', 'cta_url', 'flow', 'list', 'location_request_message', 'order_details', 'order_status', 'product', 'product_list'].sort(),
    );
  });

  it.each(pages.examples.map((e) => [`${e.name} (${e.source})`, e] as const))('%s', (_name, example) => {
    expect(firstErrors(example.body)).toEqual([]);
    expect(validate(example.body).valid).toBe(true);
  });
});
