// Drives the @hey-api/openapi-ts client (clients/hey-api/build/client, fetch client) through the
// conformance vectors, calling only its generated SDK functions. Each vector's inputs are object
// literals typed by the generated types (build/vector-inputs.ts, written by vector-inputs.mjs), so
// `tsc --strict` has checked that the types carry them before anything is sent.
import { createClient, createConfig, formDataBodySerializer } from './build/client/client/index.js';
import {
  getResumableMedia,
  listTemplates,
  sendV1Message,
  sendV2Message,
  uploadResumableMedia,
} from './build/client/sdk.gen.js';
import * as inputs from './build/vector-inputs.js';
import { errorSeen, fileOf, serveVectors, VECTOR_API_KEY, type Seen, type Vector } from '../vector-loop.js';

/** The vector's inputs for its operation, or an error naming the case. */
function inputsOf<T>(table: Record<string, (files: Record<string, File>) => T>, vector: Vector): T {
  const make = table[vector.name];
  if (!make) throw new Error(`${vector.name}: no typed inputs were written for this case`);
  const files = Object.fromEntries(
    (vector.operation.multipart?.files ?? []).map((file) => [file.field, fileOf(file)]),
  );
  return make(files);
}

/** What the caller saw: the error envelope the SDK decoded, or the value picked from the answer. */
function seenOf<T>(
  result: { data?: T; error?: { code: unknown; error?: unknown }; response: Response },
  pick: (data: T) => Seen,
): Seen {
  if (result.error !== undefined)
    return errorSeen(result.response.status, result.error.code, result.error.error);
  if (result.data === undefined) throw new Error(`no answer body (HTTP ${result.response.status})`);
  return pick(result.data);
}

async function run(vector: Vector, baseUrl: string): Promise<Seen> {
  const client = createClient(createConfig({ baseUrl, auth: () => VECTOR_API_KEY }));
  switch (vector.operation.operationId) {
    case 'sendV2Message':
      return seenOf(await sendV2Message({ client, ...inputsOf(inputs.sendV2Message, vector) }), (answer) => ({
        messageId: answer.data.message_id,
      }));
    case 'sendV1Message': {
      const input = inputsOf(inputs.sendV1Message, vector);
      // With help (clients/README.md): the SDK function is generated for the operation's first content
      // type, the url-encoded form (urlSearchParamsBodySerializer); a message with a file swaps in the
      // generated multipart serializer and leaves the Content-Type (with its boundary) to fetch.
      const multipart = vector.operation.multipart
        ? { ...formDataBodySerializer, headers: { 'Content-Type': null } }
        : {};
      return seenOf(await sendV1Message({ client, ...input, ...multipart }), (answer) => ({
        messageId: answer.data[0]?.message_id,
      }));
    }
    case 'uploadResumableMedia':
      return seenOf(
        await uploadResumableMedia({ client, ...inputsOf(inputs.uploadResumableMedia, vector) }),
        (answer) => ({ id: answer.data.id }),
      );
    case 'getResumableMedia':
      return seenOf(
        await getResumableMedia({ client, ...inputsOf(inputs.getResumableMedia, vector) }),
        (answer) => ({
          id: answer.data[0]?.resumable_media_id,
        }),
      );
    case 'listTemplates':
      return seenOf(await listTemplates({ client, ...inputsOf(inputs.listTemplates, vector) }), (answer) => ({
        code: answer.code,
      }));
    default:
      throw new Error(`the hey-api runner has no operation ${vector.operation.operationId}`);
  }
}

await serveVectors(run);
