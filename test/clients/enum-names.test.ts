import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Generators name enum constants after `x-enum-varnames` or, without it, the value upper-cased with
// every other character an underscore. openapi-generator's `python` then needs the names of one enum
// to differ (V1Channel's three spellings all became WHATSAPP), and its `go` puts the constants of
// every enum in one package namespace (FAILED was declared twice), so the names must be unique across
// the document. Inline enums (a property's own `enum`) generate no constants and are not checked.
const root = fileURLToPath(new URL('../../', import.meta.url));
const derived = JSON.parse(readFileSync(join(root, 'dist/openapi.3.0.json'), 'utf8')) as {
  components: { schemas: Record<string, { enum?: unknown[]; 'x-enum-varnames'?: string[] }> };
};

function constantNames(schema: { enum?: unknown[]; 'x-enum-varnames'?: string[] }): string[] {
  return (schema.enum ?? []).map(
    (value, i) =>
      schema['x-enum-varnames']?.[i] ??
      String(value)
        .toUpperCase()
        .replace(/[^A-Z0-9]+/g, '_'),
  );
}

describe('enum constant names', () => {
  const enums = Object.entries(derived.components.schemas).filter(([, schema]) => schema.enum);

  it('exist for every value of every named enum', () => {
    expect(enums.length).toBeGreaterThan(5);
    for (const [name, schema] of enums) {
      if (schema['x-enum-varnames'])
        expect(schema['x-enum-varnames'], name).toHaveLength(schema.enum!.length);
    }
  });

  it('are unique across the document, as one Go package needs them', () => {
    const owners = new Map<string, string[]>();
    for (const [name, schema] of enums)
      for (const constant of constantNames(schema))
        owners.set(constant, [...(owners.get(constant) ?? []), name]);
    const clashes = [...owners]
      .filter(([, names]) => names.length > 1)
      .map(([c, names]) => `${c}: ${names.join(', ')}`);
    expect(clashes).toEqual([]);
  });

  it('would clash for values that differ only in case', () => {
    expect(constantNames({ enum: ['whatsapp', 'WhatsApp'] })).toEqual(['WHATSAPP', 'WHATSAPP']);
  });
});
