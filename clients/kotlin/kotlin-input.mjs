// Rewrites, in place, the generator input of the openapi-generator `kotlin` client (clients/kotlin/build.sh:
// clients/java/java-input.mjs's output, the 3.0 bundle with ErrorEnvelope.data and .error loosened). With
// kotlinx.serialization, openapi-generator 7.25.0 writes code that does not compile for two shapes, each read
// in its templates (kotlin-client/data_class.mustache, anyof_class.mustache) and measured by the Maven build:
//
// - an object with `properties` and `additionalProperties` (`true`, or a schema): the data class extends
//   `HashMap<String, ...>()()`, a syntax error (53 schemas). kotlinx.serialization would not fill that map
//   either: the generated Json ignores unknown keys. The keyword is dropped where `properties` stand beside
//   it; for `true` (52 of them, 3.0's default) that says nothing new, for V1SendWarnings it drops the type
//   of the undocumented extra warnings. Maps without `properties` (ErrorFieldMessages) are kept.
// - a union with a `number` member (V2LocationObject.latitude and .longitude: number or numeric string):
//   the member's serializer branch is never written (without a format it is `java.math.BigDecimal`, whose
//   `BigDecimal.serializer()` does not exist; with `format: double` the template asks for `isNumber` and
//   `isDouble` together, which the generator never sets at once), so the `when` is not exhaustive. The
//   coordinates become the number member alone (`kotlin.Double`): this client sends numbers, as the SDK
//   does; the numeric-string form the document also accepts cannot be sent from it.
//
// And one shape it compiles but sends wrong: a multipart text part with an `encoding` contentType is
// written through the JSON serializer (kotlin-client/libraries/jvm-okhttp/api.mustache), so the resumable
// upload's `type` part went out as `"application/pdf"`, quotes included, and Prism refused it. Every such
// entry here is `text/plain` on a string, which is what OpenAPI 3.0 already defaults a string part to; the
// entry is dropped, which changes nothing, and the part goes out as the plain value.
//
// clients/README.md (note 14) lists the three; nothing else is changed.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'clients/kotlin/build/openapi.json';
const document = JSON.parse(readFileSync(file, 'utf8'));
const dropped = [];
const narrowed = [];

function visit(schema, at) {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) return schema.forEach((item, i) => visit(item, `${at}/${i}`));
  if (
    schema.properties &&
    schema.additionalProperties !== undefined &&
    schema.additionalProperties !== false
  ) {
    delete schema.additionalProperties;
    dropped.push(at);
  }
  for (const key of ['oneOf', 'anyOf']) {
    const number = schema[key]?.find((member) => member.type === 'number');
    if (number && schema[key].every((member) => member.type === 'number' || member.type === 'string')) {
      delete schema[key];
      delete schema.pattern;
      Object.assign(schema, number, { format: 'double' });
      narrowed.push(at);
    }
  }
  for (const [key, value] of Object.entries(schema)) visit(value, `${at}/${key}`);
}

visit(document.components.schemas, '#/components/schemas');
visit(document.paths, '#/paths');

const schemas = document.components.schemas;
const resolve = (schema) => (schema?.$ref ? schemas[schema.$ref.split('/').pop()] : schema);
/** Every definition of a form field: the property of that name in the schema or any of its union members. */
function definitions(schema, name, found = []) {
  const target = resolve(schema);
  if (!target) return found;
  if (target.properties?.[name]) found.push(resolve(target.properties[name]));
  for (const key of ['oneOf', 'anyOf', 'allOf'])
    for (const member of target[key] ?? []) definitions(member, name, found);
  return found;
}
const defaulted = [];
for (const [path, item] of Object.entries(document.paths)) {
  for (const [method, operation] of Object.entries(item)) {
    const multipart = operation?.requestBody?.content?.['multipart/form-data'];
    for (const [name, encoding] of Object.entries(multipart?.encoding ?? {})) {
      const found = definitions(multipart.schema, name);
      const plainString =
        found.length > 0 && found.every((field) => field.type === 'string' && field.format !== 'binary');
      if (encoding.contentType === 'text/plain' && plainString) {
        delete encoding.contentType;
        if (Object.keys(encoding).length === 0) delete multipart.encoding[name];
        defaulted.push(`${method} ${path} ${name}`);
      }
    }
  }
}
writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `${file}: additionalProperties dropped beside properties in ${dropped.length} schemas; number only: ${narrowed.join(', ') || 'nothing'}; text/plain (the default) dropped from ${defaulted.length} string parts`,
);
