import type { ValidateFunction } from 'ajv/dist/2020.js';
import { at, textAt } from './json-walk.js';
import { deref, type OpenApiDocument } from './spec-document.js';

export interface BodyViolation {
  /** Where in the body, as a JSON pointer (`/messaging_object/to`). */
  path: string;
  /** What is wrong there, from the OpenAPI schema check. */
  message: string;
}

export type BodyValidator = (
  operation: { template: string; method: string; operation: unknown },
  mediaType: string,
  body: unknown,
) => BodyViolation[];

const escape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Validates request bodies against the document's own schemas with Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). Ajv is an optional peer dependency of this entry point only: the SDK
 * itself validates with hand-written rules and never loads it.
 */
export async function createBodyValidator(doc: OpenApiDocument): Promise<BodyValidator> {
  const [ajvModule, formatsModule] = await Promise.all([
    import('ajv/dist/2020.js'),
    import('ajv-formats'),
  ]).catch(() => {
    throw new Error(
      'kaleyra-whatsapp/testing validates request bodies with Ajv: run `npm install --save-dev ajv ajv-formats`, or pass `validate: false`',
    );
  });
  // Both are CommonJS: under Node the class is a named export and the plugin is `default`; under a
  // bundler the namespace may be wrapped once more in `default`.
  const Ajv2020 = ajvModule.Ajv2020 ?? ajvModule.default;
  const addFormats = formatsModule.default?.default ?? formatsModule.default;
  // strict: false because OpenAPI adds keywords JSON Schema does not know (discriminator, x-*).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(doc, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();

  return ({ template, method, operation }, mediaType, body) => {
    const requestBody = at(operation, 'requestBody');
    if (!requestBody) return [];
    const base =
      textAt(requestBody, '$ref') ?? `#/paths/${escape(template)}/${method.toLowerCase()}/requestBody`;
    if (!at(deref(doc, requestBody), 'content', mediaType, 'schema')) {
      return [{ path: '', message: `content type ${mediaType || '(none)'} is not accepted here` }];
    }
    const pointer = `${base}/content/${escape(mediaType)}/schema`;
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json${pointer}` });
      compiled.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error: { instancePath: string; message?: string }) => ({
      path: error.instancePath,
      message: error.message ?? 'is invalid',
    }));
  };
}
