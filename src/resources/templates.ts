import type { CallOptions } from '../core/call-options.js';
import type { KaleyraPromise } from '../core/api-promise.js';
import type { RequestCore } from '../core/request-core.js';
import { cursorPages, type PagePromise } from '../core/pagination.js';
import { multipartBody } from '../core/body.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { SPEC_LIMITS } from '../../generated/spec-limits.js';
import { assertDigitsId, assertRequiredText, assertWabaId } from '../validation/required.js';
import type { Schemas } from './schemas.js';

/**
 * The pages print no answer for template and flow management; these methods resolve to the body
 * when there is one and to undefined when the answer is empty.
 */
export type V2ManagementResponse = Schemas['V2ManagementResponse'];
/** One page of the WABA's templates, in Meta's Graph API shape (`data`, `paging`). */
export type TemplateListPage = Schemas['V2TemplateListResponse'];
/** One template of a list (Meta's template object). */
export type TemplateListItem = NonNullable<TemplateListPage['data']>[number];
export type V1CreateTemplateResponse = Schemas['V1CreateTemplateResponse'];

/** v1 template creation: the form fields of the three documented variants (text, authentication, coupon). */
export type V1CreateTemplateOptions = Schemas['V1CreateTemplateRequest'];

export type V2CreateTemplateOptions = Schemas['V2CreateTemplateRequest'] & { wabaId: string };

/** The query of a template list: the WABA, and Meta's paging parameters. */
export interface ListTemplatesOptions {
  /** The WhatsApp Business Account id. */
  wabaId: string;
  /** Page size (Meta's Graph API `limit`). */
  limit?: number;
  /** Meta's cursor: the previous page's `paging.cursors.after`, to start after it. */
  after?: string;
}

export interface DeleteTemplateOptions {
  /** The WhatsApp Business Account id. */
  wabaId: string;
  /** Deleting by name alone removes every language version of the template. */
  name: string;
  /** With the name, removes only this version. */
  templateId?: string;
}

/** Template management: v1 creation, and v2 create / list / delete on a WABA. */
export class Templates {
  readonly #core: RequestCore;

  /** Template management through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /** v1: creates a template from form fields (JSON-valued fields such as `button_data` as JSON text). */
  createV1(
    template: V1CreateTemplateOptions,
    call?: CallOptions,
  ): KaleyraPromise<V1CreateTemplateResponse | undefined> {
    return this.#core.answered(async () => {
      assertRequiredText('name', template?.name);
      assertRequiredText('category', template.category);
      assertRequiredText('language', template.language);
      const fields = Object.entries(template)
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
      return this.#core.callMaybeEmpty(
        'post',
        '/v1/{sid}/whatsapp/template',
        { path: {}, body: { encoded: await multipartBody(fields) } },
        call,
      );
    });
  }

  /** v2: submits a template for approval (at most 100 per WABA per hour; name at most 512 characters). */
  create(
    template: V2CreateTemplateOptions,
    call?: CallOptions,
  ): KaleyraPromise<V2ManagementResponse | undefined> {
    return this.#core.answered(async () => {
      const { wabaId, ...definition } = template ?? ({} as V2CreateTemplateOptions);
      assertWabaId(wabaId);
      assertRequiredText('name', definition.name);
      const max = SPEC_LIMITS.templateNameMaxCharacters;
      if (definition.name.length > max)
        throw new KaleyraValidationError({
          field: 'name',
          rule: 'max-length',
          message: `at most ${max} characters`,
        });
      return this.#core.callMaybeEmpty(
        'post',
        '/v2/{sid}/whatsapp/{waba_id}/message_templates',
        { path: { waba_id: wabaId }, body: { json: definition } },
        call,
      );
    });
  }

  /**
   * Lists the WABA's templates: awaited, one page (Meta's `limit` / `after`); with `for await`, every
   * template of every page, following Meta's cursor while the page has a `next`.
   */
  list(
    query: ListTemplatesOptions,
    call?: CallOptions,
  ): PagePromise<TemplateListPage | undefined, TemplateListItem> {
    const wabaId = query?.wabaId;
    return cursorPages(
      { limit: query?.limit, after: query?.after },
      (page) => {
        assertWabaId(wabaId);
        return this.#core.callMaybeEmpty(
          'get',
          '/v2/{sid}/whatsapp/{waba_id}/message_templates',
          { path: { waba_id: wabaId }, query: page },
          call,
        );
      },
      (page) => page?.data ?? [],
      // Graph leaves `next` out on the last page, whose `cursors.after` is still set.
      (page) => (page?.paging?.next === undefined ? undefined : page.paging.cursors?.after),
    );
  }

  /** Deletes a template by name (every language), or one version with `templateId`. */
  delete(
    target: DeleteTemplateOptions,
    call?: CallOptions,
  ): KaleyraPromise<V2ManagementResponse | undefined> {
    return this.#core.answered(async () => {
      assertWabaId(target?.wabaId);
      assertRequiredText('name', target.name);
      if (target.templateId !== undefined) assertDigitsId('templateId', target.templateId, 'the template id');
      const query = { name: target.name, template_id: target.templateId };
      return this.#core.callMaybeEmpty(
        'delete',
        '/v2/{sid}/whatsapp/{waba_id}/message_templates',
        { path: { waba_id: target.wabaId }, query },
        call,
      );
    });
  }
}
