import { describe, expect, it } from 'vitest';
import { closest } from '../../src/cli/did-you-mean.js';
import { runCli } from './run-cli.js';

// A mistyped command line is answered with what was most likely meant and where to read more.
const env = {
  KALEYRA_SID: 'HXAP16XXXXXX97IN',
  KALEYRA_API_KEY: 'usage-hints-key',
  KALEYRA_POD: 'in',
  KALEYRA_FROM: '+919876543210',
};

describe('did you mean', () => {
  it.each([
    [['sned', 'text'], 'error: unknown command "sned": did you mean send?\nsee: kaleyra-wa --help\n'],
    [['send', 'txt'], 'error: unknown v2 kind "txt": did you mean text?\nsee: kaleyra-wa send --help\n'],
    [
      ['send', 'media', '--to', '+919812345678'],
      'error: unknown v2 kind "media": it is a v1 kind (add --api v1)\nsee: kaleyra-wa send --help\n',
    ],
    [
      ['send', 'text', '--to', '+919812345678', '--bdy', 'hi'],
      'error: unknown option --bdy: did you mean --body?\nsee: kaleyra-wa send text --help\n',
    ],
    [
      ['send', 'template', '--api', 'v1', '--to', '+919812345678', '--templte-name', 'x'],
      'error: unknown option --templte-name: did you mean --template-name?\nsee: kaleyra-wa send template --api v1 --help\n',
    ],
    [
      ['broadcast', '--cvs', 'a.csv'],
      'error: unknown option --cvs: did you mean --csv?\nsee: kaleyra-wa broadcast --help\n',
    ],
  ])('kaleyra-wa %j', async (argv, stderr) => {
    expect(await runCli(argv, env)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('suggests nothing when nothing is close', async () => {
    const run = await runCli(['frobnicate'], env);
    expect(run.stderr).toBe(
      'error: unknown command "frobnicate": use send, broadcast, upload, mock, trigger, listen, demo\nsee: kaleyra-wa --help\n',
    );
    expect(closest('--zzz', ['--body', '--to'])).toBeUndefined();
    expect(closest('sned', ['send', 'mock'])).toBe('send');
  });
});

describe('a missing required flag', () => {
  it('is named, with the help of the command that needs it', async () => {
    expect(await runCli(['send', 'template', '--to', '+919812345678', '--language', 'en'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: --name is required\nsee: kaleyra-wa send template --help\n',
    });
    const v1 = await runCli(['send', 'template', '--api', 'v1', '--to', '+919812345678'], env);
    expect(v1.stderr).toBe(
      'error: --template-name is required\nsee: kaleyra-wa send template --api v1 --help\n',
    );
  });
});

describe('--json', () => {
  it('--version --json is one JSON object', async () => {
    const run = await runCli(['--version', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'kaleyra-wa',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('a usage error with --json is a JSON line on stdout, with the suggestion', async () => {
    const run = await runCli(['send', 'text', '--bdy', 'hi', '--json'], env);
    expect(run).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      error: 'usage',
      message: 'unknown option --bdy: did you mean --body?',
    });
  });
});
