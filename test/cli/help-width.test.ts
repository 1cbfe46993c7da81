import { describe, expect, it } from 'vitest';
import { fitHelp } from '../../src/cli/help-layout.js';
import { SEND_KINDS } from '../../src/cli/send-kinds.js';
import { runCli } from './run-cli.js';

// Every help screen fits an 80-column terminal, and wrapping never changes what an example runs.
const screens: string[][] = [
  ['--help'],
  ['send', '--help'],
  ['upload', '--help'],
  ['mock', '--help'],
  ['trigger', '--help'],
  ['listen', '--help'],
  ['broadcast', '--help'],
  ['demo', '--help'],
  ...SEND_KINDS.map((kind) => ['send', kind.name, '--api', kind.api, '--help']),
];

/** The words a POSIX shell reads: single quotes keep newlines, backslash-newline joins lines. */
function shellRead(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && text[i + 1] === '\n') i++;
    else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  // JSON arguments may be broken across lines: compare their values, not their whitespace.
  return words.map((w) => (/^[[{]/.test(w) ? JSON.stringify(JSON.parse(w)) : w));
}

const exampleOf = (help: string) => /\nExample:\n((?: {2}.*\n?)+)/.exec(help)![1]!;

describe('help fits 80 columns', () => {
  it.each(screens.map((argv) => [argv.join(' '), argv]))('kaleyra-wa %s', async (_name, argv) => {
    const { code, stdout } = await runCli(argv);
    expect(code).toBe(0);
    const tooWide = stdout.split('\n').filter((line) => line.length > 80);
    expect(tooWide).toEqual([]);
  });

  it.each(SEND_KINDS.map((kind) => [`${kind.api} ${kind.name}`, kind]))(
    'the %s example, as shown, is the command the tests run',
    async (_name, kind) => {
      const { stdout } = await runCli(['send', kind.name, '--api', kind.api, '--help']);
      expect(shellRead(exampleOf(stdout))).toEqual(shellRead(kind.example));
    },
  );
});

describe('fitHelp', () => {
  it('leaves what fits as written, and wraps a row under its description', () => {
    const fits = 'Options:\n  --port <port>   default 4010\n                  (or 0 for any)';
    expect(fitHelp(fits)).toBe(fits);
    expect(fitHelp(`Options:\n  --to <n>  ${'word '.repeat(20).trim()}`, 40)).toBe(
      [
        'Options:',
        '  --to <n>  word word word word word',
        '            word word word word word',
        '            word word word word word',
        '            word word word word word',
      ].join('\n'),
    );
  });

  it('breaks a long example with " \\" and a quoted JSON argument after a comma', () => {
    const help = `Example:\n  kaleyra-wa send x --body 'a b c' --json '{"a":"x,y","b":[1,2,3],"c":{"d":true}}' --flag`;
    const fitted = fitHelp(help, 40);
    expect(fitted.split('\n').every((line) => line.length <= 40)).toBe(true);
    expect(fitted).toBe(
      [
        'Example:',
        "  kaleyra-wa send x --body 'a b c' \\",
        `    --json '{"a":"x,y","b":[1,2,3],`,
        `    "c":{"d":true}}' --flag`,
      ].join('\n'),
    );
    expect(shellRead(exampleOf(`\n${fitted}`))).toEqual(shellRead(help.slice('Example:\n'.length)));
  });
});
