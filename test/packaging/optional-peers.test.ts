import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Optional peers must load only where they are used, in the files users get (lib/), not only in the
// source: a bundler can turn a lazy `import()` into a static import at the top of the bundle.
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const OPTIONAL_PEERS = Object.entries(manifest.peerDependenciesMeta)
  .filter(([, meta]) => meta.optional)
  .map(([name]) => name);
/** The built files allowed to import a peer when they load: the peer's own entry point. */
const OWNS: Record<string, string[]> = {
  'broadcast-bullmq.js': ['bullmq'],
  'callbacks-bullmq.js': ['bullmq'],
};

const builtFiles = ['esm', 'cjs'].flatMap((format) =>
  existsSync(join(root, 'lib', format))
    ? readdirSync(join(root, 'lib', format))
        .filter((name) => name.endsWith('.js'))
        .map((name) => ({ format, name, path: join(root, 'lib', format, name) }))
    : [],
);
const peerOf = (specifier: string) =>
  OPTIONAL_PEERS.find((peer) => specifier === peer || specifier.startsWith(`${peer}/`));

it('the build is there to check (npm run build runs before vitest in npm test)', () => {
  expect(builtFiles.map((f) => `${f.format}/${f.name}`)).toEqual(
    expect.arrayContaining(['esm/index.js', 'esm/cli.js', 'cjs/index.js', 'cjs/testing.js']),
  );
});

describe('no built ESM file imports an optional peer statically, but its own entry point', () => {
  it.each(builtFiles.filter((f) => f.format === 'esm').map((f) => [f.name, f.path]))(
    'lib/esm/%s',
    async (name, path) => {
      // esbuild reads the built file and reports each import with its kind; nothing is written.
      const result = await build({
        entryPoints: [path],
        bundle: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
        platform: 'node',
        format: 'esm',
        plugins: [
          {
            name: 'every-import-external',
            setup(b) {
              b.onResolve({ filter: /.*/ }, (args) =>
                args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
              );
            },
          },
        ],
      });
      const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
      const staticPeers = imports
        .filter((i) => i.kind === 'import-statement' && peerOf(i.path) !== undefined)
        .map((i) => peerOf(i.path));
      expect(staticPeers.filter((peer) => !OWNS[name]?.includes(peer!))).toEqual([]);
    },
  );
});

// Loads each built file in a child process in which the optional peers cannot be found, as in a
// project that did not install them: `require` (the CommonJS build) and `import` (the ESM build).
const blockPeers = `
  import Module, { register } from 'node:module';
  const peers = ${JSON.stringify(OPTIONAL_PEERS)};
  const blocked = (s) => peers.some((p) => s === p || s.startsWith(p + '/'));
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (blocked(request)) throw Object.assign(new Error("Cannot find module '" + request + "'"), { code: 'MODULE_NOT_FOUND' });
    return resolve.call(this, request, ...rest);
  };
  register('data:text/javascript,' + encodeURIComponent(
    'const peers = ' + JSON.stringify(peers) + ';' +
    'export async function resolve(s, c, next) {' +
    '  if (peers.some((p) => s === p || s.startsWith(p + "/"))) throw Object.assign(new Error("Cannot find package \\'" + s + "\\'"), { code: "ERR_MODULE_NOT_FOUND" });' +
    '  return next(s, c);' +
    '}'));
`;

async function loadWithoutPeers(file: { format: string; name: string; path: string }) {
  const load =
    file.name === 'cli.js'
      ? [file.path, '--help']
      : [
          '-e',
          file.format === 'cjs'
            ? `require(${JSON.stringify(file.path)})`
            : `import(${JSON.stringify(pathToFileURL(file.path).href)}).catch((e) => { console.error(e.message); process.exit(1); })`,
        ];
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(blockPeers)}`, ...load],
      { cwd: root },
    );
    return { ok: true, output: stdout };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe('every built file loads in a project without the optional peers', () => {
  it.each(builtFiles.filter((f) => !OWNS[f.name]).map((f) => [`${f.format}/${f.name}`, f]))(
    'lib/%s',
    async (_name, file) => {
      const loaded = await loadWithoutPeers(file);
      expect(loaded.output).not.toMatch(/Cannot find (module|package)/);
      expect(loaded.ok).toBe(true);
      if (file.name === 'cli.js') expect(loaded.output).toMatch(/^kaleyra-wa: /);
    },
  );

  // The same loader refuses a file that does need its peer, so the checks above can fail.
  it.each(builtFiles.filter((f) => OWNS[f.name]).map((f) => [`${f.format}/${f.name}`, f]))(
    'lib/%s needs its peer and says which',
    async (_name, file) => {
      const loaded = await loadWithoutPeers(file);
      expect(loaded.ok).toBe(false);
      expect(loaded.output).toContain(`Cannot find ${file.format === 'cjs' ? 'module' : 'package'} 'bullmq'`);
    },
  );
});

// And with the peers installed (this repository has them), each file that needs one loads: its
// imports of the core bundle name only what the core exports.
describe('every built file that needs a peer loads where it is installed', () => {
  it.each(builtFiles.filter((f) => OWNS[f.name]).map((f) => [`${f.format}/${f.name}`, f]))(
    'lib/%s',
    async (_name, file) => {
      const load =
        file.format === 'cjs'
          ? `require(${JSON.stringify(file.path)})`
          : `import(${JSON.stringify(pathToFileURL(file.path).href)}).catch((e) => { console.error(e.message); process.exit(1); })`;
      const loaded = await promisify(execFile)(process.execPath, ['-e', load], { cwd: root }).then(
        () => ({ ok: true, output: '' }),
        (error: { stderr?: string }) => ({ ok: false, output: String(error.stderr ?? error) }),
      );
      expect(loaded.output).toBe('');
      expect(loaded.ok).toBe(true);
    },
  );
});
