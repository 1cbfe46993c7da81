import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { at, isObject, listAt, textAt } from './json-walk.js';

/** The parts of the bundled OpenAPI document the mock, the fake and `trigger` read. */
export interface OpenApiDocument {
  /** The document's operations by path and method. */
  paths: Record<string, Record<string, unknown>>;
  /** The callbacks the API sends, described as OpenAPI webhooks. */
  webhooks: Record<string, Record<string, unknown>>;
  /** Shared schemas, examples and responses that `$ref`s point to. */
  components: Record<string, Record<string, unknown>>;
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
export function deref(doc: OpenApiDocument, node: unknown): unknown {
  let current = node;
  for (
    let hops = 0, ref = textAt(current, '$ref');
    ref !== undefined;
    hops++, ref = textAt(current, '$ref')
  ) {
    if (hops > 32) throw new Error(`circular $ref ${ref}`);
    current = at(
      doc,
      ...ref
        .replace(/^#\//, '')
        .split('/')
        .map((segment: string) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~')),
    );
  }
  return current;
}

/** A named example's value from `components.examples`. */
export function exampleValue(doc: OpenApiDocument, name: string): unknown {
  const example = doc.components.examples?.[name];
  if (!example) throw new Error(`the OpenAPI document has no example named ${name}`);
  return structuredClone(at(deref(doc, example), 'value'));
}

/** Known error codes with the HTTP status each comes with (`KnownErrorCode`'s `x-http-status`). */
export function knownErrorCodes(doc: OpenApiDocument): Map<string, number> {
  const codes = new Map<string, number>();
  for (const entry of listAt(doc.components.schemas, 'KnownErrorCode', 'oneOf')) {
    const code = textAt(entry, 'const');
    const status = at(entry, 'x-http-status');
    if (code !== undefined && typeof status === 'number') codes.set(normalCode(code), status);
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
    const value = at(deref(doc, example), 'value');
    const valueCode = textAt(value, 'code');
    if (
      isObject(value) &&
      valueCode !== undefined &&
      normalCode(valueCode) === normalCode(code) &&
      'error' in value
    )
      return structuredClone(value);
  }
  return { code, message: 'Error', data: {}, error: { error: code } };
}
