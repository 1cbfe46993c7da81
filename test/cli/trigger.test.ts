import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCallback, verifyBasicAuth, verifyCallbackToken, type CallbackEvent } from '../../src/index.js';
import { CALLBACK_EVENTS } from '../../src/testing/index.js';
import { bundledSpec } from '../spec/support/spec-validator.js';
import {
  startRecordingServer,
  type RecordedRequest,
  type RecordingServer,
} from '../support/recording-server.js';
import { runCli } from './run-cli.js';

// The event each of the spec's webhooks stands for (as in test/callbacks/spec-webhooks.test.ts).
const KIND_OF_WEBHOOK: Record<string, CallbackEvent['kind']> = {
  v1MessageStatus: 'status',
  v2MessageStatus: 'status',
  v2IncomingMessage: 'incoming',
  incomingMessageFields: 'incoming',
  resumableMediaStatus: 'upload',
  templateStatus: 'template',
  phoneNumberQualityUpdate: 'limit',
};

let receiver: RecordingServer;
beforeAll(async () => {
  receiver = await startRecordingServer();
});
afterAll(() => receiver.close());

/** The request the receiver got, as the web Request parseCallback reads. */
function asWebRequest(recorded: RecordedRequest): Request {
  const init: RequestInit = { method: recorded.method, headers: recorded.headers };
  if (recorded.method !== 'GET') init.body = new Uint8Array(recorded.body);
  return new Request(`http://receiver.test${recorded.path}`, init);
}

async function trigger(...args: string[]) {
  const before = receiver.requests.length;
  const run = await runCli(['trigger', ...args]);
  return { run, received: receiver.requests.slice(before) };
}

describe('kaleyra-wa trigger', () => {
  it('has an event for every webhook in the spec, and every form the issue names', () => {
    const webhooks = Object.keys(bundledSpec().webhooks as object);
    expect(new Set(CALLBACK_EVENTS.map((event) => event.webhook))).toEqual(new Set(webhooks));
    const names = CALLBACK_EVENTS.map((event) => event.name);
    for (const name of [
      'v1.status',
      'status.sent',
      'status.delivered',
      'status.read',
      'status.failed',
      'upload.status',
      'template.status',
      'quality.update',
    ])
      expect(names).toContain(name);
    for (const type of [
      'text',
      'image',
      'document',
      'audio',
      'video',
      'sticker',
      'location',
      'contacts',
      'button',
      'list_reply',
      'reaction',
    ])
      expect(names).toContain(`incoming.${type}`);
  });

  it('--list prints every event with its method', async () => {
    const { code, stdout } = await runCli(['trigger', '--list']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(CALLBACK_EVENTS.length);
    for (const event of CALLBACK_EVENTS)
      expect(stdout).toMatch(new RegExp(`^${event.name.replace('.', '\\.')}\\s+${event.method}\\s`, 'm'));
  });

  it.each(CALLBACK_EVENTS.map((event) => [event.name, event] as const))(
    '%s arrives as Kaleyra sends it and parses to the kind its webhook is',
    async (name, event) => {
      const { run, received } = await trigger(
        name,
        '--url',
        `${receiver.url}/kaleyra`,
        '--message-id',
        'A1B2C3D4E5F6',
        '--to',
        '+919800000001',
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toBe(`${name}: ${event.method} ${receiver.url}/kaleyra -> HTTP 202\n`);
      expect(received).toHaveLength(1);
      expect(received[0]!.method).toBe(event.method);
      if (event.method === 'POST') expect(received[0]!.headers['content-type']).toBe('application/json');
      const parsed = await parseCallback(asWebRequest(received[0]!));
      if (!parsed.ok) throw new Error(`${name} was rejected: ${parsed.rejection.message}`);
      expect(parsed.event.kind).toBe(KIND_OF_WEBHOOK[event.webhook]);
      const e = parsed.event;
      if (e.kind === 'status') {
        expect(e.messageId).toBe('A1B2C3D4E5F6');
        expect(e.status).toBe(name === 'v1.status' ? 'delivered' : name.split('.')[1]);
        if (e.status === 'failed') expect(e.errors[0]?.code).toBe('131047');
        if (e.apiVersion === 'v2') expect(e.recipient).toBe('919800000001');
      }
      if (e.kind === 'incoming') {
        expect(e.from).toBe('919800000001');
        if (name !== 'incoming.fields')
          expect(e.message.type).toBe(name === 'incoming.list_reply' ? 'list_reply' : name.split('.')[1]);
      }
    },
  );

  it('sends the profile Basic auth and token as configured', async () => {
    const { run, received } = await trigger(
      'status.read',
      '--url',
      `${receiver.url}/kaleyra`,
      '--basic-auth',
      'kaleyra:s3cret',
      '--token',
      'tok-123',
    );
    expect(run.code).toBe(0);
    const request = asWebRequest(received[0]!);
    expect(await verifyBasicAuth(request, { username: 'kaleyra', password: 's3cret' })).toBe(true);
    expect(await verifyCallbackToken(request, { token: 'tok-123' })).toBe(true);
    expect(run.stdout).not.toContain('tok-123');
  });

  it('refuses an unknown event with one line and exit 2, sending nothing', async () => {
    const { run, received } = await trigger('status.teleported', '--url', `${receiver.url}/kaleyra`);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'error: unknown event "status.teleported": kaleyra-wa trigger --list lists them',
    );
    expect(received).toHaveLength(0);
  });

  it('refuses a missing or malformed --url with exit 2', async () => {
    expect((await runCli(['trigger', 'status.sent'])).code).toBe(2);
    expect((await runCli(['trigger', 'status.sent', '--url', 'not a url'])).stderr).toMatch(
      /^error: --url must be an http\(s\) URL/,
    );
  });

  it('says in one line when the URL cannot be reached, exit 1', async () => {
    const closed = await startRecordingServer();
    const url = `${closed.url}/kaleyra`;
    await closed.close();
    const run = await runCli(['trigger', 'status.sent', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: could not reach ${url}: ECONNREFUSED\n`);
  });

  it('exits 1 when the receiver refuses the callback', async () => {
    receiver.respondWith({ status: 401, body: 'no' });
    const { run } = await trigger('status.sent', '--url', `${receiver.url}/kaleyra`);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('error: the receiver answered HTTP 401 to status.sent\n');
  });
});
