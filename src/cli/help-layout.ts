/**
 * Fits help text to a terminal of `width` columns (80, the narrowest one people still use). Text
 * that fits is left as it was written; what does not is wrapped the way it reads:
 * - a paragraph (lines at the margin) is reflowed, a leading `Label: ` getting a hanging indent;
 * - a row (a term, two or more spaces, its description) wraps under its description;
 * - a command under `Example:` wraps as the shell reads it, with ` \` at the end of each line. A
 *   quoted JSON argument too long for a line breaks after a comma: a newline inside single quotes is
 *   JSON whitespace, so the command pasted from the help still runs.
 * Help is built from parts (flag descriptions, examples) written elsewhere; this keeps every part
 * within the width without each having to know where it will be printed.
 */
export const HELP_WIDTH = 80;

/** `Usage: `, `Exit codes: `, `Kinds (v2, the default): `: a paragraph that hangs under its label. */
const LABEL = /^[A-Z][\w ,()-]{0,28}: /;

export function fitHelp(text: string, width = HELP_WIDTH): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inExample = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '') {
      inExample = false;
      out.push(line);
    } else if (indent === 0) {
      inExample = /^Examples?:$/.test(line);
      const paragraph = [line];
      const joins = (next = '') => /^\S.*[^:]$/.test(next) && !LABEL.test(next);
      while (!line.endsWith(':') && joins(lines[i + 1])) paragraph.push(lines[++i]!);
      if (paragraph.every((l) => l.length <= width)) out.push(...paragraph);
      else {
        const joined = paragraph.join(' ');
        const label = LABEL.exec(joined)?.[0].length ?? 0;
        out.push(...wrapWords(joined.split(' '), width, '', ' '.repeat(label)));
      }
    } else if (inExample) {
      const written = [line];
      while (written.at(-1)!.endsWith(' \\') && i + 1 < lines.length) written.push(lines[++i]!);
      if (written.every((l) => l.length <= width)) out.push(...written);
      else {
        const command = written.map((l) => l.trim().replace(/ \\$/, '')).join(' ');
        out.push(...wrapCommand(command, width, ' '.repeat(indent)));
      }
    } else {
      const row = /^(.*\S)( {2,})(\S.*)$/.exec(line);
      if (!row) {
        out.push(...wrapWords(line.trim().split(' '), width, ' '.repeat(indent), ' '.repeat(indent)));
        continue;
      }
      const column = row[1]!.length + row[2]!.length;
      const written = [line];
      const continues = (next: string | undefined) =>
        next !== undefined && /^ +\S/.test(next) && next.length - next.trimStart().length === column;
      while (continues(lines[i + 1])) written.push(lines[++i]!);
      if (written.every((l) => l.length <= width)) out.push(...written);
      else {
        const words = [row[3]!, ...written.slice(1).map((l) => l.trim())].join(' ').split(' ');
        const hang = ' '.repeat(column);
        const [first, ...rest] = wrapWords(words, width - column, '', '');
        out.push(line.slice(0, column) + first, ...rest.map((l) => hang + l));
      }
    }
  }
  return out.join('\n');
}

/** Greedy word wrap; a word longer than the room gets a line of its own. */
function wrapWords(words: string[], width: number, first: string, rest: string): string[] {
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of words.filter(Boolean)) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = rest;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    empty = false;
  }
  out.push(current);
  return out;
}

/** Shell words of a command line: quoted strings kept whole, with their quotes. */
function shellTokens(command: string): string[] {
  return command.match(/(?:'[^']*'|"[^"]*"|[^\s'"])+/g) ?? [];
}

/** A flag with its value is one unit: `--body 'Your order has shipped'` stays on one line if it can. */
function units(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (tokens[i]!.startsWith('-') && next !== undefined && !next.startsWith('-')) {
      out.push(`${tokens[i]} ${next}`);
      i++;
    } else out.push(tokens[i]!);
  }
  return out;
}

/** Where a quoted JSON argument can break: after each comma outside its JSON strings. */
function jsonPieces(token: string): string[] {
  const pieces: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ',') {
      pieces.push(token.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(token.slice(start));
  return pieces;
}

function wrapCommand(command: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  const more = `${indent}  `;
  let current = indent;
  const fits = (text: string) => current.length + (current.trim() ? 1 : 0) + text.length + 2 <= width;
  const add = (text: string) => {
    current += (current.trim() ? ' ' : '') + text;
  };
  const breakLine = (continuation = ' \\') => {
    lines.push(current + continuation);
    current = more;
  };
  for (const unit of units(shellTokens(command))) {
    if (fits(unit)) {
      add(unit);
      continue;
    }
    if (current.trim()) breakLine();
    if (fits(unit)) {
      add(unit);
      continue;
    }
    for (const token of shellTokens(unit)) {
      const json = /^'[[{].*[\]}]'$/.test(token);
      if (!fits(token) && current.trim() && !json) breakLine();
      if (fits(token) || !json) {
        add(token);
        continue;
      }
      // Inside the quotes a line ends without ` \`: the newline is part of the JSON, as whitespace.
      jsonPieces(token).forEach((piece, index) => {
        if (index === 0) {
          if (!fits(piece)) breakLine();
          return add(piece);
        }
        if (!fits(piece)) breakLine('');
        current += piece;
      });
    }
  }
  lines.push(current);
  return lines;
}
