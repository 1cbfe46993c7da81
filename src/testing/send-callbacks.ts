import {
  uploadStatusDelivery,
  v1StatusDelivery,
  v2StatusDelivery,
  type CallbackDelivery,
} from './callback-catalogue.js';
import type { InjectedFailure } from './failure-plan.js';
import type { OpenApiDocument } from './spec-document.js';

/** A callback Kaleyra would send after an accepted request: to the callback profile, or to the v1 send's own `callback_url`. */
export interface PlannedCallback {
  /** Where it goes: the callback profile, or the URL the v1 send named. */
  to: { profile: true } | { url: string };
  /** The method, content type and body of the callback. */
  delivery: CallbackDelivery;
}

export interface AcceptedRequest {
  /** The OpenAPI `operationId` of the accepted request. */
  operationId: string;
  /** The path parameters, decoded (`{ sid, phone_number }`). */
  pathParams: Record<string, string>;
  /** The parsed JSON body, or the text fields of a form or multipart body. */
  body: unknown;
  /** The answer the client got. */
  response: unknown;
  /** The first file part's name, for uploads. */
  fileName?: string;
  /** A failure planned for this request that shows only in its callbacks. */
  failure?: Extract<InjectedFailure, { kind: 'status' }>;
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The status callbacks an accepted send or upload leads to, in the order Kaleyra sends them:
 * sent, delivered, read (or failed) for a message; the upload status for a resumable upload.
 * Read receipts and other operations lead to none.
 */
export function callbacksFor(doc: OpenApiDocument, accepted: AcceptedRequest): PlannedCallback[] {
  const body = record(accepted.body);
  const response = record(accepted.response);
  const statuses = accepted.failure ? (['failed'] as const) : (['sent', 'delivered', 'read'] as const);
  const error = accepted.failure?.error;

  if (accepted.operationId === 'sendV2Message') {
    const message = record(body.messaging_object);
    const messageId = textOf(record(response.data).message_id);
    if (message.status === 'read' || messageId === undefined) return [];
    const extra = record(body.extra_info);
    const refs = { ref: textOf(extra.ref), ref1: textOf(extra.ref1), ref2: textOf(extra.ref2) };
    const values = {
      messageId,
      recipient: textOf(message.to),
      businessNumber: accepted.pathParams.phone_number,
      refs,
      ...(error ? { error } : {}),
    };
    return statuses.map((status) => ({
      to: { profile: true },
      delivery: v2StatusDelivery(doc, status, values),
    }));
  }

  if (accepted.operationId === 'sendV1Message') {
    const url = textOf(body.callback_url);
    if (url === undefined) return [];
    const messages = Array.isArray(response.data) ? response.data.map(record) : [];
    return messages.flatMap((sent) => {
      const messageId = textOf(sent.message_id);
      return messageId === undefined
        ? []
        : statuses.map((status) => ({ to: { url }, delivery: v1StatusDelivery(status, { messageId }) }));
    });
  }

  if (accepted.operationId === 'uploadResumableMedia') {
    const id = textOf(record(response.data).id);
    if (id === undefined) return [];
    const delivery = uploadStatusDelivery(doc, {
      resumableMediaId: id,
      wabaId: accepted.pathParams.waba_id,
      ...(accepted.fileName ? { fileName: accepted.fileName } : {}),
    });
    if (accepted.failure && delivery.method === 'POST') {
      const json = record(delivery.json);
      json.status = 'FAILED';
      delete json.uploaded_file_handle;
    }
    return [{ to: { profile: true }, delivery }];
  }
  return [];
}
