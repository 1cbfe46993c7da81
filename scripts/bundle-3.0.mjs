// Derives dist/openapi.3.0.json from dist/openapi.json, mechanically, for generators that read
// OpenAPI 3.0 only or read 3.1 only in part (oapi-codegen through kin-openapi, openapi-generator).
// Never edit the output: change spec/ and rerun `npm run bundle`. Each rewrite keeps the meaning where
// 3.0 can say it, and the few losses are listed in clients/README.md:
//   type: [T, 'null']        -> type: T, nullable: true
//   type: [A, B]             -> anyOf: [{type: A}, {type: B}] (JSON types are disjoint, so anyOf is oneOf;
//                               generators that coerce 0 to "0" would see two matches of a oneOf); an
//                               int32/int64 `format` moves into the integer alternative
//   const: v                 -> enum: [v]
//   oneOf of consts          -> one enum (titles kept as x-enum-varnames, descriptions as x-enum-descriptions)
//   examples: [a, ...]       -> example: a (in schemas; media-type and parameter `examples` maps are 3.0 too)
//   contentMediaType         -> dropped (3.0 says binary with format: binary, already present)
//   $ref with siblings       -> the $ref alone (3.0 ignores siblings; only descriptions are lost)
//   exclusiveMinimum: n      -> minimum: n, exclusiveMinimum: true (same for maximum)
//   anyOf: [{$ref: a string enum}, {type: string}] -> type: string ("a known value or any other
//                               string" is any string; generators made an empty wrapper class of it)
//   oneOf of closed objects told apart by one required property each (V2ImageObject: by id | by link)
//                            -> one closed object with every property and a oneOf of the required
//                               sets (the same bodies; generators build one plain model)
//   webhooks, info.summary, license.identifier -> dropped (no 3.0 equivalent)
// A 3.1 keyword with no 3.0 counterpart (UNSUPPORTED) stops the bundle with the schema's location,
// so that a new construct in spec/ is translated on purpose instead of silently lost.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const UNSUPPORTED = new Set([
  'patternProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'prefixItems',
  'contains',
  'minContains',
  'maxContains',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
  'propertyNames',
  '$defs',
  '$dynamicRef',
  '$anchor',
]);

/** Rewrites one schema object (and every schema inside it) from 3.1 to 3.0. */
export function downgradeSchema(schema, at = '#') {
  if (Array.isArray(schema)) return schema.map((item, i) => downgradeSchema(item, `${at}/${i}`));
  if (typeof schema !== 'object' || schema === null) return schema;
  if (typeof schema.$ref === 'string') return { $ref: schema.$ref };

  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (UNSUPPORTED.has(key))
      throw new Error(
        `${at}: \`${key}\` has no OpenAPI 3.0 equivalent; teach scripts/bundle-3.0.mjs how to state it`,
      );
    switch (key) {
      case 'properties':
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, child]) => [
            name,
            downgradeSchema(child, `${at}/properties/${name}`),
          ]),
        );
        break;
      case 'items':
      case 'additionalProperties':
      case 'not':
        out[key] = typeof value === 'boolean' ? value : downgradeSchema(value, `${at}/${key}`);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = value.map((item, i) => downgradeSchema(item, `${at}/${key}/${i}`));
        break;
      case 'const':
        out.enum = [value];
        break;
      case 'examples':
        if (Array.isArray(value) && value.length > 0) out.example = value[0];
        break;
      case 'contentMediaType':
      case 'contentEncoding':
      case '$schema':
      case '$id':
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof value === 'number') {
          out[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = value;
          out[key] = true;
        } else out[key] = value;
        break;
      default:
        out[key] = value;
    }
  }

  if (Array.isArray(out.type)) {
    const types = out.type.filter((type) => type !== 'null');
    if (types.length < out.type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else {
      delete out.type;
      // An integer format (int32, int64) describes the integer alternative only.
      const integerFormat = /^int(32|64)$/.test(out.format ?? '') ? out.format : undefined;
      if (integerFormat) delete out.format;
      const alternatives = types.map((type) =>
        type === 'integer' && integerFormat ? { type, format: integerFormat } : { type },
      );
      if (out.anyOf) out.allOf = [...(out.allOf ?? []), { anyOf: alternatives }];
      else out.anyOf = alternatives;
    }
  }

  // A documented enum (oneOf of consts with a title and description each) becomes a plain enum.
  if (
    Array.isArray(out.oneOf) &&
    out.oneOf.length > 0 &&
    out.oneOf.every((member) => Array.isArray(member.enum) && member.enum.length === 1 && !member.$ref)
  ) {
    const members = out.oneOf;
    delete out.oneOf;
    out.enum = members.map((member) => member.enum[0]);
    if (out.type === undefined && members.every((member) => typeof member.enum[0] === 'string'))
      out.type = 'string';
    if (members.every((member) => typeof member.title === 'string'))
      out['x-enum-varnames'] = members.map((member) => member.title.replace(/[^A-Za-z0-9]+/g, '_'));
    if (members.some((member) => member.description))
      out['x-enum-descriptions'] = members.map((member) => member.description ?? '');
  }
  return out;
}

/**
 * "One of these known strings, or any other string" (`anyOf` of a string enum and a plain string) is
 * any string: said as `type: string`, which every generator maps to its string type, where the union
 * became an empty wrapper class (openapi-generator's php and typescript-fetch, ErrorEnvelope.code).
 * The enum schema stays in components; the property's description names it.
 */
function simplifyOpenStrings(schemas) {
  const isStringEnum = (member) => {
    const target = member.$ref ? schemas[member.$ref.replace('#/components/schemas/', '')] : member;
    return target?.type === 'string' && Array.isArray(target.enum);
  };
  const isPlainString = (member) => member.type === 'string' && Object.keys(member).length === 1;
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    if (
      Array.isArray(node.anyOf) &&
      node.anyOf.some(isPlainString) &&
      node.anyOf.every((member) => isPlainString(member) || isStringEnum(member))
    ) {
      delete node.anyOf;
      node.type = 'string';
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(schemas);
}

/**
 * A `oneOf` without a discriminator whose members are closed objects, each with exactly one property
 * of its own (required) and the rest shared (optional, the same schema in every member), accepts the
 * bodies that carry exactly one of the members' own properties: `{id, caption?}` | `{link, caption?}`.
 * That is one closed object with every property and `allOf: [{oneOf: [{required: [id]}, {required: [link]}]}]`:
 * the same bodies (both or neither own property matches zero or two branches), but generators that
 * merge or try members (kotlin's merged class with every required field, Java's and python's "exactly
 * one matches" over mappers that ignore unknown keys) get one plain model. openapi-typescript reads the
 * 3.1 document and keeps its union. Any other union is left as it is.
 */
function mergeByPresenceUnions(schemas) {
  const resolve = (member) =>
    member.$ref ? schemas[member.$ref.replace('#/components/schemas/', '')] : member;
  for (const schema of Object.values(schemas)) {
    if (!Array.isArray(schema.oneOf) || schema.discriminator || schema.properties) continue;
    const members = schema.oneOf.map(resolve);
    if (!members.every((m) => m?.type === 'object' && m.additionalProperties === false && m.properties))
      continue;
    const names = members.map((m) => Object.keys(m.properties));
    const shared = names[0].filter((name) => names.every((list) => list.includes(name)));
    const own = names.map((list) => list.filter((name) => !shared.includes(name)));
    const required = members.map((m) => m.required ?? []);
    const exact =
      own.every((list, i) => list.length === 1 && required[i].length === 1 && required[i][0] === list[0]) &&
      new Set(own.flat()).size === members.length &&
      shared.every((name) =>
        members.every(
          (m) => JSON.stringify(m.properties[name]) === JSON.stringify(members[0].properties[name]),
        ),
      );
    if (!exact) continue;
    const properties = {};
    members.forEach((m, i) => (properties[own[i][0]] = m.properties[own[i][0]]));
    for (const name of shared) properties[name] = members[0].properties[name];
    delete schema.oneOf;
    // Inside an allOf, as V1MediaMessage's rule: generators intersect it with the object.
    Object.assign(schema, {
      type: 'object',
      additionalProperties: false,
      properties,
      allOf: [{ oneOf: own.map(([name]) => ({ required: [name] })) }],
    });
  }
}

/** Visits every place of a 3.1 document that holds a schema and rewrites it. */
export function downgradeDocument(document) {
  const doc = structuredClone(document);
  doc.openapi = '3.0.3';
  delete doc.webhooks;
  delete doc.jsonSchemaDialect;
  if (doc.info) {
    delete doc.info.summary;
    if (doc.info.license) delete doc.info.license.identifier;
  }
  const components = doc.components ?? {};
  for (const name of Object.keys(components.schemas ?? {}))
    components.schemas[name] = downgradeSchema(components.schemas[name], `#/components/schemas/${name}`);
  const withSchema = (holder) => {
    if (holder && typeof holder === 'object' && holder.schema)
      holder.schema = downgradeSchema(holder.schema, 'an inline schema');
  };
  const content = (holder) => {
    for (const media of Object.values(holder?.content ?? {})) withSchema(media);
  };
  const parameter = (p) => {
    withSchema(p);
    content(p);
  };
  const response = (r) => {
    content(r);
    for (const header of Object.values(r?.headers ?? {})) parameter(header);
  };
  simplifyOpenStrings(components.schemas ?? {});
  mergeByPresenceUnions(components.schemas ?? {});
  for (const p of Object.values(components.parameters ?? {})) parameter(p);
  for (const h of Object.values(components.headers ?? {})) parameter(h);
  for (const r of Object.values(components.responses ?? {})) response(r);
  for (const b of Object.values(components.requestBodies ?? {})) content(b);
  for (const item of Object.values(doc.paths ?? {})) {
    for (const p of item.parameters ?? []) parameter(p);
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const operation = item[method];
      if (!operation) continue;
      for (const p of operation.parameters ?? []) parameter(p);
      content(operation.requestBody);
      for (const r of Object.values(operation.responses ?? {})) response(r);
      delete operation.callbacks;
    }
  }
  return doc;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = JSON.parse(readFileSync('dist/openapi.json', 'utf8'));
  writeFileSync('dist/openapi.3.0.json', `${JSON.stringify(downgradeDocument(source), null, 2)}\n`);
}
