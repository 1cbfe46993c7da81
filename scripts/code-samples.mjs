// Code samples for every operation of the bundled document: curl, the TypeScript SDK and, where the
// command line covers the operation, `kaleyra-wa`. Each is built from the operation's first request
// example (the one the reference shows first), so the samples say exactly what the examples say.
// scripts/docs.mjs puts them in the reference as `x-codeSamples`; test/docs/code-samples.test.ts
// type-checks the TypeScript ones and runs all three kinds against the mock.

export const SAMPLE_HOST = 'https://api.in.kaleyra.io';

// Values for path and query parameters the document gives no example for.
const PARAMETER_VALUES = {
  sid: 'HXAP16XXXXXX97IN',
  phone_number: '+919876543210',
  waba_id: '150441234142241',
  flow_id: '1121234567890207',
  name: 'order_update',
};

// The file a multipart sample uploads, named after the example's declared type. The test creates it.
const SAMPLE_FILES = {
  'image/png': './image.png',
  'image/jpeg': './image.jpg',
  'image/jpg': './image.jpg',
  'application/pdf': './document.pdf',
  'video/mp4': './video.mp4',
};
export const sampleFile = (o) => SAMPLE_FILES[o.body?.type] ?? './image.png';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// The CLI asks for numbers with their + (a number typed without its country code is the likelier
// mistake on a command line); the spec's examples print some without it.
const withPlus = (number) => (String(number).startsWith('+') ? String(number) : `+${number}`);

function resolveRef(spec, value) {
  let node = value;
  for (
    let depth = 0;
    node && typeof node === 'object' && typeof node.$ref === 'string' && depth < 20;
    depth++
  ) {
    node = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, key) => at?.[key], spec);
  }
  return node;
}

/** Every operation with what its samples need. */
export function operations(spec) {
  const list = [];
  for (const [path, rawItem] of Object.entries(spec.paths ?? {})) {
    const item = resolveRef(spec, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        resolveRef(spec, p),
      );
      const content = resolveRef(spec, op.requestBody)?.content ?? {};
      // JSON when the operation takes it, else the first content type the document lists.
      const mediaType = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
      let body;
      let bodySchema;
      if (mediaType) {
        const media = content[mediaType];
        const first = media.examples ? resolveRef(spec, Object.values(media.examples)[0]) : undefined;
        body = first?.value ?? media.example;
        bodySchema = resolveRef(spec, media.schema);
      }
      const path_ = Object.fromEntries(
        parameters.filter((p) => p.in === 'path').map((p) => [p.name, parameterValue(p)]),
      );
      const query = Object.fromEntries(
        parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, parameterValue(p)]),
      );
      list.push({
        method,
        path,
        operationId: op.operationId,
        pathParams: path_,
        query,
        mediaType,
        body,
        bodySchema,
        op,
      });
    }
  }
  return list;
}

function parameterValue(p) {
  const example =
    p.example ?? p.schema?.example ?? (p.examples ? Object.values(p.examples)[0]?.value : undefined);
  return String(example ?? PARAMETER_VALUES[p.name] ?? 'value');
}

function concretePath(o) {
  const filled = o.path.replace(/\{(\w+)\}/g, (_m, name) => o.pathParams[name]);
  const query = new URLSearchParams(o.query).toString();
  return filled + (query ? `?${query}` : '');
}

const shellQuote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;
const isFileField = (schema, name) => {
  const property = schema?.properties?.[name];
  return (
    property?.format === 'binary' ||
    property?.contentMediaType !== undefined ||
    (property?.type === 'string' && property?.contentEncoding === 'binary')
  );
};

export function curlSample(o) {
  const lines = [
    `curl -X ${o.method.toUpperCase()} ${shellQuote(SAMPLE_HOST + concretePath(o))}`,
    `-H "api-key: $KALEYRA_API_KEY"`,
  ];
  if (o.mediaType === 'application/json' && o.body !== undefined) {
    lines.push(`-H 'content-type: application/json'`, `-d ${shellQuote(JSON.stringify(o.body, null, 2))}`);
  } else if (o.mediaType === 'application/x-www-form-urlencoded' && o.body) {
    for (const [key, value] of Object.entries(o.body))
      lines.push(`--data-urlencode ${shellQuote(`${key}=${value}`)}`);
  } else if (o.mediaType === 'multipart/form-data' && o.body) {
    for (const [key, value] of Object.entries(o.body)) {
      lines.push(
        isFileField(o.bodySchema, key)
          ? `-F ${shellQuote(`${key}=@${sampleFile(o)}`)}`
          : `-F ${shellQuote(`${key}=${value}`)}`,
      );
    }
  }
  return lines.join(' \\\n  ');
}

const CLIENT = `const kaleyra = createKaleyraClient({
  sid: process.env.KALEYRA_SID!,
  apiKey: process.env.KALEYRA_API_KEY!,
  pod: 'in',
  from: '+919876543210',
});`;

const indent = (text, by) => text.replace(/\n/g, `\n${' '.repeat(by)}`);
const ts = (value) => indent(JSON.stringify(value, null, 2), 2);

/** The SDK call for the operation: its resource method where one fits the example, else the typed client. */
export function typescriptSample(o) {
  const imports = ["import { createKaleyraClient } from 'kaleyra-whatsapp';"];
  let call;
  if (o.operationId === 'uploadV2Media' || o.operationId === 'uploadResumableMedia') {
    imports.push("import { fileFromPath } from 'kaleyra-whatsapp/node';");
    call =
      o.operationId === 'uploadV2Media'
        ? `const { data } = await kaleyra.media.upload({ file: await fileFromPath('${sampleFile(o)}') });`
        : `const { data } = await kaleyra.media.uploadResumable({ wabaId: '${o.pathParams.waba_id}', file: await fileFromPath('${sampleFile(o)}') });`;
    call += '\nconsole.log(data);';
  } else if (o.mediaType && o.mediaType !== 'application/json') {
    call = v1FormCall(o);
  } else {
    const version = o.path.startsWith('/v1/') ? 'v1' : 'v2';
    const object = (values) =>
      `{ ${Object.entries(values)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ')} }`;
    const init = [
      `params: { path: ${object(o.pathParams)}${Object.keys(o.query).length ? `, query: ${object(o.query)}` : ''} },`,
    ];
    if (o.body !== undefined) init.push(`body: ${ts(o.body)},`);
    call = `// The typed client for ${o.method.toUpperCase()} ${o.path}: { data, error, response }, no retries.
const { data, error } = await kaleyra.${version}.${o.method.toUpperCase()}('${o.path}', {
  ${init.join('\n  ')}
});
if (error) throw new Error(JSON.stringify(error));
console.log(data);`;
  }
  return `${imports.join('\n')}\n\n${CLIENT}\n\n${call}\n`;
}

// v1 sends are form fields; the SDK's v1 methods take them as options.
function v1FormCall(o) {
  const b = o.body ?? {};
  // The pages print numbers without their +; the SDK takes E.164 with it, its one phone-number rule.
  const to = JSON.stringify(withPlus(b.to));
  const from = b.from ? `, from: ${JSON.stringify(withPlus(b.from))}` : '';
  switch (b.type) {
    case 'text':
      return `const sent = await kaleyra.v1Messages.sendText({ to: ${to}${from}, body: ${JSON.stringify(b.body)} });\nconsole.log(sent.data);`;
    case 'template':
      return `const sent = await kaleyra.v1Messages.sendTemplate({ to: ${to}${from}, templateName: ${JSON.stringify(b.template_name)} });\nconsole.log(sent.data);`;
    default:
      throw new Error(
        `code-samples: no SDK mapping for ${o.operationId} with ${o.mediaType} (type ${b.type}); add one`,
      );
  }
}

/** `kaleyra-wa` for the operations the command line covers, else undefined; one flag a line. */
export function cliSample(o) {
  return oneFlagALine(cliCommand(o));
}

const oneFlagALine = (command) => command?.replace(/ (?=--)/g, ' \\\n  ');

function cliCommand(o) {
  const b = o.body ?? {};
  if (o.operationId === 'uploadResumableMedia')
    return `kaleyra-wa upload ${sampleFile(o)} --waba-id ${o.pathParams.waba_id}`;
  if (o.operationId === 'sendV2Message' && b.messaging_object?.type === 'text') {
    return `kaleyra-wa send text --from ${shellQuote(withPlus(o.pathParams.phone_number))} --to ${shellQuote(withPlus(b.messaging_object.to))} --body ${shellQuote(b.messaging_object.text.body)}`;
  }
  if (o.operationId === 'sendV1Message' && b.type === 'text') {
    return `kaleyra-wa send text --api v1 --from ${shellQuote(withPlus(b.from))} --to ${shellQuote(withPlus(b.to))} --body ${shellQuote(b.body)}`;
  }
  return undefined;
}

// The tab labels. Redoc's renderer keys a sample by its label (lower-cased) and drops every sample
// whose key is not in its `codeSamples.languages` option, which defaults to curl, JavaScript, Node.js,
// Python, ... and Payload: "TypeScript SDK" and "kaleyra-wa CLI" were silently dropped until
// scripts/docs.mjs passed SAMPLE_LANGUAGES. Every label an operation's samples use is listed there.
export const LABELS = { curl: 'curl', sdk: 'TypeScript SDK', cli: 'kaleyra-wa CLI' };

/** Redoc's `codeSamples.languages`: the tabs the reference offers, in this order (Payload: the example body). */
export const SAMPLE_LANGUAGES = [
  { lang: 'curl', label: LABELS.curl },
  { lang: 'TypeScript', label: LABELS.sdk },
  { lang: 'Shell', label: LABELS.cli },
  { lang: 'Payload', label: 'Payload' },
];

/** Redoc's x-codeSamples for one operation. */
export function codeSamples(o) {
  const samples = [
    { lang: 'curl', label: LABELS.curl, source: curlSample(o) },
    { lang: 'TypeScript', label: LABELS.sdk, source: typescriptSample(o) },
  ];
  const cli = cliSample(o);
  if (cli) samples.push({ lang: 'Shell', label: LABELS.cli, source: cli });
  return samples;
}

// Where the webhook samples send and listen: the reader's own endpoint, run locally.
export const RECEIVER_PORT = 3000;
export const RECEIVER_URL = `http://127.0.0.1:${RECEIVER_PORT}/kaleyra`;

// What parseCallback makes of each webhook (its event `kind`), the fields worth printing, and the
// `kaleyra-wa trigger` events that send it, by method (src/testing/callback-catalogue.ts; the test checks the
// lists against it, so an event added there and missing here fails).
const WEBHOOKS = {
  v1MessageStatus: { kind: 'status', print: ['status', 'messageId'], trigger: { get: ['v1.status'] } },
  v2MessageStatus: {
    kind: 'status',
    print: ['status', 'messageId'],
    trigger: { post: ['status.sent', 'status.delivered', 'status.read', 'status.failed'] },
  },
  v2IncomingMessage: {
    kind: 'incoming',
    print: ['from', 'message.type'],
    trigger: {
      post: [
        'incoming.text',
        'incoming.image',
        'incoming.document',
        'incoming.audio',
        'incoming.video',
        'incoming.sticker',
        'incoming.location',
        'incoming.contacts',
        'incoming.button',
        'incoming.list_reply',
        'incoming.reaction',
      ],
    },
  },
  incomingMessageFields: {
    kind: 'incoming',
    print: ['from', 'message.type'],
    trigger: { post: ['incoming.fields'] },
  },
  resumableMediaStatus: {
    kind: 'upload',
    print: ['status', 'resumableMediaId'],
    trigger: { post: ['upload.status'] },
  },
  templateStatus: {
    kind: 'template',
    print: ['event', 'messageTemplateName'],
    trigger: { post: ['template.status'] },
  },
  phoneNumberQualityUpdate: {
    kind: 'limit',
    print: ['displayPhoneNumber', 'currentLimit'],
    trigger: { get: ['quality.update'] },
  },
};

/** Every webhook operation (3.1 `webhooks`), with what its samples need. */
export function webhookOperations(spec) {
  const list = [];
  for (const [webhook, rawItem] of Object.entries(spec.webhooks ?? {})) {
    const item = resolveRef(spec, rawItem);
    const about = WEBHOOKS[webhook];
    if (!about) throw new Error(`code-samples: webhook ${webhook} has no entry in WEBHOOKS; add one`);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
        resolveRef(spec, p),
      );
      const query = Object.fromEntries(
        parameters
          .filter((p) => p.in === 'query')
          .map((p) => [p.name, p.example ?? p.schema?.example])
          .filter(([, value]) => value !== undefined),
      );
      list.push({ webhook, method, operationId: op.operationId, summary: op.summary, query, op, ...about });
    }
  }
  return list;
}

/** A node:http endpoint that reads the webhook with parseCallback. */
export function receiveSample(w) {
  return `import { createServer } from 'node:http';
import { parseCallback } from 'kaleyra-whatsapp';
import { toWebRequest } from 'kaleyra-whatsapp/node';

// Answer 2xx at once, then do the work: Kaleyra asks for a quick answer.
createServer(async (req, res) => {
  const parsed = await parseCallback(toWebRequest(req));
  if (!parsed.ok) {
    // 400 or 408, naming the field at fault (never its value)
    const { status, message } = parsed.rejection;
    res.writeHead(status).end(message);
    return;
  }
  res.writeHead(200).end();
  const { event } = parsed;
  if (event.kind === '${w.kind}')
    console.log(event.kind, ${w.print.map((field) => `event.${field}`).join(', ')});
}).listen(${RECEIVER_PORT});
`;
}

/**
 * How to make Kaleyra's request yourself: `kaleyra-wa trigger` for the forms it sends, else (a GET
 * profile form it has no event for) the request itself with curl, from the parameters' examples.
 */
export function triggerSample(w) {
  const events = w.trigger[w.method] ?? [];
  if (events.length > 0) {
    return [
      `# As Kaleyra sends it (kaleyra-wa trigger --list: every event)`,
      ...events.map((event) => `kaleyra-wa trigger ${event} --url ${RECEIVER_URL}`),
    ].join('\n');
  }
  const query = new URLSearchParams(Object.entries(w.query).map(([k, v]) => [k, String(v)])).toString();
  return `# What a GET profile sends\ncurl -sS ${shellQuote(`${RECEIVER_URL}?${query}`)}`;
}

/**
 * The samples of one webhook: how to receive it, and how to send one to yourself. Redoc's sample
 * panel offers webhooks no language choice (only "Payload"), so scripts/docs.mjs shows these in the
 * webhook's description, each under its label.
 */
export function webhookSamples(w) {
  const send = triggerSample(w);
  return [
    { fence: 'ts', label: 'Receive it with parseCallback (TypeScript)', source: receiveSample(w) },
    {
      fence: 'sh',
      label: send.includes('kaleyra-wa trigger ')
        ? 'Send one to your endpoint with kaleyra-wa trigger'
        : 'Send one to your endpoint with curl (no trigger event sends this GET form)',
      source: send,
    },
  ];
}
