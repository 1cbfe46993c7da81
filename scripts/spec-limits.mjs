// The limits the SDK checks before sending: each named once, located in the bundled document by a
// JSON pointer, with the summary its generated constant carries. `npm run generate` reads each value
// there and writes generated/spec-limits.ts, so a limit is stated in the spec only (check:generated
// fails on drift).
export const specLimitSources = {
  textBodyMaxCharacters: [
    '/components/schemas/V2TextObject/properties/body/maxLength',
    'v2 text `body`: at most this many characters.',
  ],
  captionMaxCharacters: [
    '/components/schemas/V2ImageById/properties/caption/maxLength',
    'v2 media captions (and v1 `caption`): at most this many characters.',
  ],
  refMaxCharacters: [
    '/components/schemas/V2ExtraInfo/properties/ref/maxLength',
    '`extra_info.ref`, `ref1`, `ref2`: at most this many characters (the server would cut them).',
  ],
  contactsMinItems: [
    '/components/schemas/V2ContactsMessage/properties/contacts/minItems',
    'v2 contacts message: at least this many cards.',
  ],
  contactsMaxItems: [
    '/components/schemas/V2ContactsMessage/properties/contacts/maxItems',
    'v2 contacts message: at most this many cards.',
  ],
  templateNameMaxCharacters: [
    '/components/schemas/V2CreateTemplateRequest/properties/name/maxLength',
    'v2 template name: at most this many characters.',
  ],
  orderReferenceIdMaxCharacters: [
    '/components/schemas/V2OrderDetailsParameters/properties/reference_id/maxLength',
    'Order details `reference_id`: at most this many characters.',
  ],
  interactiveBodyMaxCharacters: [
    '/components/schemas/V2InteractiveBody/properties/text/maxLength',
    "An interactive message's body text: at most this many characters.",
  ],
  interactiveFooterMaxCharacters: [
    '/components/schemas/V2InteractiveFooter/properties/text/maxLength',
    "An interactive message's footer text: at most this many characters.",
  ],
  orderItemNameMaxCharacters: [
    '/components/schemas/V2OrderItem/properties/name/maxLength',
    "An order item's name: at most this many characters.",
  ],
  orderItemsMaxItems: [
    '/components/schemas/V2Order/properties/items/maxItems',
    'An order: at most this many items.',
  ],
  orderStatusDescriptionMaxCharacters: [
    '/components/schemas/V2OrderStatusUpdate/properties/description/maxLength',
    "An order status update's description: at most this many characters.",
  ],
  resumableUploadMaxBytes: [
    '/components/schemas/V2ResumableMediaUploadRequest/properties/file/x-max-size-bytes',
    'The resumable upload: at most this many bytes (100 MB, read strictly as 100,000,000).',
  ],
};

/** The resumable upload's MIME types, as the document's `V2ResumableMediaType` enum lists them. */
export const resumableUploadTypesSource = '/components/schemas/V2ResumableMediaType/enum';

/** The value sets the SDK checks before sending, each an `enum` in the document. */
export const specEnumSources = {
  orderStatuses: [
    '/components/schemas/V2OrderStatusUpdate/properties/status/enum',
    "An order status message's statuses.",
  ],
  goodsTypes: [
    '/components/schemas/V2OrderDetailsParameters/properties/type/enum',
    'What an order details message sells.',
  ],
};
