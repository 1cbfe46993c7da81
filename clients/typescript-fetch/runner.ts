// Drives the openapi-generator `typescript-fetch` client (clients/typescript-fetch/build/client)
// through the conformance vectors, calling only its generated API. JSON inputs go through the
// generated `...FromJSON` decoders into the models before they are sent; form fields become the
// generated request parameters, enum values checked against the generated enums.
import {
  Configuration,
  ErrorEnvelopeFromJSON,
  ResponseError,
  SendV1MessagePreviewUrlEnum,
  SendV1MessageTypeEnum,
  V1Channel,
  V1MessagesApi,
  V2MediaApi,
  V2MessagesApi,
  V2ResumableMediaType,
  V2SendMessageRequestFromJSON,
  V2TemplatesApi,
  type Middleware,
  type SendV1MessageRequest,
} from './build/client/index.js';
import { errorSeen, fileOf, serveVectors, VECTOR_API_KEY, type Seen, type Vector } from '../vector-loop.js';

/** A vector's string as a member of a generated enum, or an error naming the field. */
function member<E extends Record<string, string>>(values: E, value: string, field: string): E[keyof E] {
  const found = Object.values(values).find((candidate) => candidate === value);
  if (found === undefined)
    throw new Error(`${field}: ${JSON.stringify(value)} is not a value of the generated enum`);
  return found as E[keyof E];
}

/** The vector's v1 fields as the generated `SendV1MessageRequest` (its names are camelCase). */
function v1Parameters(sid: string, fields: Record<string, string>, media?: File): SendV1MessageRequest {
  const known: Record<string, (value: string) => Partial<SendV1MessageRequest>> = {
    to: (to) => ({ to }),
    from: (from) => ({ from }),
    channel: (channel) => ({ channel: member(V1Channel, channel, 'channel') }),
    // With help (clients/README.md): the form's `type` is generated as the last union member's value
    // only (`SendV1MessageTypeEnum` holds 'order_details'), so any other kind takes a cast.
    type: (type) => ({ type: type as SendV1MessageTypeEnum }),
    body: (body) => ({ body }),
    preview_url: (value) => ({ previewUrl: member(SendV1MessagePreviewUrlEnum, value, 'preview_url') }),
    caption: (caption) => ({ caption }),
    template_name: (templateName) => ({ templateName }),
    params: (params) => ({ params }),
    media_url: (mediaUrl) => ({ mediaUrl }),
    param_url: (paramUrl) => ({ paramUrl }),
  };
  let parameters: SendV1MessageRequest = { sid, ...(media ? { media } : {}) };
  for (const [name, value] of Object.entries(fields)) {
    const map = known[name];
    if (!map) throw new Error(`${name}: the runner has no generated parameter for this field`);
    parameters = { ...parameters, ...map(value) };
  }
  return parameters;
}

/**
 * With help (clients/README.md): typescript-fetch builds a FormData (multipart) body for every call of
 * an operation that lists multipart among its content types. For a v1 message without a file this
 * middleware, the generated client's extension point, re-encodes that body as the url-encoded form;
 * fetch then sets the form's Content-Type itself.
 */
const urlEncodedForm: Middleware = {
  async pre({ url, init }) {
    if (!(init.body instanceof FormData)) return { url, init };
    const fields = [...init.body].map(([name, value]): [string, string] => {
      if (typeof value !== 'string') throw new Error(`${name}: a file cannot go in a url-encoded form`);
      return [name, value];
    });
    return { url, init: { ...init, body: new URLSearchParams(fields) } };
  },
};

async function run({ operation }: Vector, baseUrl: string): Promise<Seen> {
  const configuration = new Configuration({ basePath: baseUrl, apiKey: VECTOR_API_KEY });
  const { sid = '', phone_number: phoneNumber = '', waba_id: wabaId = '' } = operation.path;
  try {
    switch (operation.operationId) {
      case 'sendV2Message': {
        const v2SendMessageRequest = V2SendMessageRequestFromJSON(operation.json);
        const answer = await new V2MessagesApi(configuration).sendV2Message({
          sid,
          phoneNumber,
          v2SendMessageRequest,
        });
        return { messageId: answer.data?.messageId };
      }
      case 'sendV1Message': {
        const fields = operation.form ?? operation.multipart?.fields ?? {};
        const file = operation.multipart?.files[0];
        const api = new V1MessagesApi(configuration);
        const answer = await (file ? api : api.withMiddleware(urlEncodedForm)).sendV1Message(
          v1Parameters(sid, fields, file && fileOf(file)),
        );
        return { messageId: answer.data?.[0]?.messageId };
      }
      case 'uploadResumableMedia': {
        const multipart = operation.multipart!;
        const answer = await new V2MediaApi(configuration).uploadResumableMedia({
          sid,
          wabaId,
          file: fileOf(multipart.files[0]!),
          type: member(V2ResumableMediaType, multipart.fields.type ?? '', 'type'),
        });
        return { id: answer.data?.id };
      }
      case 'getResumableMedia': {
        const { id, limit, offset } = operation.query ?? {};
        const answer = await new V2MediaApi(configuration).getResumableMedia({
          sid,
          wabaId,
          id: id === undefined ? undefined : String(id),
          limit: limit === undefined ? undefined : Number(limit),
          offset: offset === undefined ? undefined : Number(offset),
        });
        return { id: answer.data?.[0]?.resumableMediaId };
      }
      case 'listTemplates': {
        const answer = await new V2TemplatesApi(configuration).listTemplates({ sid, wabaId });
        return { code: answer.code };
      }
      default:
        throw new Error(`the typescript-fetch runner has no operation ${operation.operationId}`);
    }
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    const envelope = ErrorEnvelopeFromJSON(await error.response.json());
    return errorSeen(error.response.status, envelope.code, envelope.error);
  }
}

await serveVectors(run);
