import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validatorAt } from '../spec/support/spec-validator.js';
// @ts-expect-error: a plain .mjs build script without declarations
import { downgradeDocument, downgradeSchema } from '../../scripts/bundle-3.0.mjs';

// dist/openapi.3.0.json is derived from dist/openapi.json by scripts/bundle-3.0.mjs for generators
// that read OpenAPI 3.0 (clients/README.md). It must say what the 3.1 document says, in 3.0 words.
const root = fileURLToPath(new URL('../../', import.meta.url));
const source = JSON.parse(readFileSync(join(root, 'dist/openapi.json'), 'utf8'));
const derived = downgradeDocument(source);

describe('downgradeSchema', () => {
  it.each([
    [
      'a nullable type',
      { type: ['string', 'null'], maxLength: 3 },
      { type: 'string', maxLength: 3, nullable: true },
    ],
    [
      'two types',
      { type: ['integer', 'string'], minimum: 0 },
      { minimum: 0, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    ],
    [
      'two types with an integer format',
      { type: ['integer', 'string'], format: 'int32', minimum: 0 },
      { minimum: 0, anyOf: [{ type: 'integer', format: 'int32' }, { type: 'string' }] },
    ],
    ['a const', { type: 'string', const: 'read' }, { type: 'string', enum: ['read'] }],
    ['schema examples', { type: 'string', examples: ['a', 'b'] }, { type: 'string', example: 'a' }],
    [
      'contentMediaType',
      { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' },
      { type: 'string', format: 'binary' },
    ],
    [
      'a $ref with a description beside it',
      { $ref: '#/components/schemas/X', description: 'why' },
      { $ref: '#/components/schemas/X' },
    ],
    [
      'a numeric exclusiveMinimum',
      { type: 'number', exclusiveMinimum: 0 },
      { type: 'number', minimum: 0, exclusiveMinimum: true },
    ],
    [
      'a documented enum (oneOf of consts)',
      {
        type: 'string',
        oneOf: [
          { const: 'WA-401', title: 'WA-401', description: 'hyphen' },
          { const: 'WA401', title: 'WA401' },
        ],
      },
      {
        type: 'string',
        enum: ['WA-401', 'WA401'],
        'x-enum-varnames': ['WA_401', 'WA401'],
        'x-enum-descriptions': ['hyphen', ''],
      },
    ],
    [
      'nested schemas',
      {
        type: 'object',
        properties: { a: { const: 1 } },
        items: { type: ['string', 'null'] },
        allOf: [{ examples: [1] }],
      },
      {
        type: 'object',
        properties: { a: { enum: [1] } },
        items: { type: 'string', nullable: true },
        allOf: [{ example: 1 }],
      },
    ],
  ])('%s', (_name, input, output) => {
    expect(downgradeSchema(input)).toEqual(output);
  });
});

describe('a 3.1 keyword without a 3.0 equivalent', () => {
  it.each(['prefixItems', 'unevaluatedProperties', 'if', 'patternProperties'])(
    '%s stops the bundle, naming where it is',
    (keyword) => {
      const schema = { type: 'object', properties: { items: { type: 'array', [keyword]: {} } } };
      expect(() => downgradeSchema(schema, '#/components/schemas/X')).toThrow(
        `#/components/schemas/X/properties/items: \`${keyword}\` has no OpenAPI 3.0 equivalent`,
      );
    },
  );
});

/** Every place in the document where a 3.1-only construct could hide. */
function findings(document: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${at}/${i}`));
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const isExampleValue = /\/(example|value|examples\/[^/]+\/value)(\/|$)/.test(at);
    if (!isExampleValue) {
      if ('const' in record) out.push(`${at}: const`);
      if (Array.isArray(record.type)) out.push(`${at}: type array`);
      if ('contentMediaType' in record) out.push(`${at}: contentMediaType`);
      if (typeof record.$ref === 'string' && Object.keys(record).length > 1)
        out.push(`${at}: $ref with siblings`);
      if (Array.isArray(record.examples)) out.push(`${at}: examples array`);
    }
    for (const [key, value] of Object.entries(record)) walk(value, `${at}/${key}`);
  };
  walk(document, '#');
  return out;
}

describe('dist/openapi.3.0.json', () => {
  it('is OpenAPI 3.0.3 with none of the 3.1 constructs the source uses', () => {
    expect(findings(source).length).toBeGreaterThan(0);
    expect(derived.openapi).toBe('3.0.3');
    expect(derived.webhooks).toBeUndefined();
    expect(findings(derived)).toEqual([]);
  });

  it('keeps every operation, operationId and schema name', () => {
    const operations = (document: { paths: Record<string, Record<string, { operationId?: string }>> }) =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.entries(item)
          .filter(([, op]) => op.operationId)
          .map(([method, op]) => `${method} ${path} ${op.operationId}`),
      );
    expect(operations(derived)).toEqual(operations(source));
    expect(Object.keys(derived.components.schemas)).toEqual(Object.keys(source.components.schemas));
  });

  it('states "a known code or any other string" as a string, keeping the known codes as a schema', () => {
    const code = derived.components.schemas.ErrorEnvelope.properties.code;
    expect(source.components.schemas.ErrorEnvelope.properties.code.anyOf).toHaveLength(2);
    expect(code.anyOf).toBeUndefined();
    expect(code.type).toBe('string');
    expect(derived.components.schemas.KnownErrorCode.enum).toContain('WA401');
    // A union with a member that is not a string stays a union.
    expect(derived.components.schemas.V2TemplateButtonComponent.properties.index.anyOf).toHaveLength(2);
  });

  it.each(['V2ImageObject', 'V2VideoObject', 'V2AudioObject', 'V2DocumentObject', 'V2StickerObject'])(
    '%s (by id | by link) is one closed object that accepts and refuses the same bodies',
    (name) => {
      const merged = derived.components.schemas[name];
      expect(merged.properties).toHaveProperty('id');
      expect(merged.properties).toHaveProperty('link');
      const ajv = new Ajv({ strict: false, allErrors: true });
      (addFormats as unknown as (a: Ajv) => void)(ajv);
      const before = validatorAt(`#/components/schemas/${name}`);
      const after = ajv.compile(merged);
      const link = 'https://example.com/a.png';
      const bodies = [
        { id: '1' },
        { link },
        { id: '1', link },
        {},
        { caption: 'c' },
        { id: '1', caption: 'c' },
        { link, foo: 1 },
        { id: '' },
      ];
      for (const body of bodies) expect(after(body), JSON.stringify(body)).toBe(before(body).valid);
    },
  );

  it('is what `npm run bundle` wrote', () => {
    expect(JSON.parse(readFileSync(join(root, 'dist/openapi.3.0.json'), 'utf8'))).toEqual(derived);
  });

  it(
    'passes Redocly 3.0 structure checks, and every example still validates; a broken example fails',
    { timeout: 120_000 },
    () => {
      const lint = (file: string) =>
        execFileSync(
          'npx',
          ['redocly', 'lint', file, '--config', join(root, 'clients/redocly-3.0.yaml'), '--format=stylish'],
          { cwd: root, encoding: 'utf8', stdio: 'pipe' },
        );
      expect(() => lint('dist/openapi.3.0.json')).not.toThrow();

      const broken = structuredClone(derived);
      const example = broken.components.examples.V2TextMessageRequest.value;
      example.messaging_object.recipient_type = 'group';
      const file = join(mkdtempSync(join(tmpdir(), 'openapi-3.0-')), 'broken.json');
      writeFileSync(file, JSON.stringify(broken));
      const failure = (() => {
        try {
          lint(file);
          return 'no failure';
        } catch (error) {
          const { stdout, stderr } = error as { stdout?: string; stderr?: string };
          return `${stdout ?? ''}${stderr ?? ''}`;
        }
      })();
      expect(failure).toMatch(/no-invalid-media-type-examples/);
      expect(failure).toMatch(/recipient_type/);
    },
  );
});
