import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { at, textAt } from '../../../src/testing/json-walk.js';

// Validates values against the *bundled* document, the same file the generators read, so a schema
// that only looks right in its split source but bundles wrong still fails here.
export const bundledSpecPath = fileURLToPath(new URL('../../../dist/openapi.json', import.meta.url));

export type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

let cached: { doc: OpenApiDocument; ajv: Ajv2020 } | undefined;

function load() {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(bundledSpecPath, 'utf8')) as OpenApiDocument;
  // strict: false because OpenAPI adds keywords JSON Schema does not know (discriminator, x-*).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(doc as object, 'openapi.json');
  cached = { doc, ajv };
  return cached;
}

export function bundledSpec(): OpenApiDocument {
  return load().doc;
}

export interface ValidationResult {
  valid: boolean;
  errors: ErrorObject[];
}

const compiled = new Map<string, ValidateFunction>();

/** Validator for a JSON pointer into the bundled document, e.g. `#/components/schemas/V2ImageMessage`. */
export function validatorAt(pointer: string): (value: unknown) => ValidationResult {
  const { ajv } = load();
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi.json${pointer}` });
    compiled.set(pointer, validate);
  }
  const fn = validate;
  return (value) => {
    const valid = fn(value) as boolean;
    return { valid, errors: valid ? [] : [...(fn.errors ?? [])] };
  };
}

export function validatorFor(schemaName: string): (value: unknown) => ValidationResult {
  if (!load().doc.components.schemas?.[schemaName]) throw new Error(`No schema named ${schemaName} in the bundled document`);
  return validatorAt(`#/components/schemas/${schemaName}`);
}

export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Follows local `$ref`s (`#/components/...`) in the bundled document to the object they name. */
export function deref(node: unknown): unknown {
  const doc = load().doc;
  let current = node;
  const seen = new Set<string>();
  for (let ref = textAt(current, '$ref'); ref !== undefined; ref = textAt(current, '$ref')) {
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    const path = ref
      .replace(/^#\//, '')
      .split('/')
      .map((s: string) => decodeURIComponent(s).replaceAll('~1', '/').replaceAll('~0', '~'));
    current = at(doc, ...path);
  }
  return current;
}
