import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../../generated/openapi.js';
import { startPrism, type PrismServer } from '../support/prism.js';
import { fileBytes, loadVectors, runVector, VECTOR_API_KEY, type Seen, type Vector } from './harness.js';

// A raw openapi-fetch client over the generated `paths`, with none of the SDK's helpers: what a
// TypeScript user who takes only dist/openapi.json gets. Every vector goes through it.
let prism: PrismServer;

beforeAll(async () => {
  prism = await startPrism();
}, 60_000);
afterAll(() => prism?.close());

function multipartForm(multipart: NonNullable<Vector['operation']['multipart']>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(multipart.fields)) form.append(name, value);
  for (const file of multipart.files)
    form.append(file.field, new Blob([fileBytes(file)], { type: file.contentType }), file.name);
  return form;
}

interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

async function send(vector: Vector, baseUrl: string): Promise<Answer> {
  const client = createClient<paths>({ baseUrl, headers: { 'api-key': VECTOR_API_KEY } });
  const op = vector.operation;
  const path = op.path as never;
  switch (op.operationId) {
    case 'sendV2Message':
      return client.POST('/v2/{sid}/whatsapp/{phone_number}/messages', {
        params: { path },
        body: op.json as never,
      });
    case 'sendV1Message':
      if (op.multipart) {
        return client.POST('/v1/{sid}/messages', {
          params: { path },
          body: op.multipart.fields as never,
          bodySerializer: () => multipartForm(op.multipart!),
        });
      }
      return client.POST('/v1/{sid}/messages', {
        params: { path },
        body: op.form as never,
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    case 'uploadResumableMedia':
      return client.POST('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
        params: { path },
        body: op.multipart!.fields as never,
        bodySerializer: () => multipartForm(op.multipart!),
      });
    case 'getResumableMedia':
      return client.GET('/v2/{sid}/whatsapp/{waba_id}/resumable_media', {
        params: { path, query: op.query as never },
      });
    case 'listTemplates':
      return client.GET('/v2/{sid}/whatsapp/{waba_id}/message_templates', { params: { path } });
    default:
      throw new Error(`${vector.name}: the raw client runner has no operation ${op.operationId}`);
  }
}

function seenFrom({ data, error, response }: Answer): Seen {
  if (error !== undefined) {
    const envelope = error as { code: string; error?: Record<string, string> | string };
    const fields =
      typeof envelope.error === 'object' && envelope.error !== null ? Object.keys(envelope.error) : [];
    return { error: { status: response.status, code: envelope.code, fields } };
  }
  const body = data as { code?: string; data?: unknown };
  if (Array.isArray(body.data)) {
    const first = body.data[0] as { message_id?: string; resumable_media_id?: string } | undefined;
    if (first?.message_id !== undefined) return { messageId: first.message_id };
    if (first?.resumable_media_id !== undefined) return { id: first.resumable_media_id };
    return { code: body.code! };
  }
  const record = (body.data ?? {}) as { message_id?: string; id?: string };
  if (record.message_id !== undefined) return { messageId: record.message_id };
  if (record.id !== undefined) return { id: record.id };
  return { code: body.code! };
}

describe('conformance vectors through a raw openapi-fetch client', () => {
  it.each(loadVectors().map(({ vector }) => [vector.name, vector] as const))('%s', async (_name, vector) => {
    const outcome = await runVector(vector, prism.url, async (baseUrl) =>
      seenFrom(await send(vector, baseUrl)),
    );
    expect(outcome.problems).toEqual([]);
  });
});
