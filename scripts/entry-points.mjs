// The package's entry points: the one list the build, package.json's "exports" and the benches read.
// Adding an entry point is one line here; `npm run build` then writes its "exports" entry.
//   subpath: what users import ('kaleyra-whatsapp' + subpath)
//   source:  the TypeScript file it is built from, bundled into one ESM and one CommonJS file
//   name:    the bundle's file name under lib/esm and lib/cjs
export const entryPoints = [
  { subpath: '.', source: 'src/index.ts', name: 'index' },
  { subpath: './node', source: 'src/node/index.ts', name: 'node' },
  { subpath: './testing', source: 'src/testing/index.ts', name: 'testing' },
  { subpath: './broadcast', source: 'src/broadcast/index.ts', name: 'broadcast' },
  { subpath: './broadcast/bullmq', source: 'src/broadcast/bullmq/index.ts', name: 'broadcast-bullmq' },
  { subpath: './callbacks/bullmq', source: 'src/callbacks/bullmq/index.ts', name: 'callbacks-bullmq' },
];

// The command line: ESM only, not importable, shipped as the `kaleyra-wa` bin.
export const cliEntry = { source: 'src/cli/bin.ts', name: 'cli' };
