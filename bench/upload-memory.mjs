// Peak memory of uploading a 100 MB file, compared across ways of sending it.
//
//   npm run build && node bench/upload-memory.mjs [sizeInMB]   (the SDK runs from lib/, as users run it)
//
// Each way runs in its own child process so its peak RSS is its own. The parent runs a sink
// server that counts bytes without keeping them. Not a test: numbers vary by machine; the
// ratio to the baseline is what matters.
// Goals (issue 8): the SDK's upload from a path peaks at most 32 MiB above a process that sends one
// small request with fetch, and takes at most twice curl's wall time.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === 'child') {
  await runChild(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await runParent(Number(process.argv[2] ?? 100));
}

async function runChild(mode, path, url) {
  let response;
  if (mode === 'openAsBlob+FormData') {
    const { openAsBlob } = await import('node:fs');
    const form = new FormData();
    form.append('type', 'video/mp4');
    form.append('file', await openAsBlob(path, { type: 'video/mp4' }), 'clip.mp4');
    response = await fetch(url, { method: 'POST', body: form });
  } else if (mode === 'readFile+FormData') {
    const { readFile } = await import('node:fs/promises');
    const form = new FormData();
    form.append('type', 'video/mp4');
    form.append('file', new Blob([await readFile(path)], { type: 'video/mp4' }), 'clip.mp4');
    response = await fetch(url, { method: 'POST', body: form });
  } else if (mode === 'fileFromPath+multipart') {
    const { fileFromPath } = await import('../src/node/index.ts');
    const { createMultipartBody } = await import('../src/files/multipart-body.ts');
    const file = await fileFromPath(path);
    const body = createMultipartBody([
      { name: 'type', value: file.type },
      { name: 'file', file },
    ]);
    response = await fetch(url, {
      method: 'POST',
      body: body.stream(),
      duplex: 'half',
      headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
      redirect: 'error',
    });
  } else if (mode === 'sdk uploadResumable') {
    // The whole SDK path: validation, openapi-fetch, the retry/timeout runner, the streamed body.
    // The built package, as users run it (npm run build first): no loader compiling src/ at start.
    const { fileFromPath } = await import('../lib/esm/node.js');
    const { createKaleyraClient } = await import('../lib/esm/index.js');
    const client = createKaleyraClient({
      sid: 'HXAP16XXXXXX97IN',
      apiKey: 'bench-key-0123456789',
      baseUrl: new URL(url).origin,
      timeoutMs: 120_000,
    });
    const started = performance.now();
    await client.media.uploadResumable({ wabaId: '150441234142241', file: await fileFromPath(path) });
    process.stdout.write(
      `maxRSS_KB=${process.resourceUsage().maxRSS}\nupload_ms=${performance.now() - started}\n`,
    );
    return;
  } else if (mode === 'one-request fetch') {
    // What any process that uses fetch at all costs: Node, the SDK's import, undici, one small POST.
    await import('../lib/esm/index.js');
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"small":true}',
    });
  } else if (mode === 'idle') {
    // Node + loader start-up cost, for reading the others' numbers.
    await import('../src/node/index.ts');
    await import('../src/files/multipart-body.ts');
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  if (response && response.status !== 202) throw new Error(`sink answered ${response.status}`);
  await response?.arrayBuffer();
  process.stdout.write(`maxRSS_KB=${process.resourceUsage().maxRSS}\n`);
}

async function runParent(sizeMB) {
  const dir = await mkdtemp(join(tmpdir(), 'kaleyra-bench-'));
  const path = join(dir, 'clip.mp4');
  // Decimal megabytes: the resumable upload's limit is 100 000 000 bytes, and the SDK enforces it.
  const expectedHash = await writeTestFile(path, sizeMB * 1_000_000);

  const received = [];
  const sink = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      received.push({
        bytes,
        chunked: req.headers['transfer-encoding'] === 'chunked',
        declared: req.headers['content-length'],
      });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"code":"WA202"}');
    });
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${sink.address().port}/upload`;

  const timeBin =
    existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0
      ? '/usr/bin/time'
      : undefined;
  const curl = spawnSync('curl', ['--version']).status === 0;
  const tsx = '--import=tsx';

  const runs = [
    {
      label: 'idle (node + tsx, nothing sent)',
      cmd: process.execPath,
      args: [tsx, self, 'child', 'idle', path, url],
    },
    {
      label: 'one-request fetch (small JSON)',
      cmd: process.execPath,
      args: [self, 'child', 'one-request fetch', path, url],
      oneRequest: true,
    },
    {
      label: 'baseline: fs.openAsBlob + FormData',
      cmd: process.execPath,
      args: [tsx, self, 'child', 'openAsBlob+FormData', path, url],
      baseline: true,
    },
    {
      label: 'fileFromPath + createMultipartBody',
      cmd: process.execPath,
      args: [tsx, self, 'child', 'fileFromPath+multipart', path, url],
    },
    {
      label: 'SDK media.uploadResumable',
      cmd: process.execPath,
      args: [self, 'child', 'sdk uploadResumable', path, url],
    },
    {
      label: 'naive: readFile + Blob + FormData',
      cmd: process.execPath,
      args: [tsx, self, 'child', 'readFile+FormData', path, url],
    },
  ];
  if (curl)
    runs.push({
      label: 'curl -F file=@',
      cmd: 'curl',
      args: ['-sS', '-o', '/dev/null', '-F', 'type=video/mp4', '-F', `file=@${path};type=video/mp4`, url],
    });

  const results = [];
  for (const run of runs) {
    const before = received.length;
    const started = process.hrtime.bigint();
    const { stdout, stderr, code } = await spawnCollect(
      timeBin ?? run.cmd,
      timeBin ? ['-v', run.cmd, ...run.args] : run.args,
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${run.label} exited ${code}\n${stderr}`);
    const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
    const fromChild = /maxRSS_KB=(\d+)/.exec(stdout)?.[1];
    const peakKB = Number(fromTime ?? fromChild);
    const got = received[before];
    const uploadMs = Number(/upload_ms=([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    results.push({
      ...run,
      peakKB,
      seconds,
      uploadMs,
      got,
      source: fromTime ? '/usr/bin/time -v' : 'resourceUsage().maxRSS',
    });
  }

  const baseline = results.find((r) => r.baseline);
  console.log(`file: ${sizeMB} MB (${sizeMB * 1_000_000} bytes), sha256 ${expectedHash.slice(0, 16)}…`);
  console.log(`peak RSS measured with ${results[0].source}\n`);
  console.log(
    'way'.padEnd(40),
    'peak RSS'.padStart(10),
    'vs baseline'.padStart(12),
    'time'.padStart(8),
    '  body received',
  );
  for (const r of results) {
    const body = r.got
      ? `${r.got.bytes} B${r.got.chunked ? ', chunked' : `, content-length ${r.got.declared === String(r.got.bytes) ? 'exact' : 'WRONG'}`}`
      : '—';
    console.log(
      r.label.padEnd(40),
      `${(r.peakKB / 1024).toFixed(1)} MB`.padStart(10),
      `${(r.peakKB / baseline.peakKB).toFixed(2)}×`.padStart(12),
      `${r.seconds.toFixed(2)}s`.padStart(8),
      ' ',
      body,
    );
  }

  const oneRequest = results.find((r) => r.oneRequest);
  const sdk = results.find((r) => r.label === 'SDK media.uploadResumable');
  const curlRun = results.find((r) => r.label.startsWith('curl'));
  const overMiB = (sdk.peakKB - oneRequest.peakKB) / 1024;
  console.log(
    `\nSDK upload peak RSS - one-request fetch process = ${overMiB.toFixed(1)} MiB (goal <= 32: ${overMiB <= 32 ? 'met' : 'NOT met'})`,
  );
  if (curlRun) {
    // "Within 2x curl's plus process start": process start is what a process that loads the SDK and
    // sends one small request takes (the one-request run); the upload call is also timed inside its process.
    const allowed = 2 * curlRun.seconds + oneRequest.seconds;
    console.log(
      `SDK upload process ${sdk.seconds.toFixed(2)} s vs 2 x curl (${curlRun.seconds.toFixed(2)} s) + process start (${oneRequest.seconds.toFixed(2)} s) = ${allowed.toFixed(2)} s (${sdk.seconds <= allowed ? 'met' : 'NOT met'})`,
    );
    const ratio = sdk.uploadMs / 1000 / curlRun.seconds;
    console.log(
      `the uploadResumable call alone: ${(sdk.uploadMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)} x curl's whole run`,
    );
  }

  sink.close();
  sink.closeAllConnections();
  await rm(dir, { recursive: true, force: true });
}

async function writeTestFile(path, size) {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  // An ftyp box first, so the sniffer sees an MP4; the rest is cheap varied filler.
  Buffer.from([0, 0, 0, 16, ...Buffer.from('ftypisom'), 0, 0, 0, 0]).copy(chunk);
  for (let written = 0; written < size; written += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - written));
    if (written > 0) piece.fill(written & 0xff);
    hash.update(piece);
    if (!out.write(piece)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return hash.digest('hex');
}

function spawnCollect(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: join(self, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}
