import type { CallOptions } from '../core/call-options.js';
import type { KaleyraPromise, WithResponse } from '../core/api-promise.js';
import { formBody } from '../core/body.js';
import type { RequestCore } from '../core/request-core.js';
import type { MultipartField } from '../files/multipart-body.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { toUploadFile, type FileInput, type UploadFile } from '../files/upload-file.js';
import { assertCaption } from '../validation/caption.js';
import { assertPhoneNumberList } from '../validation/phone-number.js';
import { assertRequiredText, assertTextId } from '../validation/required.js';
import { mediaKindOf, validateAnyMediaFile } from '../validation/media-kind.js';
import { assertAllowedType } from '../validation/allowed-type.js';
import type { Schemas } from './schemas.js';
import { resolveSender } from './sender.js';
import { formatV1Params } from './v1-params.js';

export interface V1SendOptions {
  /** One recipient or several (sent as one comma-separated field), E.164. */
  to: string | readonly string[];
  /** Business number to send from; default: the client's `from`. */
  from?: string;
  /** Where Kaleyra reports this message's status (must be whitelisted on the account). */
  callbackUrl?: string;
  /** The callback profile that receives this message's status. */
  callbackProfileId?: string;
  /** Your reference, echoed in status callbacks. */
  ref?: string;
  /** A second reference, echoed in status callbacks. */
  ref1?: string;
  /** A third reference, echoed in status callbacks. */
  ref2?: string;
}

export interface V1TextOptions extends V1SendOptions {
  /** The message text. */
  body: string;
  /** Render a preview of the first URL in `body`. */
  previewUrl?: boolean;
}

export interface V1TemplateOptions extends V1SendOptions {
  /** The approved template's name. */
  templateName: string;
  /** Body variables in order; quoted and comma-separated for you. */
  params?: readonly string[];
  /** The template's language code (`en`). */
  langCode?: string;
}

/** A file to attach, with the name and type to send it under when the input has none. */
export interface V1FileOptions {
  /** Bytes, a Blob/File, a `{ stream, name }`, or `fileFromPath(...)`. */
  file: FileInput;
  /** The file name to send when the input has none. */
  name?: string;
  /** The MIME type; by default sniffed from the bytes, then the name. */
  type?: string;
}

export interface V1MediaOptions extends V1SendOptions {
  /** The file to attach (`media` part). */
  media?: V1FileOptions;
  /** A public URL of the file. If both are given the server uses only this one. */
  mediaUrl?: string;
  /** At most 1024 characters. */
  caption?: string;
}

export interface V1MediaTemplateOptions extends V1SendOptions {
  /** The approved template's name. */
  templateName: string;
  /** Body variables in order; quoted and comma-separated for you. */
  params?: readonly string[];
  /** The header variable. */
  paramHeader?: string;
  /** Header media as a file or a URL. */
  media?: V1FileOptions;
  /** Header media as a public URL. */
  mediaUrl?: string;
  /** Variable parts of the first and second dynamic-URL buttons. */
  paramUrl?: string;
  /** The variable part of the second dynamic-URL button. */
  secondParamUrl?: string;
  /** Coupon templates: the code the copy-code button copies. */
  couponCode?: string;
  /** Quick-reply templates: up to 3 button payloads. */
  payloads?: readonly string[];
  /** The template's language code. */
  language?: string;
}

export type V1SendMessageResponse = Schemas['V1SendMessageResponse'];

const MEDIA_TEMPLATE_MAX_PAYLOADS = 3;

/** v1 sends (form fields on `/v1/{sid}/messages`), one method per message kind. */
export class V1Messages {
  readonly #core: RequestCore;

  /** v1 sends through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /** Sends a text message. */
  sendText(message: V1TextOptions, call?: CallOptions): KaleyraPromise<V1SendMessageResponse> {
    return this.#core.answered(async () => {
      assertRequiredText('body', message.body, 'non-empty text');
      const fields = this.common(message, 'text');
      fields.body = message.body;
      if (message.previewUrl !== undefined) fields.preview_url = String(message.previewUrl);
      return this.post(fields, [], call);
    });
  }

  /** Sends an approved text template with its body variables. */
  sendTemplate(message: V1TemplateOptions, call?: CallOptions): KaleyraPromise<V1SendMessageResponse> {
    return this.#core.answered(async () => {
      const fields = this.common(message, 'template');
      fields.template_name = templateName(message.templateName);
      if (message.params !== undefined) fields.params = formatV1Params(message.params);
      if (message.langCode !== undefined) fields.lang_code = message.langCode;
      return this.post(fields, [], call);
    });
  }

  /** Sends a file (attached or by URL) with an optional caption. */
  sendMedia(message: V1MediaOptions, call?: CallOptions): KaleyraPromise<V1SendMessageResponse> {
    return this.#core.answered(async () => {
      const fields = this.common(message, 'media');
      const files = await this.media(message, fields, true);
      if (message.caption !== undefined) {
        assertCaption('caption', message.caption);
        fields.caption = message.caption;
      }
      return this.post(fields, files, call);
    });
  }

  /** Sends an approved media template: header media, variables, button parts, coupon, payloads. */
  sendMediaTemplate(
    message: V1MediaTemplateOptions,
    call?: CallOptions,
  ): KaleyraPromise<V1SendMessageResponse> {
    return this.#core.answered(async () => {
      const fields = this.common(message, 'mediatemplate');
      fields.template_name = templateName(message.templateName);
      if (message.params !== undefined) fields.params = formatV1Params(message.params);
      addGiven(fields, {
        param_header: message.paramHeader,
        param_url: message.paramUrl,
        second_param_url: message.secondParamUrl,
        language: message.language,
        coupon_code: message.couponCode === undefined ? undefined : formatV1Params([message.couponCode]),
      });
      const payloads = message.payloads ?? [];
      if (payloads.length > MEDIA_TEMPLATE_MAX_PAYLOADS) {
        throw new KaleyraValidationError({
          field: 'payloads',
          rule: 'max-items',
          message: `at most ${MEDIA_TEMPLATE_MAX_PAYLOADS} quick-reply payloads`,
        });
      }
      payloads.forEach((payload, index) => (fields[`payload${index + 1}`] = payload));
      const files = await this.media(message, fields, false);
      return this.post(fields, files, call);
    });
  }

  private common(message: V1SendOptions, type: string): Record<string, string> {
    const to =
      typeof message.to === 'string'
        ? message.to
        : Array.isArray(message.to)
          ? message.to.join(',')
          : message.to;
    assertPhoneNumberList('to', to);
    const from = resolveSender(message.from, this.#core.defaults.from);
    if (message.callbackProfileId !== undefined) assertTextId('callbackProfileId', message.callbackProfileId);
    const fields: Record<string, string> = { to, from, channel: 'whatsapp', type };
    addGiven(fields, {
      callback_url: message.callbackUrl,
      callback_profile_id: message.callbackProfileId,
      ref: message.ref,
      ref1: message.ref1,
      ref2: message.ref2,
    });
    return fields;
  }

  private async media(
    message: V1MediaOptions | V1MediaTemplateOptions,
    fields: Record<string, string>,
    required: boolean,
  ): Promise<MultipartField[]> {
    if (message.mediaUrl !== undefined) fields.media_url = message.mediaUrl;
    if (message.media === undefined) {
      if (required && message.mediaUrl === undefined) {
        throw new KaleyraValidationError({
          field: 'media',
          rule: 'media-or-url',
          message: 'give media (a file) or mediaUrl (E419 otherwise)',
        });
      }
      return [];
    }
    const file: UploadFile = await toUploadFile(message.media.file, {
      field: 'media',
      name: message.media.name,
      type: message.media.type,
    });
    if (required) {
      validateAnyMediaFile(file, 'media');
    } else {
      // Media template headers are an image, a video or a document, and document templates take PDF only.
      validateAnyMediaFile(file, 'media', ['image', 'video', 'document']);
      if (mediaKindOf(file.type) === 'document') assertAllowedType('media', file.type, ['application/pdf']);
    }
    return [{ name: 'media', file }];
  }

  private async post(
    fields: Record<string, string>,
    files: readonly MultipartField[],
    call: CallOptions | undefined,
  ): Promise<WithResponse<V1SendMessageResponse>> {
    return this.#core.call(
      'post',
      '/v1/{sid}/messages',
      { path: {}, body: { encoded: await formBody(fields, files) } },
      call,
    );
  }
}

/** Adds the optional fields the caller gave: an absent option is no form field, never "undefined". */
function addGiven(fields: Record<string, string>, optional: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) fields[name] = value;
}

function templateName(value: unknown): string {
  assertRequiredText('templateName', value, 'the approved template name (E424 otherwise)');
  return value;
}
