import type { CallOptions } from '../core/call-options.js';
import { offsetPages, type PagePromise } from '../core/pagination.js';
import type { RequestCore } from '../core/request-core.js';
import type { Schemas } from './schemas.js';

/** A page of the account's callback profiles. */
export type CallbackProfileList = Schemas['CallbackProfileListResponse'];
/** One callback profile of a list. */
export type CallbackProfile = Schemas['CallbackProfile'];
/** The query of a callback-profile list: page size, entries to skip, and an optional title filter. */
export interface ListCallbackProfilesOptions {
  /** Page size (the API's default is 25). */
  limit?: number;
  /** Entries to skip. */
  offset?: number;
  /** Only the profiles with this title. */
  title?: string;
}

/** The account's callback profiles (a platform API, shared with other channels). */
export class CallbackProfiles {
  readonly #core: RequestCore;

  /** Callback profiles through the client's request core. */
  constructor(core: RequestCore) {
    this.#core = core;
  }

  /**
   * Lists the account's callback profiles, optionally by `title`: awaited, one page (`limit`, `offset`);
   * with `for await`, every profile of every page.
   */
  list(
    query: ListCallbackProfilesOptions = {},
    call?: CallOptions,
  ): PagePromise<CallbackProfileList, CallbackProfile> {
    return offsetPages(
      { limit: query.limit, offset: query.offset, title: query.title },
      (page) => this.#core.call('get', '/v1/{sid}/callback/profiles', { path: {}, query: page }, call),
      (page) => page.data ?? [],
    );
  }
}
