// Writes clients/java/build/openapi.json (or the path given): dist/openapi.3.0.json with every oneOf/anyOf that has an
// array or map member replaced by "any JSON value". openapi-generator 7.25's java generator emits
// `List<Object>.class` / `Map<String, String>.class` for such members, which does not compile; the
// two places this hits (ErrorEnvelope.data and ErrorEnvelope.error) become `Object`, and callers read
// them as parsed JSON. Listed in clients/README.md; nothing else is changed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// typescript-fetch, php and kotlin (clients/<name>/build.sh) take the same input: each decodes the union
// of a string and a map into an empty model (clients/README.md).
const out = process.argv[2] ?? 'clients/java/build/openapi.json';

const document = JSON.parse(readFileSync('dist/openapi.3.0.json', 'utf8'));
const schemas = document.components.schemas;
const resolve = (schema) =>
  schema.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
const isContainer = (schema) => {
  const target = resolve(schema);
  return (
    target.type === 'array' || (target.type === 'object' && target.additionalProperties && !target.properties)
  );
};
const loosened = [];

function visit(schema, at) {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map((item, i) => visit(item, `${at}/${i}`));
  for (const key of ['oneOf', 'anyOf']) {
    if (Array.isArray(schema[key]) && schema[key].some(isContainer)) {
      loosened.push(at);
      const { [key]: _members, ...rest } = schema;
      return rest;
    }
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, visit(value, `${at}/${key}`)]),
  );
}

document.components.schemas = visit(schemas, '#/components/schemas');
document.paths = visit(document.paths, '#/paths');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`${out}: loosened ${loosened.length ? loosened.join(', ') : 'nothing'}`);
