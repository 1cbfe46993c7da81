import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeCallbackHandler } from '../../src/node/index.js';
import type { CallbackEvent } from '../../src/index.js';
import { V2_SENT } from '../callbacks/fixtures.js';
import { freePort, startProcess, type TestProcess } from '../support/processes.js';

// Each framework example runs as a user runs it (tsx, the package imported by name) on a real
// server of that framework, and takes the two delivery forms a callback profile uses.
const TOKEN = 'framework-secret-token-123';
const UPLOAD_QUERY =
  'status="UPLOADED"&resumable_media_id="639"&file_name="image.png"&waba_id="150441234142241"&time="2024-08-05 05:11:05"';
const MESSAGE_ID = 'wamid.HBgMOTE5NDAXXXXXX3MDFQIAERgSMEYxMEM1QjQ3QjXXXXXXQ2N0YA';

const frameworks = [
  { name: 'express', file: 'express-callbacks.ts', status: `express: message ${MESSAGE_ID} is sent` },
  { name: 'fastify', file: 'fastify-callbacks.ts', status: 'fastify: status callback' },
  { name: 'hono', file: 'hono-callbacks.ts', status: 'hono: status callback' },
];

describe.each(frameworks)('examples/$file', ({ name, file, status }) => {
  let server: TestProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = startProcess([`examples/${file}`], { CALLBACK_TOKEN: TOKEN, PORT: String(port) });
    await server.waitFor(`${name}: listening for Kaleyra callbacks`);
  }, 90_000);
  afterAll(() => {
    server?.child.kill();
  });

  it('takes a POST JSON status callback and hands the event over', async () => {
    const response = await fetch(`${base}/kaleyra/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: V2_SENT,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    await server.waitFor(status, { timeoutMs: 10_000 });
  });

  it('takes a GET callback with quoted query values', async () => {
    const response = await fetch(`${base}/kaleyra/${TOKEN}?${UPLOAD_QUERY}`);
    expect(response.status).toBe(200);
    await server.waitFor(name === 'hono' ? 'hono: upload 639 is uploaded' : `${name}: upload callback`, {
      timeoutMs: 10_000,
    });
  });

  it('refuses a wrong token with 401 before reading the body', async () => {
    const response = await fetch(`${base}/kaleyra/wrong-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: V2_SENT,
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(TOKEN);
  });
});

// Express with each of its body parsers in front of the handler, and with none: the event is the
// same either way. Before the parsed-body branch, every one of these parsed cases answered
// `400 unreadable-body`.
describe('createNodeCallbackHandler in Express', () => {
  async function serve(setUp: (app: Express) => void) {
    const events: CallbackEvent[] = [];
    const app = express();
    setUp(app);
    app.post(
      '/kaleyra',
      createNodeCallbackHandler(async (event) => void events.push(event)),
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaleyra`;
    return { events, url, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  async function postStatus(setUp: (app: Express) => void, contentType = 'application/json') {
    const app = await serve(setUp);
    try {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: V2_SENT,
      });
      const body: unknown = await response.json();
      for (let i = 0; i < 100 && app.events.length === 0 && response.ok; i++)
        await new Promise((r) => setTimeout(r, 10));
      return { status: response.status, body, events: app.events };
    } finally {
      await app.close();
    }
  }

  const parsers: Array<[string, (app: Express) => void, string?]> = [
    ['no body parser', () => undefined],
    ['express.json()', (app) => app.use(express.json())],
    ['express.text()', (app) => app.use(express.text({ type: '*/*' }))],
    ['express.raw()', (app) => app.use(express.raw({ type: '*/*' }))],
    ['express.json() on a text/plain body', (app) => app.use(express.json({ type: '*/*' })), 'text/plain'],
  ];

  it.each(parsers)('with %s before the route, the status event arrives', async (_name, setUp, type) => {
    const { status, body, events } = await postStatus(setUp, type);
    expect({ status, body }).toEqual({ status: 200, body: { ok: true } });
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.kind).toBe('status');
    if (event.kind === 'status') {
      expect(event.messageId).toBe(MESSAGE_ID);
      expect(event.status).toBe('sent');
      expect(event.refs.ref).toBe('campaign_2025_summer_sale');
    }
  });

  it('with express.urlencoded(), a form callback keeps its values (quotes removed as for any form)', async () => {
    const app = await serve((a) => a.use(express.urlencoded({ extended: false })));
    try {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: UPLOAD_QUERY,
      });
      expect(response.status).toBe(200);
      for (let i = 0; i < 100 && app.events.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      const event = app.events[0];
      expect(event?.kind).toBe('upload');
      if (event?.kind === 'upload') {
        expect(event.resumableMediaId).toBe('639');
        expect(event.status).toBe('uploaded');
      }
    } finally {
      await app.close();
    }
  });

  it('a middleware that read the stream and left no req.body is refused at once (400), not after the body timeout (408)', async () => {
    const { status, body, events } = await postStatus((app) =>
      app.use((req, _res, next) => {
        req.resume();
        req.once('end', () => next());
      }),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error: 'unreadable-body' });
    expect(events).toHaveLength(0);
  });
});
