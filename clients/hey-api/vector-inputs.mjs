// Writes clients/hey-api/build/vector-inputs.ts: every conformance vector's inputs (path, query, body)
// as a TypeScript object literal typed by the generated `<Operation>Data`, the way a user writes a call.
// @hey-api/openapi-ts generates types, not decoders, so `tsc --strict` over these literals is what
// proves the generated types carry each vector's data (a wrong or missing field fails the build).
// A file part is the `File` the runner makes from the vector's bytes, passed in as `files[field]`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test/vectors/cases';
const byOperation = new Map();
for (const name of readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()) {
  const vector = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const { operationId, path, query, json, form, multipart } = vector.operation;
  const members = [`path: ${JSON.stringify(path)}`];
  if (query) members.push(`query: ${JSON.stringify(query)}`);
  if (json !== undefined) members.push(`body: ${JSON.stringify(json)}`);
  if (form) members.push(`body: ${JSON.stringify(form)}`);
  if (multipart) {
    const fields = Object.entries(multipart.fields).map(
      ([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
    );
    const files = multipart.files.map(
      ({ field }) => `${JSON.stringify(field)}: files[${JSON.stringify(field)}]`,
    );
    members.push(`body: { ${[...fields, ...files].join(', ')} }`);
  }
  const entries = byOperation.get(operationId) ?? [];
  entries.push(`  ${JSON.stringify(vector.name)}: (files) => ({ ${members.join(', ')} }),`);
  byOperation.set(operationId, entries);
}

const typeName = (operationId) => `${operationId[0].toUpperCase()}${operationId.slice(1)}Data`;
const lines = [
  '// Written by clients/hey-api/vector-inputs.mjs from test/vectors/cases; do not edit.',
  `import type { ${[...byOperation.keys()].map(typeName).join(', ')} } from './client/types.gen.js';`,
  '',
  "/** A call's inputs as the generated SDK function takes them (all but `url`, which it fills in). */",
  "export type Inputs<Data> = (files: Record<string, File>) => Omit<Data, 'url'>;",
];
for (const [operationId, entries] of byOperation) {
  lines.push(
    '',
    `export const ${operationId}: Record<string, Inputs<${typeName(operationId)}>> = {`,
    ...entries,
    '};',
  );
}
writeFileSync('clients/hey-api/build/vector-inputs.ts', `${lines.join('\n')}\n`);
