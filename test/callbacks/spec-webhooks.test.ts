import { describe, expect, it } from 'vitest';
import { parseCallback, type CallbackEvent } from '../../src/index.js';
import { bundledSpec, deref } from '../spec/support/spec-validator.js';
import { at, listAt, objectAt, textAt } from '../../src/testing/json-walk.js';

// The spec's webhooks and the SDK's parser describe the same callbacks: every example the document
// shows must come out of parseCallback as the event kind its webhook stands for, so the two cannot
// drift apart. Needs `npm run -s bundle`.
const doc = bundledSpec();

const KIND: Record<string, CallbackEvent['kind']> = {
  v1MessageStatus: 'status',
  v2MessageStatus: 'status',
  v2IncomingMessage: 'incoming',
  incomingMessageFields: 'incoming',
  resumableMediaStatus: 'upload',
  templateStatus: 'template',
  phoneNumberQualityUpdate: 'limit',
};

interface Case {
  name: string;
  kind: CallbackEvent['kind'];
  request: () => Request;
}

const cases: Case[] = [];
for (const [name, item] of Object.entries(objectAt(doc, 'webhooks'))) {
  for (const [method, op] of Object.entries(objectAt(item))) {
    const operationId = textAt(op, 'operationId');
    const kind = KIND[name];
    if (!kind) throw new Error(`webhook ${name} has no expected kind in this test: add it`);
    if (method === 'get') {
      const query = new URLSearchParams();
      for (const parameter of listAt(op, 'parameters').map(deref)) {
        const example =
          at(parameter, 'example') ?? at(Object.values(objectAt(parameter, 'examples'))[0], 'value');
        if (example !== undefined) query.set(String(at(parameter, 'name')), String(example));
      }
      cases.push({
        name: `${operationId} (GET)`,
        kind,
        request: () => new Request(`https://receiver.example/kaleyra?${query}`),
      });
    } else {
      const requestBody = at(op, 'requestBody');
      for (const [mediaType, content] of Object.entries(
        requestBody ? objectAt(deref(requestBody), 'content') : {},
      )) {
        for (const [exampleName, example] of Object.entries(objectAt(content, 'examples'))) {
          const value = at(deref(example), 'value');
          cases.push({
            name: `${operationId} ${exampleName}`,
            kind,
            request: () =>
              new Request('https://receiver.example/kaleyra', {
                method: 'POST',
                headers: { 'content-type': mediaType },
                body: JSON.stringify(value),
              }),
          });
        }
      }
    }
  }
}

describe('every webhook example in the spec parses to its event kind', () => {
  it('covers every webhook', () => {
    expect(new Set(cases.map((c) => c.name.split(' ')[0])).size).toBeGreaterThanOrEqual(
      Object.keys(objectAt(doc, 'webhooks')).length,
    );
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await parseCallback(c.request());
    if (!result.ok) throw new Error(`rejected: ${result.rejection.reason}: ${result.rejection.message}`);
    expect(result.event.kind).toBe(c.kind);
  });
});
