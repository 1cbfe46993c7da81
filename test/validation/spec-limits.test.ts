import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESUMABLE_UPLOAD_TYPES } from '../../src/index.js';
import { SPEC_LIMIT_SOURCES, SPEC_LIMITS, SPEC_RESUMABLE_UPLOAD_TYPES_SOURCE } from '../../src/validation/spec-limits.js';

// The SDK's limits are the document's: each one is read at its JSON pointer in the bundled spec.
const spec: unknown = JSON.parse(readFileSync(new URL('../../dist/openapi.json', import.meta.url), 'utf8'));

function at(pointer: string): unknown {
  let node: unknown = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const ref = (node as { $ref?: string } | undefined)?.$ref;
    if (ref !== undefined) node = at(ref.slice(1));
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return node;
}

describe('limits stated by the spec', () => {
  it.each(Object.entries(SPEC_LIMIT_SOURCES))('%s is the value at %s', (name, pointer) => {
    expect(at(pointer)).toBe(SPEC_LIMITS[name as keyof typeof SPEC_LIMITS]);
  });

  it('the resumable upload types are the document enum', () => {
    expect([...RESUMABLE_UPLOAD_TYPES]).toEqual(at(SPEC_RESUMABLE_UPLOAD_TYPES_SOURCE));
  });
});
