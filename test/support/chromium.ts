import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

// Headless Chromium, driven by playwright-core, found without ever downloading a browser (never
// `npx playwright install`), in this order:
//   1. CHROMIUM_PATH, when set (a missing file there is an error, not a fallback);
//   2. /usr/bin/chromium (Debian's `chromium` package);
//   3. the chrome-headless-shell that @sparticuz/chromium (a devDependency) ships inside its npm
//      tarball for Linux x64, unpacked once into the temp directory with its own API.
// Where none can run (macOS, Windows, Linux on ARM without a system Chromium) the browser suites skip,
// saying so in one line, and the rest of `npm test` runs.
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export interface ChromiumChoice {
  executablePath: string;
  source: string;
  env?: Record<string, string>;
}

/** Why no Chromium can run on this machine, or undefined when one can. Computed without launching. */
export function chromiumUnavailableReason(): string | undefined {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return undefined;
  if (process.platform === 'linux' && process.arch === 'x64') return undefined;
  return `no Chromium on ${process.platform}-${process.arch}: set CHROMIUM_PATH to run the browser suites (@sparticuz/chromium ships Linux x64 only)`;
}

/** `describe` for a suite that needs Chromium: skipped, with one line saying why, where none can run. */
export function browserSuiteSkipReason(suite: string): string | undefined {
  const reason = chromiumUnavailableReason();
  if (reason) console.info(`${suite}: skipped, ${reason}`);
  return reason;
}

let choice: Promise<ChromiumChoice> | undefined;

export function findChromium(): Promise<ChromiumChoice> {
  choice ??= resolveChromium();
  return choice;
}

async function resolveChromium(): Promise<ChromiumChoice> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured))
      throw new Error(`CHROMIUM_PATH is set to ${configured}, which does not exist.`);
    return { executablePath: configured, source: 'CHROMIUM_PATH' };
  }
  if (existsSync('/usr/bin/chromium'))
    return { executablePath: '/usr/bin/chromium', source: '/usr/bin/chromium' };
  const reason = chromiumUnavailableReason();
  if (reason) throw new Error(reason);
  return unpackSparticuzChromium();
}

// @sparticuz/chromium unpacks into a fixed path (<tmp>/chromium). Two suites, or two checkouts on one
// machine, may ask at once, and a half-written binary must not be launched: a lock directory serialises
// the unpacking (a lock older than two minutes is taken as left by a killed process).
async function unpackSparticuzChromium(): Promise<ChromiumChoice> {
  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const lock = join(tmpdir(), 'kaleyra-whatsapp-chromium.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - statSafe(lock) > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${lock} (another process unpacking Chromium)`);
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  try {
    const executablePath = await Sparticuz.executablePath();
    const env: Record<string, string> = {
      FONTCONFIG_PATH: process.env.FONTCONFIG_PATH ?? join(tmpdir(), 'fonts'),
    };
    // The shell needs only NSS, NSPR and expat from the system. Where they are missing (a bare image),
    // the package's Amazon Linux copies of those libraries are unpacked beside it and put on the path.
    if (!runs(executablePath, process.env)) {
      const libs = unpackBundledLibraries();
      env.LD_LIBRARY_PATH = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
      if (!runs(executablePath, { ...process.env, ...env }))
        throw new Error(`${executablePath} from @sparticuz/chromium does not start on this machine`);
    }
    return { executablePath, source: '@sparticuz/chromium', env };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function statSafe(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function runs(executablePath: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync(executablePath, ['--version'], { env, encoding: 'utf8', timeout: 30_000 }).status === 0;
}

/** al2023.tar.br (brotli-compressed tar of a dozen regular files) into <tmp>/kaleyra-whatsapp-chromium-lib. */
function unpackBundledLibraries(): string {
  const out = join(tmpdir(), 'kaleyra-whatsapp-chromium-lib');
  // The package's entry is <package>/build/cjs/index.cjs; its archives are in <package>/bin.
  const archive = join(
    dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')),
    '..',
    '..',
    'bin',
    'al2023.tar.br',
  );
  const tar = brotliDecompressSync(readFileSync(archive));
  mkdirSync(out, { recursive: true });
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if ((type === '0' || type === '\0') && !name.includes('..')) {
      writeFileSync(join(out, name.split('/').pop()!), tar.subarray(at + 512, at + 512 + size), {
        mode: 0o755,
      });
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    executablePath: found.executablePath,
    args: chromiumArgs,
    timeout: 60_000,
    ...(found.env ? { env: { ...process.env, ...found.env } } : {}),
  });
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves one directory read-only on 127.0.0.1 (a page served over http behaves like the deployed one, unlike file://). */
export async function serveDirectory(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const base = resolve(dir);
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(base, pathname));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-length': size,
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
