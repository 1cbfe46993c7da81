import { describe, expect, it } from 'vitest';
import { bundledSpec, deref, escapePointer, validatorAt } from './support/spec-validator.js';
import { at, objectAt, textAt } from '../../src/testing/json-walk.js';

// Every example the document shows must be a valid instance of the schema beside it: the examples are
// what readers copy, what Prism serves, and what generators put in their docs.
const doc = bundledSpec();


interface Case {
  where: string;
  pointer: string;
  value: unknown;
}

function collect(): Case[] {
  const cases: Case[] = [];
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const operationId = textAt(op, 'operationId');
      const opPointer = `#/paths/${escapePointer(path)}/${method}`;
      const body = deref(at(op, 'requestBody'));
      for (const [mediaType, content] of Object.entries(objectAt(body, 'content'))) {
        for (const [name, example] of Object.entries(objectAt(content, 'examples'))) {
          cases.push({
            where: `${operationId} request ${mediaType} ${name}`,
            pointer: `${opPointer}/requestBody/content/${escapePointer(mediaType)}/schema`,
            value: at(deref(example), 'value'),
          });
        }
      }
      for (const [status, responseRef] of Object.entries(objectAt(op, 'responses'))) {
        const response = deref(responseRef);
        const responsePointer = textAt(responseRef, '$ref') ?? `${opPointer}/responses/${status}`;
        for (const [mediaType, content] of Object.entries(objectAt(response, 'content'))) {
          for (const [name, example] of Object.entries(objectAt(content, 'examples'))) {
            cases.push({
              where: `${operationId} ${status} ${mediaType} ${name}`,
              pointer: `${responsePointer}/content/${escapePointer(mediaType)}/schema`,
              value: at(deref(example), 'value'),
            });
          }
        }
      }
    }
  }
  return cases;
}

const cases = collect();

describe('examples in the bundled document', () => {
  it('has examples for every operation', () => {
    const operationIds = Object.values(doc.paths).flatMap((item) => Object.values(item)).flatMap((op) => textAt(op, 'operationId') ?? []);
    expect(operationIds.length).toBeGreaterThanOrEqual(5);
    for (const operationId of operationIds) {
      expect(cases.some((c) => c.where.startsWith(`${operationId} `)), operationId).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s validates against its schema', (_where, c) => {
    const result = validatorAt(c.pointer)(c.value);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
