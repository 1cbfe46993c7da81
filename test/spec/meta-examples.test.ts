import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapePointer, validatorAt } from './support/spec-validator.js';

// Every Meta message example that is a valid message validates as the `messaging_object` of a v2 send.
// The fixture names the Meta page each body follows; see its description.
interface MetaExample {
  name: string;
  source: string;
  body: Record<string, unknown>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/meta-message-examples.json', import.meta.url), 'utf8')) as {
  examples: MetaExample[];
};
const v2Request = validatorAt(`#/paths/${escapePointer('/v2/{sid}/whatsapp/{phone_number}/messages')}/post/requestBody/content/${escapePointer('application/json')}/schema`);

describe("Meta's message examples validate as messaging_object", () => {
  it('covers every message type and interactive kind the document knows', () => {
    const types = new Set(fixture.examples.map((e) => (e.body.type as string | undefined) ?? (e.body.status ? 'read' : 'text')));
    expect([...types].sort()).toEqual(['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'read', 'sticker', 'template', 'text', 'video']);
    const kinds = new Set(fixture.examples.map((e) => (e.body.interactive as { type?: string } | undefined)?.type).filter(Boolean));
    expect([...kinds].sort()).toEqual(
      ['address_message', 'button', 'call_permission_request', 'catalog_message', 'cta_url', 'flow', 'list', 'location_request_message', 'order_details', 'order_status', 'product', 'product_list'].sort(),
    );
  });

  it.each(fixture.examples.map((e) => [`${e.name} (${e.source})`, e] as const))('%s', (_name, example) => {
    const result = v2Request({ messaging_object: example.body });
    expect(result.errors.slice(0, 5)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
