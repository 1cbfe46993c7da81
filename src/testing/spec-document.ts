import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The parts of the bundled OpenAPI document the mock, the fake and `trigger` read. */
export interface OpenApiDocument {
  /** The document's operations by path and method. */
  paths: Record<string, Record<string, any>>;
  /** The callbacks the API sends, described as OpenAPI webhooks. */
  webhooks: Record<string, Record<string, any>>;
  /** Shared schemas, examples and responses that `$ref`s point to. */
  components: Record<string, Record<string, any>>;
}

/**
 * Reads the bundled document the package ships (`kaleyra-whatsapp/openapi.json`), resolved from the
 * caller's project like any installed package; `path` names another copy.
 */
export function loadSpec(path?: string): OpenApiDocument {
  const file = path ?? createRequire(join(process.cwd(), 'noop.js')).resolve('kaleyra-whatsapp/openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Follows local `$ref`s (`#/components/...`) to the object they name. */
export function deref(doc: OpenApiDocument, node: any): any {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`circular $ref ${current.$ref}`);
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((segment: string) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((value: any, key: string) => value?.[key], doc);
  }
  return current;
}

/** A named example's value from `components.examples`. */
export function exampleValue(doc: OpenApiDocument, name: string): any {
  const example = doc.components.examples?.[name];
  if (!example) throw new Error(`the OpenAPI document has no example named ${name}`);
  return structuredClone(deref(doc, example).value);
}

/** Known error codes with the HTTP status each comes with (`KnownErrorCode`'s `x-http-status`). */
export function knownErrorCodes(doc: OpenApiDocument): Map<string, number> {
  const codes = new Map<string, number>();
  for (const entry of doc.components.schemas?.KnownErrorCode?.oneOf ?? []) {
    if (typeof entry.const === 'string' && typeof entry['x-http-status'] === 'number') codes.set(normalCode(entry.const), entry['x-http-status']);
  }
  return codes;
}

/** `WA-401` and `WA401` are one code. */
export function normalCode(code: string): string {
  return code.replaceAll('-', '').toUpperCase();
}

/** The documented error body for a code: the document's example whose `code` it is. */
export function errorExample(doc: OpenApiDocument, code: string): unknown {
  for (const example of Object.values(doc.components.examples ?? {})) {
    const value = deref(doc, example)?.value;
    if (value && typeof value.code === 'string' && normalCode(value.code) === normalCode(code) && 'error' in value) return structuredClone(value);
  }
  return { code, message: 'Error', data: {}, error: { error: code } };
}
