import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockFront, type MockFront } from '../../src/cli/mock-front.js';
import { loadSpec } from '../../src/testing/spec-document.js';
import { defaultSpecPath, startPrism, type PrismServer } from '../support/prism.js';

// Malformed multipart bodies of the kinds Schemathesis' negative phase sends, as raw bytes (node:http
// writes a Buffer body untouched), through the mock front and the Prism behind it. Prism's own
// multipart parser throws outside any handler on some of them and its process dies, so the front must
// refuse what it cannot parse and pass on only what Prism can. One Prism serves every case, in order:
// a case that killed it would fail every case after it.
const SID = 'HXAP16XXXXXX97IN';
const MEDIA = `/v2/${SID}/whatsapp/+919876543210/media`;
const V1_TEMPLATE = `/v1/${SID}/whatsapp/template`;
const V2_SEND = `/v2/${SID}/whatsapp/+919876543210/messages`;
const BOUNDARY = 'XyZ';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

const part = (headers: string, value: string) => `--${BOUNDARY}\r\n${headers}\r\n\r\n${value}\r\n`;
const close = `--${BOUNDARY}--\r\n`;
const filePart = (disposition = 'form-data; name="file"; filename="a.png"') =>
  part(`Content-Disposition: ${disposition}\r\nContent-Type: image/png`, 'PNG');
const typePart = part('Content-Disposition: form-data; name="type"', 'image/png');
const validUpload = filePart() + typePart + close;

interface Answer {
  status: number;
  body: { code?: string; message?: string; error?: unknown };
  violations: string | undefined;
}

let prism: PrismServer;
let front: MockFront;

function post(path: string, contentType: string, body: Buffer | string): Promise<Answer> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return new Promise((resolve, reject) => {
    const sent = request(
      `${front.url}${path}`,
      {
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': bytes.length, 'api-key': 'test-key' },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text),
            violations: response.headers['sl-violations'] as string | undefined,
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(bytes);
  });
}

async function prismAnswers(): Promise<boolean> {
  try {
    await (await fetch(`${prism.url}/`)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  prism = await startPrism();
  front = await startMockFront({
    doc: loadSpec(defaultSpecPath),
    prismUrl: Promise.resolve(prism.url),
    host: '127.0.0.1',
    port: 0,
    log: () => undefined,
  });
}, 90_000);
afterAll(async () => {
  await front?.close();
  await prism?.close();
});

describe('the mock front refuses a multipart body it cannot parse, with WA400 naming the problem', () => {
  const cases: [string, string, string, string | Buffer, RegExp][] = [
    ['no boundary in Content-Type', MEDIA, 'multipart/form-data', validUpload, /boundary/],
    [
      'a boundary the body does not use',
      MEDIA,
      'multipart/form-data; boundary=Other',
      validUpload,
      /boundary/,
    ],
    [
      'a boundary that is only a prefix of the one used',
      MEDIA,
      'multipart/form-data; boundary=Xy',
      validUpload,
      /boundary/,
    ],
    ['an empty body', MEDIA, MULTIPART, '', /boundary/],
    ['a body cut before its closing boundary', MEDIA, MULTIPART, filePart() + typePart, /closing boundary/],
    [
      'a body cut inside a part',
      MEDIA,
      MULTIPART,
      filePart() + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="type"\r\n\r\nimage/`,
      /closing boundary/,
    ],
    [
      'a body cut inside part headers',
      MEDIA,
      MULTIPART,
      filePart() + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="type"\r\n`,
      /headers/,
    ],
    [
      'a part without a name',
      MEDIA,
      MULTIPART,
      filePart('form-data; filename="a.png"') + typePart + close,
      /name/,
    ],
    [
      'a part without Content-Disposition',
      MEDIA,
      MULTIPART,
      part('Content-Type: text/plain', 'image/png') + filePart() + close,
      /Content-Disposition/,
    ],
    [
      'a part name with a semicolon (Prism would read a file name out of it and crash)',
      MEDIA,
      MULTIPART,
      filePart() + typePart + part('Content-Disposition: form-data; name="a;b=c"', 'v') + close,
      /a;b=c/,
    ],
    [
      'a part name with a semicolon on the open v1 template form',
      V1_TEMPLATE,
      MULTIPART,
      part('Content-Disposition: form-data; name="x;y=1"', 'v') + close,
      /x;y=1/,
    ],
    [
      'a field value that is not UTF-8',
      MEDIA,
      MULTIPART,
      Buffer.concat([
        Buffer.from(filePart() + `--${BOUNDARY}\r\nContent-Disposition: form-data; name="type"\r\n\r\n`),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(`\r\n${close}`),
      ]),
      /UTF-8/,
    ],
    [
      'a text part where the document wants a file',
      MEDIA,
      MULTIPART,
      part('Content-Disposition: form-data; name="file"', 'PNG') + typePart + close,
      /file/,
    ],
  ];

  it.each(cases)('%s', async (_, path, contentType, body, problem) => {
    const answer = await post(path, contentType, body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('WA400');
    expect(answer.body.message).toMatch(problem);
    // The front answered: Prism, which explains its 400s in `sl-violations`, never saw the body.
    expect(answer.violations).toBeUndefined();
    expect(await prismAnswers()).toBe(true);
  });

  it("refuses a JSON body that does not parse with WA400, not Prism's own invalid_json", async () => {
    const answer = await post(V2_SEND, 'application/json', '{"messaging_object": ');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('WA400');
    expect(answer.body.message).toMatch(/JSON/);
  });
});

describe('the mock front passes Prism only what Prism can parse', () => {
  // Prism's parser JSON.parses the file name it splits out of the header at `;` and `=`: each of
  // these killed its process. The front checks the real name and hands Prism a plain stand-in.
  const names: [string, string][] = [
    ['an equals sign', 'filename="a=b.png"'],
    ['a semicolon', 'filename="a;b.png"'],
    ['a tab', 'filename="a\tb.png"'],
    ['a backslash', 'filename="a\\qb.png"'],
    ['no quotes', 'filename=a.png'],
    ['non-ASCII bytes', 'filename="\xe9t\xe9.png"'],
  ];
  it.each(names)('accepts an upload whose file name has %s, and Prism lives on', async (_, filename) => {
    const answer = await post(
      MEDIA,
      MULTIPART,
      filePart(`form-data; name="file"; ${filename}`) + typePart + close,
    );
    expect(answer.status).toBe(202);
    expect(await prismAnswers()).toBe(true);
  });

  it('still validates the parts it passes on (a file part where a text field belongs)', async () => {
    const fileAsType = part(
      'Content-Disposition: form-data; name="type"; filename="t.txt"\r\nContent-Type: text/plain',
      'image/png',
    );
    const answer = await post(MEDIA, MULTIPART, filePart() + fileAsType + close);
    expect(answer.status).toBe(400);
    expect(answer.violations).toBeDefined();
  });

  it('answers later requests after a client hangs up in the middle of a body', async () => {
    const port = Number(new URL(front.url).port);
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST ${MEDIA} HTTP/1.1\r\nhost: mock\r\napi-key: k\r\ncontent-type: ${MULTIPART}\r\n` +
            `content-length: ${validUpload.length}\r\n\r\n${validUpload.slice(0, 40)}`,
        );
        socket.end();
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    expect((await post(MEDIA, MULTIPART, validUpload)).status).toBe(202);
  });
});

describe('the mock front with methods fetch cannot forward', () => {
  it.each(['TRACE'])('answers %s with 405, as Prism does for a method the document lacks', async (method) => {
    const status = await new Promise<number>((resolve, reject) => {
      const sent = request(
        `${front.url}/v1/${SID}/callback/profiles`,
        { method, headers: { 'api-key': 'k' } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on('error', reject);
      sent.end();
    });
    expect(status).toBe(405);
  });
});

it('drops a body sent with GET, as the method gives it no meaning, and answers like Prism', async () => {
  const answer = await new Promise<number>((resolve, reject) => {
    const bytes = Buffer.from(validUpload, 'latin1');
    const sent = request(
      `${front.url}/v2/${SID}/whatsapp/+919876543210/media`,
      {
        method: 'GET',
        headers: { 'api-key': 'k', 'content-type': MULTIPART, 'content-length': bytes.length },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    sent.on('error', reject);
    sent.end(bytes);
  });
  // The path has no GET operation: Prism's 405, not a 502 from fetch refusing a GET with a body.
  expect(answer).toBe(405);
});
