// Run by test/runtimes/deno-bun.test.ts under Deno and Bun: the built ESM package, used the way an
// application on those runtimes would, against the recording server named by SINK.
/* global Deno */
import { createKaleyraClient, parseCallback } from '../../lib/esm/index.js';

const sink = typeof Deno !== 'undefined' ? Deno.env.get('SINK') : process.env.SINK;
const client = createKaleyraClient({
  sid: 'HXAP16XXXXXX97IN',
  apiKey: 'runtime-key',
  baseUrl: sink,
  from: '+919876543210',
  maxRetries: 0,
});

const result = {};
result.text = await client.v2Messages.sendText({ to: '+919812345678', body: 'hello from another runtime' });
const png = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  0,
  0,
  0,
  13,
  73,
  72,
  68,
  82,
  ...new Array(64).fill(7),
]);
result.upload = await client.media.uploadResumable({
  wabaId: '150441234142241',
  file: png,
  name: 'logo.png',
});
const callback = await parseCallback(
  new Request(
    'https://receiver.example/kaleyra?status="UPLOADED"&resumable_media_id="639"&waba_id="150441234142241"',
  ),
);
result.callback = callback.ok
  ? { kind: callback.event.kind, status: callback.event.status }
  : callback.rejection;
result.refused = await client.v2Messages.sendText({ to: 'nobody', body: 'x' }).then(
  () => 'sent',
  (error) => `${error.name}:${error.field}:${error.rule}`,
);
console.log(JSON.stringify(result));
