import { at, objectAt, textAt } from './json-walk.js';
import { deref, type OpenApiDocument } from './spec-document.js';

export interface MatchedOperation {
  /** The OpenAPI `operationId` the request matched. */
  operationId: string;
  /** The path template, e.g. `/v2/{sid}/whatsapp/{phone_number}/messages`. */
  template: string;
  /** The path parameters, decoded (`{ sid, phone_number }`). */
  pathParams: Record<string, string>;
  /** The operation object from the OpenAPI document, as bundled. */
  operation: unknown;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  operationId: string;
  operation: unknown;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Finds which documented operation a method and path are, with the path's parameters decoded. */
export function createOperationMatcher(
  doc: OpenApiDocument,
): (method: string, pathname: string) => MatchedOperation | undefined {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const names: string[] = [];
    const source = template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\\?\{([^}]+)\\?\}|\{([^}]+)\}/g, (_match, a: string | undefined, b: string | undefined) => {
        names.push((a ?? b)!);
        return '([^/]+)';
      });
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const operationId = textAt(operation, 'operationId');
      if (operationId === undefined)
        throw new Error(`${method.toUpperCase()} ${template} has no operationId`);
      routes.push({ method, template, pattern: new RegExp(`^${source}/?$`), names, operationId, operation });
    }
  }
  // Literal segments first, so `/v1/{sid}/callback/profiles` is not taken for a parameter.
  routes.sort((a, b) => a.names.length - b.names.length);
  return (method, pathname) => {
    for (const route of routes) {
      if (route.method !== method.toLowerCase()) continue;
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      const pathParams = Object.fromEntries(route.names.map((name, i) => [name, safeDecode(match[i + 1]!)]));
      return {
        operationId: route.operationId,
        template: route.template,
        pathParams,
        operation: route.operation,
      };
    }
    return undefined;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The first example of the response `status` (default: the lowest 2xx), as Prism answers. */
export function responseExample(
  doc: OpenApiDocument,
  operation: unknown,
  status?: number,
): { status: number; body: unknown } | undefined {
  const codes = Object.keys(objectAt(operation, 'responses')).filter((code) => /^\d{3}$/.test(code));
  const chosen =
    status === undefined
      ? codes.filter((code) => code.startsWith('2')).sort()[0]
      : codes.find((code) => Number(code) === status);
  if (chosen === undefined) return undefined;
  const response = deref(doc, at(operation, 'responses', chosen));
  const content = Object.values(objectAt(response, 'content'))[0];
  if (!content) return { status: Number(chosen), body: undefined };
  const example =
    at(content, 'example') ?? at(deref(doc, Object.values(objectAt(content, 'examples'))[0]), 'value');
  return { status: Number(chosen), body: structuredClone(example) };
}

/** The request body schema of `mediaType`, or undefined. */
export function requestSchema(doc: OpenApiDocument, operation: unknown, mediaType: string): unknown {
  const requestBody = at(operation, 'requestBody');
  const body = requestBody ? deref(doc, requestBody) : undefined;
  const schema = at(body, 'content', mediaType, 'schema');
  return schema ? deref(doc, schema) : undefined;
}

/** File parts of a multipart body schema: name, byte limit (`x-max-size-bytes`) and name rule (`x-file-name-pattern`). */
export function fileFields(
  doc: OpenApiDocument,
  operation: unknown,
): Map<string, { maxBytes?: number; namePattern?: RegExp }> {
  const fields = new Map<string, { maxBytes?: number; namePattern?: RegExp }>();
  const schema = requestSchema(doc, operation, 'multipart/form-data');
  for (const [name, property] of Object.entries(objectAt(schema, 'properties'))) {
    const resolved = objectAt(deref(doc, property));
    if (resolved.format !== 'binary') continue;
    const maxBytes = resolved['x-max-size-bytes'];
    const namePattern = resolved['x-file-name-pattern'];
    fields.set(name, {
      ...(typeof maxBytes === 'number' ? { maxBytes } : {}),
      ...(typeof namePattern === 'string' ? { namePattern: new RegExp(namePattern, 'u') } : {}),
    });
  }
  return fields;
}
