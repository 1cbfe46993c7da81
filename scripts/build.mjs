// Builds the package: one bundled file per entry point (scripts/entry-points.mjs) for ESM (lib/esm)
// and CommonJS (lib/cjs), plus the CLI, with tsc's declarations beside each. Bundling matters for
// start-up: Node resolves and compiles one file instead of a hundred (see bench/import-time.mjs).
// It also writes package.json's "exports", "main", "module" and "types" from the entry list when they
// differ, so a new entry point is one line in scripts/entry-points.mjs.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliEntry, entryPoints } from './entry-points.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [
  ...Object.keys(manifest.dependencies ?? {}),
  ...Object.keys(manifest.peerDependencies ?? {}),
  ...Object.keys(manifest.optionalDependencies ?? {}),
];

rmSync('lib', { recursive: true, force: true });

// Declarations: tsc writes lib/esm/types; a copy under lib/cjs (whose package.json says "commonjs")
// gives `require` users declarations of the right module kind.
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
cpSync('lib/esm/types', 'lib/cjs/types', { recursive: true });
writeFileSync('lib/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');

// An entry other than the core must throw the core's error classes, not copies of them, or
// `error instanceof KaleyraValidationError` would be false for an error from `kaleyra-whatsapp/node`.
// So its imports of src/errors become imports of the core bundle beside it (./index.js in the same
// format); everything else it uses is bundled into it.
const coreEntry = entryPoints.find((e) => e.subpath === '.');
const errorsDir = join(root, 'src', 'errors') + '/';
const coreErrorsFromCoreBundle = {
  name: 'core-errors-from-core-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      return target.startsWith(errorsDir) && !args.importer.startsWith(errorsDir)
        ? { path: `./${coreEntry.name}.js`, external: true }
        : undefined;
    });
  },
};

// In a "type": "module" package esbuild compiles `import x from 'cjs-package'` the way Node's ESM does
// (x = module.exports). The CommonJS build needs the other convention, x = exports.default, as tsc's
// esModuleInterop gives: openapi-fetch's CommonJS build exports its client as `default`. Routing each
// external package through a re-exporting module outside the package (so outside Node's convention)
// restores it.
const commonjsInterop = {
  name: 'commonjs-interop',
  setup(b) {
    const packages = new RegExp(
      `^(${external.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(/.*)?$`,
    );
    b.onResolve({ filter: packages }, (args) =>
      args.namespace === 'commonjs-interop'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'commonjs-interop' },
    );
    b.onLoad({ filter: /.*/, namespace: 'commonjs-interop' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)}; export { default } from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

// The CLI loads the package's entry points as the files beside it (lib/esm/index.js, broadcast.js, ...),
// the way a user's code does, instead of bundling copies of them. This is also what keeps its lazy
// `import('../broadcast/bullmq/index.js')` lazy: esbuild inlines a bundled module that is imported
// lazily, and in ESM output that module's own `import ... from 'bullmq'` is hoisted to the top of the
// bundle, where Node loads it on every command. An external file stays a real `import()`.
const entryBundles = new Map(entryPoints.map((e) => [resolve(root, e.source), `./${e.name}.js`]));
const entryPointsFromTheirBundles = {
  name: 'entry-points-from-their-bundles',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
      const bundle = entryBundles.get(target);
      return bundle ? { path: bundle, external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  target: 'es2022',
  keepNames: true,
  logLevel: 'warning',
  legalComments: 'none',
};
for (const entry of entryPoints) {
  const isCore = entry.subpath === '.';
  for (const format of ['esm', 'cjs']) {
    await build({
      ...common,
      entryPoints: [entry.source],
      outfile: `lib/${format}/${entry.name}.js`,
      format,
      // The core must stay web-standard: on the neutral platform a Node built-in import fails the build.
      platform: isCore ? 'neutral' : 'node',
      external: isCore ? external : [...external, ...builtinModules, 'node:*'],
      plugins: [
        ...(isCore ? [] : [coreErrorsFromCoreBundle]),
        ...(format === 'cjs' ? [commonjsInterop] : []),
      ],
    });
  }
}
await build({
  ...common,
  entryPoints: [cliEntry.source],
  outfile: `lib/esm/${cliEntry.name}.js`,
  format: 'esm',
  platform: 'node',
  external: [...external, ...builtinModules, 'node:*'],
  plugins: [entryPointsFromTheirBundles, coreErrorsFromCoreBundle],
});

// package.json, derived from the list above.
const typesOf = (format, source) => `./lib/${format}/types/${source.replace(/\.ts$/, '.d.ts')}`;
const exportsField = {};
for (const entry of entryPoints) {
  exportsField[entry.subpath] = {
    import: { types: typesOf('esm', entry.source), default: `./lib/esm/${entry.name}.js` },
    require: { types: typesOf('cjs', entry.source), default: `./lib/cjs/${entry.name}.js` },
  };
}
for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
  if (typeof target === 'string') exportsField[subpath] = target; // files shipped as they are: the spec, package.json
}
const wanted = {
  main: `./lib/cjs/${coreEntry.name}.js`,
  module: `./lib/esm/${coreEntry.name}.js`,
  types: typesOf('cjs', coreEntry.source),
  exports: exportsField,
  bin: { ...manifest.bin, 'kaleyra-wa': `./lib/esm/${cliEntry.name}.js` },
};
const changed = Object.keys(wanted).filter(
  (key) => JSON.stringify(manifest[key]) !== JSON.stringify(wanted[key]),
);
if (changed.length > 0) {
  writeFileSync('package.json', JSON.stringify({ ...manifest, ...wanted }, null, 2) + '\n');
  console.log(`build: updated package.json ${changed.join(', ')} from scripts/entry-points.mjs`);
}
console.log(
  `built lib/esm and lib/cjs: ${entryPoints.map((e) => e.subpath).join(', ')} and the kaleyra-wa CLI`,
);
