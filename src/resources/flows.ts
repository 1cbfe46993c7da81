import type { CallOptions } from '../core/call-options.js';
import type { KaleyraPromise } from '../core/api-promise.js';
import type { RequestCore } from '../core/request-core.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { assertDigitsId, assertRequiredText, assertWabaId } from '../validation/required.js';
import type { Schemas } from './schemas.js';
import type { V2ManagementResponse } from './templates.js';

export type CreateFlowOptions = Schemas['V2CreateFlowRequest'] & { wabaId: string };

/** WhatsApp Flows (v2): create (path inferred, see the spec) and publish. */
export class Flows {
  readonly #core: RequestCore;

  /** Flows through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /** Creates a flow in draft on the WABA (`name`, at least one category). */
  create(flow: CreateFlowOptions, call?: CallOptions): KaleyraPromise<V2ManagementResponse | undefined> {
    return this.#core.answered(async () => {
      const { wabaId, ...definition } = flow ?? ({} as CreateFlowOptions);
      assertWabaId(wabaId);
      assertRequiredText('name', definition.name);
      if (!Array.isArray(definition.categories) || definition.categories.length === 0) {
        throw new KaleyraValidationError({
          field: 'categories',
          rule: 'min-items',
          message: 'give at least one flow category',
        });
      }
      return this.#core.callMaybeEmpty(
        'post',
        '/v2/{sid}/whatsapp/{waba_id}/flows',
        { path: { waba_id: wabaId }, body: { json: definition } },
        call,
      );
    });
  }

  /** Publishing is final: a published flow can be deprecated, not deleted or edited. */
  publish(target: { flowId: string }, call?: CallOptions): KaleyraPromise<V2ManagementResponse | undefined> {
    return this.#core.answered(async () => {
      assertDigitsId('flowId', target?.flowId, 'the flow id');
      return this.#core.callMaybeEmpty(
        'post',
        '/v2/{sid}/whatsapp/{flow_id}/publish',
        { path: { flow_id: target.flowId } },
        call,
      );
    });
  }
}
