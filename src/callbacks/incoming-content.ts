import { defined } from './event-fields.js';
import type { IncomingContactCard, IncomingMediaType, IncomingMessageContent } from './events.js';
import { asRecord, at, decimal, flag, jsonOrText, list, text, type JsonRecord } from './json-value.js';

const MEDIA_TYPES: readonly string[] = ['image', 'video', 'audio', 'document', 'sticker'];

/** The content of one Meta `messages[]` entry; `mediaUrl` is Kaleyra's stored copy (extra_info.media_url). */
export function contentFromMeta(message: JsonRecord, mediaUrl: string | undefined): IncomingMessageContent {
  const type = text(message.type);
  const unknown: IncomingMessageContent = defined({
    type: 'unknown' as const,
    messageType: type,
    raw: message,
  });
  if (type === undefined) return unknown;
  const body = asRecord(Object.hasOwn(message, type) ? message[type] : undefined);

  if (type === 'text') {
    const value = at(body, 'body');
    return typeof value === 'string' ? { type: 'text', text: value } : unknown;
  }
  if (MEDIA_TYPES.includes(type)) {
    return defined({
      type: type as IncomingMediaType,
      mediaUrl: mediaUrl ?? text(at(body, 'link')) ?? text(at(body, 'url')),
      mediaId: text(at(body, 'id')),
      caption: text(at(body, 'caption')),
      mimeType: text(at(body, 'mime_type')),
      sha256: text(at(body, 'sha256')),
      fileName: text(at(body, 'filename')),
      animated: flag(at(body, 'animated')),
      voice: flag(at(body, 'voice')),
    });
  }
  if (type === 'reaction') {
    return defined({
      type: 'reaction' as const,
      messageId: text(at(body, 'message_id')),
      emoji: text(at(body, 'emoji')),
    });
  }
  if (type === 'location') return body ? locationOf(body) : unknown;
  if (type === 'contacts') return { type: 'contacts', contacts: list(message.contacts).map(contactCard) };
  if (type === 'button') {
    return defined({
      type: 'button' as const,
      payload: text(at(body, 'payload')),
      text: text(at(body, 'text')),
    });
  }
  if (type === 'interactive') return interactiveOf(body) ?? unknown;
  return unknown;
}

/**
 * The flat profile variables (`type`, `body`, `media_url`, `mime_type`, `location`, `contacts`,
 * `message`). Third-party receivers document `voice` for audio notes. Structured variables may
 * hold JSON; when `message` holds a whole Meta message, that is used for the types the flat
 * variables cannot describe.
 */
export function contentFromFlat(payload: JsonRecord): IncomingMessageContent {
  const rawType = text(payload.type)?.toLowerCase();
  const body = typeof payload.body === 'string' ? payload.body : undefined;
  const type = rawType === 'voice' ? 'audio' : rawType;
  const metaMessage = asRecord(jsonOrText(payload.message));
  const mediaUrl = text(payload.media_url);

  if (type === 'text' || (type === undefined && body !== undefined && body !== ''))
    return { type: 'text', text: body ?? '' };
  if (type !== undefined && MEDIA_TYPES.includes(type)) {
    return defined({
      type: type as IncomingMediaType,
      mediaUrl,
      caption: body === '' ? undefined : body,
      mimeType: text(payload.mime_type),
      voice: rawType === 'voice' ? true : undefined,
    });
  }
  if (type === 'location') {
    const location = asRecord(jsonOrText(payload.location));
    if (location) return locationOf(location);
  }
  if (type === 'contacts') {
    const contacts = jsonOrText(payload.contacts);
    if (Array.isArray(contacts)) return { type: 'contacts', contacts: contacts.map(contactCard) };
  }
  if (metaMessage && text(metaMessage.type) !== undefined) return contentFromMeta(metaMessage, mediaUrl);
  return defined({ type: 'unknown' as const, messageType: rawType, raw: payload });
}

function locationOf(location: JsonRecord): IncomingMessageContent {
  return defined({
    type: 'location' as const,
    latitude: decimal(location.latitude),
    longitude: decimal(location.longitude),
    name: text(location.name),
    address: text(location.address),
    url: text(location.url),
  });
}

function contactCard(entry: unknown): IncomingContactCard {
  const phones = list(at(entry, 'phones'))
    .map((phone) => text(at(phone, 'phone')) ?? text(at(phone, 'wa_id')))
    .filter((phone): phone is string => phone !== undefined);
  return defined({ formattedName: text(at(entry, 'name', 'formatted_name')), phones, raw: entry });
}

function interactiveOf(interactive: JsonRecord | undefined): IncomingMessageContent | undefined {
  const kind = text(at(interactive, 'type'));
  if (kind === 'list_reply' || kind === 'button_reply') {
    const reply = asRecord(at(interactive, kind));
    const id = text(at(reply, 'id'));
    if (id === undefined) return undefined;
    return kind === 'list_reply'
      ? defined({
          type: 'list_reply' as const,
          id,
          title: text(at(reply, 'title')),
          description: text(at(reply, 'description')),
        })
      : defined({ type: 'button_reply' as const, id, title: text(at(reply, 'title')) });
  }
  if (kind === 'nfm_reply') {
    const reply = asRecord(at(interactive, 'nfm_reply'));
    return defined({
      type: 'flow_reply' as const,
      name: text(at(reply, 'name')),
      body: text(at(reply, 'body')),
      response: jsonOrText(at(reply, 'response_json')),
    });
  }
  return undefined;
}
