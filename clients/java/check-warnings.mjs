// Fails when openapi-generator prints a WARN or ERROR line that clients/README.md does not explain.
//   node clients/java/check-warnings.mjs <generate.log> [known-warnings.json]
// The known lines are matched by fragment; the JSON file (clients/java/known-warnings.json unless
// another is given) says why each stays, as the README does.
import { readFileSync } from 'node:fs';

const knownFile = process.argv[3] ?? new URL('./known-warnings.json', import.meta.url);
const KNOWN = Object.keys(JSON.parse(readFileSync(knownFile, 'utf8')));
const lines = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((line) => /\b(WARN|ERROR)\b/.test(line));
const unknown = lines.filter((line) => !KNOWN.some((fragment) => line.includes(fragment)));
for (const line of lines) console.log(`generator: ${line.replace(/^.*?\b(WARN|ERROR)\b/, '$1')}`);
if (unknown.length > 0) {
  console.error(`openapi-generator printed ${unknown.length} warning(s) not explained in clients/README.md`);
  process.exit(1);
}
