// Fails when openapi-generator prints a WARN or ERROR line that clients/README.md does not explain.
// Each known line is matched by a fragment, per generator; the README says why each stays.
//
//   node clients/openapi-generator/check-warnings.mjs <java|typescript-fetch|php|kotlin> <log>
import { readFileSync } from 'node:fs';

// Printed by the model utilities for every generator: a form operation whose body is a oneOf
// (sendV1Message) is flattened into form parameters, and the schema lookup of the oneOf logs this.
const FORM_ONE_OF = 'Failed to get the schema name: null';

const KNOWN = {
  java: [
    // Request-body examples are objects; the Java generator only copies scalar examples into docs.
    'Ignoring complex example on request body',
    FORM_ONE_OF,
  ],
  'typescript-fetch': [FORM_ONE_OF],
  php: [FORM_ONE_OF],
  kotlin: [FORM_ONE_OF],
};

const [name, log] = process.argv.slice(2);
const known = KNOWN[name];
if (!known || !log) {
  console.error(`usage: check-warnings.mjs ${Object.keys(KNOWN).join('|')} <log>`);
  process.exit(2);
}
const lines = readFileSync(log, 'utf8')
  .split('\n')
  .filter((line) => /\b(WARN|ERROR)\b/.test(line));
const unknown = lines.filter((line) => !known.some((fragment) => line.includes(fragment)));
for (const line of lines) console.log(`${name} generator: ${line.replace(/^.*?\b(WARN|ERROR)\b/, '$1')}`);
if (unknown.length > 0) {
  console.error(
    `openapi-generator (${name}) printed ${unknown.length} warning(s) not explained in clients/README.md`,
  );
  process.exit(1);
}
