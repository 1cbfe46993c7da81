import { KaleyraValidationError } from '../index.js';
import type { RejectedResult } from './outcome.js';
import type {
  CallOptions,
  KaleyraClient,
  V1MediaOptions,
  V1MediaTemplateOptions,
  V1TemplateOptions,
  V1TextOptions,
  V2CaptionedMediaOptions,
  V2ContactsOptions,
  V2DocumentOptions,
  V2InteractiveOptions,
  V2LocationOptions,
  V2MediaOptions,
  V2ReactionOptions,
  V2ReplyOptions,
  V2TemplateOptions,
  V2TextOptions,
  V1SendMessageResponse,
  V2SendMessageResponse,
} from '../index.js';

/** Every v2 send kind, by the name a broadcast job gives it, with the options its method takes. */
export interface V2BroadcastKinds {
  /** Options of `v2Messages.sendText`. */
  text: V2TextOptions;
  /** Options of `v2Messages.sendImage`. */
  image: V2CaptionedMediaOptions;
  /** Options of `v2Messages.sendVideo`. */
  video: V2CaptionedMediaOptions;
  /** Options of `v2Messages.sendAudio`. */
  audio: V2MediaOptions;
  /** Options of `v2Messages.sendDocument`. */
  document: V2DocumentOptions;
  /** Options of `v2Messages.sendSticker`. */
  sticker: V2MediaOptions;
  /** Options of `v2Messages.sendLocation`. */
  location: V2LocationOptions;
  /** Options of `v2Messages.sendContacts`. */
  contacts: V2ContactsOptions;
  /** Options of `v2Messages.sendInteractive`. */
  interactive: V2InteractiveOptions;
  /** Options of `v2Messages.sendTemplate`. */
  template: V2TemplateOptions;
  /** Options of `v2Messages.sendReaction`. */
  reaction: V2ReactionOptions;
  /** Options of `v2Messages.reply` (a message quoting an earlier one). */
  reply: V2ReplyOptions;
}

/**
 * The v1 send kinds. v1 media sends that attach a file are left out on purpose: a broadcast job is
 * plain data (it goes into a journal and a Redis queue), and a file handle is not; use `mediaUrl`.
 */
export interface V1BroadcastKinds {
  /** Options of `v1Messages.sendText`. */
  text: V1TextOptions;
  /** Options of `v1Messages.sendTemplate`. */
  template: V1TemplateOptions;
  /** Options of `v1Messages.sendMedia`, by `mediaUrl` only (no attached file). */
  media: Omit<V1MediaOptions, 'media'>;
  /** Options of `v1Messages.sendMediaTemplate`, by `mediaUrl` only (no attached file). */
  mediaTemplate: Omit<V1MediaTemplateOptions, 'media'>;
}

/** One message to send: the API version, the kind, and exactly the options of that kind's method. */
export type BroadcastMessage =
  | {
      [K in keyof V2BroadcastKinds]: { api: 'v2'; kind: K; message: V2BroadcastKinds[K] };
    }[keyof V2BroadcastKinds]
  | {
      [K in keyof V1BroadcastKinds]: { api: 'v1'; kind: K; message: V1BroadcastKinds[K] };
    }[keyof V1BroadcastKinds];

/** A message and the caller's key for it (a customer id, a CSV row key): the unit a journal and a queue track. */
export type BroadcastJob = BroadcastMessage & { key: string };

/** The v2 kinds, by name, as a runtime list: jobs from a queue or a file are checked against it. */
const V2_KINDS = {
  text: true,
  image: true,
  video: true,
  audio: true,
  document: true,
  sticker: true,
  location: true,
  contacts: true,
  interactive: true,
  template: true,
  reaction: true,
  reply: true,
} satisfies Record<keyof V2BroadcastKinds, true>;
const V1_KINDS = {
  text: true,
  template: true,
  media: true,
  mediaTemplate: true,
} satisfies Record<keyof V1BroadcastKinds, true>;

/**
 * The rejection of a job without a usable key (a non-empty string), or undefined. The key is what
 * a journal and a queue track a job by: without one it can be neither sent once nor reported.
 */
export function missingKey(job: unknown): RejectedResult | undefined {
  const key: unknown = (job as { key?: unknown } | null | undefined)?.key;
  if (typeof key === 'string' && key !== '') return undefined;
  return {
    key: String(key ?? ''),
    outcome: 'rejected',
    field: 'key',
    rule: 'required',
    reason: 'every job needs a non-empty string key',
  };
}

/**
 * The rejection of a key given again in one broadcast: a key is sent once. `after` says, where it
 * matters, what became of the first (the queue's "it is queued once").
 */
export function repeatedKey(key: string, after = ''): RejectedResult {
  return {
    key,
    outcome: 'rejected',
    field: 'key',
    rule: 'unique',
    reason: `this key was already given earlier in this broadcast${after}`,
  };
}

/**
 * Why a job cannot even be handed to a send method (no `message`, an unknown `api` or `kind`), or
 * undefined when its shape is right. Jobs can come untyped from a queue, a file or JavaScript: such
 * a job is rejected by rule, nothing is sent, and it never reaches a method as a raw TypeError.
 */
export function malformedJob(job: { key: string } & Record<string, unknown>): RejectedResult | undefined {
  const refuse = (field: string, rule: string, reason: string): RejectedResult => ({
    key: job.key,
    outcome: 'rejected',
    field,
    rule,
    reason,
  });
  if (job.api !== 'v1' && job.api !== 'v2') return refuse('api', 'one-of', 'must be "v1" or "v2"');
  const kinds: Record<string, true> = job.api === 'v2' ? V2_KINDS : V1_KINDS;
  if (typeof job.kind !== 'string' || !Object.hasOwn(kinds, job.kind))
    return refuse('kind', 'one-of', `must be a ${job.api} send kind: ${Object.keys(kinds).join(', ')}`);
  const message = job.message;
  if (message === undefined || message === null)
    return refuse(
      'message',
      'required',
      `a ${job.api} ${job.kind} job needs a message (the send method's options)`,
    );
  if (typeof message !== 'object' || Array.isArray(message))
    return refuse('message', 'object', "must be an object: the send method's options");
  return undefined;
}

/** Sends one message through the client's high-level method for its kind. */
export function sendMessage(
  client: KaleyraClient,
  job: BroadcastMessage,
  call: CallOptions,
): Promise<V1SendMessageResponse | V2SendMessageResponse> {
  if (job.api === 'v1') {
    switch (job.kind) {
      case 'text':
        return client.v1Messages.sendText(job.message, call);
      case 'template':
        return client.v1Messages.sendTemplate(job.message, call);
      case 'media':
        return client.v1Messages.sendMedia(job.message, call);
      case 'mediaTemplate':
        return client.v1Messages.sendMediaTemplate(job.message, call);
    }
  } else {
    switch (job.kind) {
      case 'text':
        return client.v2Messages.sendText(job.message, call);
      case 'image':
        return client.v2Messages.sendImage(job.message, call);
      case 'video':
        return client.v2Messages.sendVideo(job.message, call);
      case 'audio':
        return client.v2Messages.sendAudio(job.message, call);
      case 'document':
        return client.v2Messages.sendDocument(job.message, call);
      case 'sticker':
        return client.v2Messages.sendSticker(job.message, call);
      case 'location':
        return client.v2Messages.sendLocation(job.message, call);
      case 'contacts':
        return client.v2Messages.sendContacts(job.message, call);
      case 'interactive':
        return client.v2Messages.sendInteractive(job.message, call);
      case 'template':
        return client.v2Messages.sendTemplate(job.message, call);
      case 'reaction':
        return client.v2Messages.sendReaction(job.message, call);
      case 'reply':
        return client.v2Messages.reply(job.message, call);
    }
  }
  // Jobs can come from a queue or a file, untyped: an unknown kind is refused, never guessed.
  return Promise.reject(
    new KaleyraValidationError({
      field: 'kind',
      rule: 'one-of',
      message: 'must be a v1 or v2 send kind (see BroadcastMessage)',
    }),
  );
}

/** The message id of an accepted send: v2 answers one, v1 one per recipient (joined with ", "). */
export function acceptedMessageId(
  response: V1SendMessageResponse | V2SendMessageResponse,
): string | undefined {
  // A 2xx whose body lacks the documented id still means accepted; the id is then simply unknown.
  const data: unknown = response?.data;
  if (Array.isArray(data)) {
    const ids = data
      .map((entry: { message_id?: unknown } | null) => entry?.message_id)
      .filter((id): id is string => typeof id === 'string' && id !== '');
    return ids.length > 0 ? ids.join(', ') : undefined;
  }
  const id = (data as { message_id?: unknown } | null | undefined)?.message_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
