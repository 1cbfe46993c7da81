import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESUMABLE_UPLOAD_MAX_BYTES, RESUMABLE_UPLOAD_TYPES } from '../../src/index.js';
import { SPEC_ENUMS, SPEC_LIMITS } from '../../generated/spec-limits.js';

// The SDK's limits are the document's: generated/spec-limits.ts is written from the bundled spec
// (scripts/spec-limits.mjs names the pointers); this reads each value back at its pointer.
const spec: unknown = JSON.parse(readFileSync(new URL('../../dist/openapi.json', import.meta.url), 'utf8'));
const generated = readFileSync(new URL('../../generated/spec-limits.ts', import.meta.url), 'utf8');

function child(node: unknown, key: string): unknown {
  return typeof node === 'object' && node !== null ? Reflect.get(node, key) : undefined;
}

function at(pointer: string): unknown {
  let node: unknown = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const ref = child(node, '$ref');
    if (typeof ref === 'string') node = at(ref.slice(1));
    node = child(node, raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return node;
}

const pointers = [...generated.matchAll(/\((\/components\/[^)]+)\) \*\/\n\s+(\w+):/g)].map(
  ([, pointer = '', name = '']) => [name, pointer] as const,
);

describe('limits stated by the spec', () => {
  it('every generated limit names its pointer', () => {
    expect(pointers.map(([name]) => name).sort()).toEqual(
      [...Object.keys(SPEC_LIMITS), ...Object.keys(SPEC_ENUMS)].sort(),
    );
  });

  it.each(pointers)('%s is the value at %s', (name, pointer) => {
    expect(at(pointer)).toEqual(
      name in SPEC_LIMITS ? Reflect.get(SPEC_LIMITS, name) : Reflect.get(SPEC_ENUMS, name),
    );
  });

  it('the resumable upload types and size are the document enum and x-max-size-bytes', () => {
    expect([...RESUMABLE_UPLOAD_TYPES]).toEqual(at('/components/schemas/V2ResumableMediaType/enum'));
    expect(RESUMABLE_UPLOAD_MAX_BYTES).toBe(
      at('/components/schemas/V2ResumableMediaUploadRequest/properties/file/x-max-size-bytes'),
    );
  });
});
