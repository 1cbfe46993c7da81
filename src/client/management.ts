import type { Client } from 'openapi-fetch';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertDigitsId, assertRequiredText, assertWabaId } from '../validation/required.js';
import { multipartBody } from './form-body.js';
import type { CallOptions, ResolvedClientOptions } from './options.js';
import { policyFetch, sendWithPolicy } from './policy-fetch.js';
import type { V1Paths, V2Paths } from './raw-clients.js';
import { textBody } from './request-body.js';
import type { Schemas } from './schemas.js';

/**
 * The pages print no answer for template and flow management; these methods resolve to the body
 * when there is one and to undefined when the answer is empty.
 */
export type V2ManagementResponse = Schemas['V2ManagementResponse'];
export type V1CreateTemplateResponse = Schemas['V1CreateTemplateResponse'];
export type CallbackProfileList = Schemas['CallbackProfileListResponse'];

/** v1 template creation: the form fields of the three documented variants (text, authentication, coupon). */
export type V1CreateTemplateOptions = Schemas['V1CreateTemplateRequest'];

export type V2CreateTemplateOptions = Schemas['V2CreateTemplateRequest'] & { wabaId: string };

export interface DeleteTemplateOptions {
  wabaId: string;
  /** Deleting by name alone removes every language version of the template. */
  name: string;
  /** With the name, removes only this version. */
  templateId?: string;
}

/** Template management: v1 creation, and v2 create / list / delete on a WABA. */
export class Templates {
  constructor(
    private readonly v1: Client<V1Paths>,
    private readonly v2: Client<V2Paths>,
    private readonly options: ResolvedClientOptions,
  ) {}

  /** v1: creates a template from form fields (JSON-valued fields such as `button_data` as JSON text). */
  async createV1(template: V1CreateTemplateOptions, call?: CallOptions): Promise<V1CreateTemplateResponse | undefined> {
    assertRequiredText('name', template?.name);
    assertRequiredText('category', template.category);
    assertRequiredText('language', template.language);
    const fields = Object.entries(template)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
    const body = await multipartBody(fields);
    const { data } = await this.v1.POST('/v1/{sid}/whatsapp/template', {
      params: { path: { sid: this.options.sid } },
      body: template,
      ...sendWithPolicy(this.options, call, body),
    });
    return data;
  }

  /** v2: submits a template for approval (at most 100 per WABA per hour; name at most 512 characters). */
  async create(template: V2CreateTemplateOptions, call?: CallOptions): Promise<V2ManagementResponse | undefined> {
    const { wabaId, ...definition } = template ?? ({} as V2CreateTemplateOptions);
    assertWabaId(wabaId);
    assertRequiredText('name', definition.name);
    if (definition.name.length > 512) throw new KaleyraValidationError({ field: 'name', rule: 'max-length', message: 'at most 512 characters' });
    const json = textBody(JSON.stringify(definition), 'application/json');
    const { data } = await this.v2.POST('/v2/{sid}/whatsapp/{waba_id}/message_templates', {
      params: { path: { sid: this.options.sid, waba_id: wabaId } },
      body: definition as Schemas['V2CreateTemplateRequest'],
      ...sendWithPolicy(this.options, call, json),
    });
    return data;
  }

  async list(query: { wabaId: string }, call?: CallOptions): Promise<V2ManagementResponse | undefined> {
    assertWabaId(query?.wabaId);
    const { data } = await this.v2.GET('/v2/{sid}/whatsapp/{waba_id}/message_templates', {
      params: { path: { sid: this.options.sid, waba_id: query.wabaId } },
      fetch: policyFetch(this.options, call, undefined),
    });
    return data;
  }

  async delete(target: DeleteTemplateOptions, call?: CallOptions): Promise<V2ManagementResponse | undefined> {
    assertWabaId(target?.wabaId);
    assertRequiredText('name', target.name);
    const { data } = await this.v2.DELETE('/v2/{sid}/whatsapp/{waba_id}/message_templates', {
      params: {
        path: { sid: this.options.sid, waba_id: target.wabaId },
        query: { name: target.name, template_id: target.templateId },
      },
      fetch: policyFetch(this.options, call, undefined),
    });
    return data;
  }
}

export type CreateFlowOptions = Schemas['V2CreateFlowRequest'] & { wabaId: string };

/** WhatsApp Flows (v2): create (path inferred, see the spec) and publish. */
export class Flows {
  constructor(
    private readonly v2: Client<V2Paths>,
    private readonly options: ResolvedClientOptions,
  ) {}

  async create(flow: CreateFlowOptions, call?: CallOptions): Promise<V2ManagementResponse | undefined> {
    const { wabaId, ...definition } = flow ?? ({} as CreateFlowOptions);
    assertWabaId(wabaId);
    assertRequiredText('name', definition.name);
    if (!Array.isArray(definition.categories) || definition.categories.length === 0) {
      throw new KaleyraValidationError({ field: 'categories', rule: 'min-items', message: 'give at least one flow category' });
    }
    const json = textBody(JSON.stringify(definition), 'application/json');
    const { data } = await this.v2.POST('/v2/{sid}/whatsapp/{waba_id}/flows', {
      params: { path: { sid: this.options.sid, waba_id: wabaId } },
      body: definition as Schemas['V2CreateFlowRequest'],
      ...sendWithPolicy(this.options, call, json),
    });
    return data;
  }

  /** Publishing is final: a published flow can be deprecated, not deleted or edited. */
  async publish(target: { flowId: string }, call?: CallOptions): Promise<V2ManagementResponse | undefined> {
    assertDigitsId('flowId', target?.flowId, 'the flow id');
    const { data } = await this.v2.POST('/v2/{sid}/whatsapp/{flow_id}/publish', {
      params: { path: { sid: this.options.sid, flow_id: target.flowId } },
      fetch: policyFetch(this.options, call, undefined),
    });
    return data;
  }
}

/** The account's callback profiles (a platform API, shared with other channels). */
export class CallbackProfiles {
  constructor(
    private readonly v1: Client<V1Paths>,
    private readonly options: ResolvedClientOptions,
  ) {}

  async list(query: { limit?: number; offset?: number; title?: string } = {}, call?: CallOptions): Promise<CallbackProfileList> {
    const { data } = await this.v1.GET('/v1/{sid}/callback/profiles', {
      params: {
        path: { sid: this.options.sid },
        query: { limit: query.limit, offset: query.offset, title: query.title },
      },
      fetch: policyFetch(this.options, call, undefined),
    });
    return data as CallbackProfileList;
  }
}
