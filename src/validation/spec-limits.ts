/**
 * The limits the OpenAPI document states, in one place. The core cannot read the document at run
 * time (it would ship hundreds of kilobytes to every browser), so each value names where the
 * document states it, and test/validation/spec-limits.test.ts checks every one against the bundled
 * document: a limit changed in the spec fails that test until it is changed here, and nowhere else.
 */
export const SPEC_LIMITS = {
  /** v2 text `body`: at most this many characters. */
  textBodyMaxCharacters: 4096,
  /** v2 media captions (and v1 `caption`): at most this many characters. */
  captionMaxCharacters: 1024,
  /** `extra_info.ref`, `ref1`, `ref2`: at most this many characters (the server would cut them). */
  refMaxCharacters: 255,
  /** v2 contacts message: at least this many cards. */
  contactsMinItems: 1,
  /** v2 contacts message: at most this many cards. */
  contactsMaxItems: 5,
  /** v2 template name: at most this many characters. */
  templateNameMaxCharacters: 512,
} as const;

/** Where the document states each limit (a JSON pointer into the bundled document). */
export const SPEC_LIMIT_SOURCES: Readonly<Record<keyof typeof SPEC_LIMITS, string>> = {
  textBodyMaxCharacters: '/components/schemas/V2TextObject/properties/body/maxLength',
  captionMaxCharacters: '/components/schemas/V2ImageById/properties/caption/maxLength',
  refMaxCharacters: '/components/schemas/V2ExtraInfo/properties/ref/maxLength',
  contactsMinItems: '/components/schemas/V2ContactsMessage/properties/contacts/minItems',
  contactsMaxItems: '/components/schemas/V2ContactsMessage/properties/contacts/maxItems',
  templateNameMaxCharacters: '/components/schemas/V2CreateTemplateRequest/properties/name/maxLength',
};

/** The resumable upload's MIME types, as the document's `V2ResumableMediaType` enum lists them. */
export const SPEC_RESUMABLE_UPLOAD_TYPES_SOURCE = '/components/schemas/V2ResumableMediaType/enum';
