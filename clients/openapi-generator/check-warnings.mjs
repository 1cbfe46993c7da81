// Fails when openapi-generator prints a WARN or ERROR line that clients/README.md does not explain.
//   node clients/openapi-generator/check-warnings.mjs <name> <generate.log> <known-warnings.json>
// The known lines are matched by fragment; the JSON file (one per generator, clients/<name>/) says why
// each stays, as the README does.
import { readFileSync } from 'node:fs';

const [name, log, knownFile] = process.argv.slice(2);
if (!name || !log || !knownFile) {
  console.error('usage: check-warnings.mjs <name> <generate.log> <known-warnings.json>');
  process.exit(2);
}
const KNOWN = Object.keys(JSON.parse(readFileSync(knownFile, 'utf8')));
const lines = readFileSync(log, 'utf8')
  .split('\n')
  .filter((line) => /\b(WARN|ERROR)\b/.test(line));
const unknown = lines.filter((line) => !KNOWN.some((fragment) => line.includes(fragment)));
for (const line of lines) console.log(`${name} generator: ${line.replace(/^.*?\b(WARN|ERROR)\b/, '$1')}`);
if (unknown.length > 0) {
  console.error(
    `openapi-generator (${name}) printed ${unknown.length} warning(s) not explained in ${knownFile}`,
  );
  process.exit(1);
}
