import type { CallOptions } from '../client/options.js';
import type { KaleyraPromise } from '../core/api-promise.js';
import type { RequestCore } from '../core/request-core.js';
import type { Schemas } from './schemas.js';

/** A page of the account's callback profiles. */
export type CallbackProfileList = Schemas['CallbackProfileListResponse'];

/** The account's callback profiles (a platform API, shared with other channels). */
export class CallbackProfiles {
  readonly #core: RequestCore;

  /** Callback profiles through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /** Lists the account's callback profiles, a page at a time (`limit`, `offset`), optionally by `title`. */
  list(query: { limit?: number; offset?: number; title?: string } = {}, call?: CallOptions): KaleyraPromise<CallbackProfileList> {
    return this.#core.answered(async () => {
      const page = { limit: query.limit, offset: query.offset, title: query.title };
      return this.#core.call('get', '/v1/{sid}/callback/profiles', { path: {}, query: page }, call);
    });
  }
}
