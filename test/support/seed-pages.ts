import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isObject, type JsonObject } from '../../src/testing/json-walk.js';

// The sample sections of the five Kaleyra documentation pages the project starts from, copied verbatim
// into test/fixtures/seeds (one file per page, naming the page and the line ranges it was copied from),
// so the spec is tested against what the pages print and the repository needs nothing beside it.
// test/spec/seed-fixtures.test.ts checks the copies against the stored pages when ../shared/seeds exists.
export const seedFixturesDir = fileURLToPath(new URL('../fixtures/seeds/', import.meta.url));

/** The fixture file for seed page `number` ("000" to "004"). */
export function seedFixtureFile(number: string): string {
  const file = readdirSync(seedFixturesDir).find((name) => name.startsWith(`${number}-`));
  if (!file) throw new Error(`No seed fixture starting with ${number}- in ${seedFixturesDir}`);
  return file;
}

/** The sample sections of seed page `number`, as the page prints them. */
export function seedPage(number: string): string {
  return readFileSync(seedFixturesDir + seedFixtureFile(number), 'utf8');
}

/** A fixture's verbatim excerpts, each with the first line it occupies in the stored page. */
export function seedExcerpts(fixture: string): { firstLine: number; lastLine: number; text: string }[] {
  const [, ...sections] = fixture.split(/^(?=\[lines \d+-\d+\]$)/m);
  return sections.map((section) => {
    const [, first, last, text] = /^\[lines (\d+)-(\d+)\]\n([\s\S]*?)\n*$/.exec(section)!;
    return { firstLine: Number(first), lastLine: Number(last), text: text! };
  });
}

/** The stored page a fixture names on its `Stored copy:` line. */
export function storedCopyName(fixture: string): string {
  const match = /^Stored copy: shared\/seeds\/(\S+)$/m.exec(fixture);
  if (!match) throw new Error('Seed fixture does not name its stored copy');
  return match[1]!;
}

/** The text after the first occurrence of `marker` (and after `from`, when given). */
export function after(text: string, marker: string, from = 0): string {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new Error(`Marker not found: ${marker}`);
  return text.slice(at + marker.length);
}

/**
 * The `--form` / `-F` fields of the first curl command in `text`, as the server would receive them:
 * shell quoting removed, `@file` parts reported as files.
 */
export function curlFormFields(text: string): {
  fields: Record<string, string>;
  files: Record<string, string>;
} {
  const command = text.slice(text.indexOf('curl'), text.indexOf('\n\n', text.indexOf('curl')));
  const fields: Record<string, string> = {};
  const files: Record<string, string> = {};
  for (const match of command.matchAll(/(?:--form|-F) '([^=']+)=(.*)'\s*\\?\s*$/gm)) {
    const name = match[1]!;
    let value = match[2]!;
    // curl strips one level of double quotes around a form value: 'to="+91..."' sends +91...
    if (
      value.startsWith('"') &&
      value.endsWith('"') &&
      value.length >= 2 &&
      !value.slice(1, -1).includes('"')
    ) {
      value = value.slice(1, -1);
    }
    if (value.startsWith('@')) files[name] = value.slice(1).replace(/^"|"$/g, '');
    else fields[name] = value;
  }
  return { fields, files };
}

/** The first balanced `{...}` block in `text`, or everything to the end of the quoted curl body when a brace is missing. */
export function jsonBlock(text: string): string {
  const start = text.indexOf('{');
  if (start < 0) throw new Error('No JSON block');
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
    // A curl `-d '...'` body ends at the closing single quote even when its braces do not balance.
    else if (ch === "'" && depth > 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/**
 * Repairs the two kinds of damage the pages' printed JSON has: missing commas between members
 * (the v2 success samples) and missing closing braces (the video request). Returns the parsed value
 * and what was repaired, so tests can say which samples needed it.
 */
export function parsePrintedJson(printed: string): { value: JsonObject; repairs: string[] } {
  const repairs: string[] = [];
  try {
    return { value: jsonObject(printed), repairs };
  } catch {
    // not JSON as printed: try the repairs below
  }
  let text = printed.replace(
    /("|\}|\]|\d|true|false|null)(\s*\n\s*)(")/g,
    (_m, end, space, next) => `${end},${space}${next}`,
  );
  if (text !== printed) repairs.push('missing commas');
  const missing = countUnclosed(text);
  if (missing > 0) {
    text = closeInnerObject(text, missing);
    repairs.push(`${missing} missing closing brace(s)`);
  }
  return { value: jsonObject(text), repairs };
}

/** Every body the pages print is a JSON object. */
function jsonObject(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (!isObject(value)) throw new Error(`printed JSON is not an object: ${text.slice(0, 40)}`);
  return value;
}

function countUnclosed(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
  }
  return depth;
}

// The video sample closes its `video` object but not `messaging_object` before `"extra_info"` starts:
// the missing brace belongs right before the next top-level member.
function closeInnerObject(text: string, missing: number): string {
  const at = text.lastIndexOf(',\n', text.indexOf('"extra_info"'));
  if (at < 0) return text + '}'.repeat(missing);
  return text.slice(0, at) + '\n}'.repeat(missing) + text.slice(at);
}

/** The pages mask digits of phone numbers with X; the spec's patterns need digits. */
export function unmaskPhone(value: string): string {
  return value.replace(/[Xx]/g, '5');
}
