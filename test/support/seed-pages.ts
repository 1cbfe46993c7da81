import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Reads the five Kaleyra documentation pages in ../shared/seeds and pulls out the sample bodies they
// print, so the spec is tested against the pages themselves rather than against a copy of them.
const seedsDir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));

export function seedPage(prefix: string): string {
  const file = readdirSync(seedsDir).find((name) => name.startsWith(prefix));
  if (!file) throw new Error(`No seed page starting with ${prefix} in ${seedsDir}`);
  return readFileSync(seedsDir + file, 'utf8');
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
export function curlFormFields(text: string): { fields: Record<string, string>; files: Record<string, string> } {
  const command = text.slice(text.indexOf('curl'), text.indexOf('\n\n', text.indexOf('curl')));
  const fields: Record<string, string> = {};
  const files: Record<string, string> = {};
  for (const match of command.matchAll(/(?:--form|-F) '([^=']+)=(.*)'\s*\\?\s*$/gm)) {
    const name = match[1]!;
    let value = match[2]!;
    // curl strips one level of double quotes around a form value: 'to="+91..."' sends +91...
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2 && !value.slice(1, -1).includes('"')) {
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
export function parsePrintedJson(printed: string): { value: any; repairs: string[] } {
  const repairs: string[] = [];
  try {
    return { value: JSON.parse(printed), repairs };
  } catch {}
  let text = printed.replace(/("|\}|\]|\d|true|false|null)(\s*\n\s*)(")/g, (_m, end, space, next) => `${end},${space}${next}`);
  if (text !== printed) repairs.push('missing commas');
  const missing = countUnclosed(text);
  if (missing > 0) {
    text = closeInnerObject(text, missing);
    repairs.push(`${missing} missing closing brace(s)`);
  }
  return { value: JSON.parse(text), repairs };
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
