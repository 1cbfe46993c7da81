import { KaleyraError } from '../errors/kaleyra-error.js';
import { KaleyraPromise, type WithResponse } from './api-promise.js';

/**
 * The most pages one iteration reads. A server that keeps answering full pages past it (a paging
 * bug, an offset it ignores) ends the iteration with an error instead of looping for ever.
 */
export const MAX_PAGES = 10_000;

/** Sends one page's request through the request core (same retries, timeouts and redaction). */
type FetchPage<Query, Page> = (query: Query) => Promise<WithResponse<Page>>;

/** How one list endpoint pages: fetch a page, read its items, and say what the next query is. */
interface Paging<Query, Page, Item> {
  fetch: FetchPage<Query, Page>;
  items: (page: Page) => readonly Item[];
  /** The next page's query, or undefined when `page` is the last; `first` is the first page. */
  next: (page: Page, query: Query, first: Page) => Query | undefined;
}

/**
 * What a list method returns: awaiting it gives the first page, exactly as a plain call does
 * (`.withResponse()` included), and `for await` over it yields every item of every page, each
 * page fetched only when the previous one is used up (openai-node's PagePromise is the model).
 */
export class PagePromise<Page, Item> extends KaleyraPromise<Page> implements AsyncIterable<Item> {
  readonly #pages: () => AsyncGenerator<Page, void, undefined>;
  readonly #items: (page: Page) => readonly Item[];

  /** Wraps the first page's answer and the way to read the pages after it. */
  constructor(
    first: Promise<WithResponse<Page>>,
    pages: () => AsyncGenerator<Page, void, undefined>,
    items: (page: Page) => readonly Item[],
  ) {
    super(first);
    this.#pages = pages;
    this.#items = items;
  }

  /** Every page in turn, starting with the first (fetched once however often it is awaited). */
  pages(): AsyncGenerator<Page, void, undefined> {
    return this.#pages();
  }

  /** Every item of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.#pages()) yield* this.#items(page);
  }
}

/**
 * Offset paging (`limit` / `offset`): the next page starts after the items seen so far; a page that
 * is empty, or shorter than the page size (the `limit` given, else the first page's length), is the last.
 */
export function offsetPages<
  Query extends { limit?: number | undefined; offset?: number | undefined },
  Page,
  Item,
>(
  query: Query,
  fetch: FetchPage<Query, Page>,
  items: (page: Page) => readonly Item[],
): PagePromise<Page, Item> {
  return paginate(query, {
    fetch,
    items,
    next(page, current, first) {
      const count = items(page).length;
      const size = current.limit ?? items(first).length;
      return count === 0 || count < size ? undefined : { ...current, offset: (current.offset ?? 0) + count };
    },
  });
}

/** Cursor paging (Graph's `after`): the next page is asked for with the page's cursor; no cursor, no next page. */
export function cursorPages<Query extends { after?: string | undefined }, Page, Item>(
  query: Query,
  fetch: FetchPage<Query, Page>,
  items: (page: Page) => readonly Item[],
  cursor: (page: Page) => string | undefined,
): PagePromise<Page, Item> {
  return paginate(query, {
    fetch,
    items,
    next(page, current) {
      const after = cursor(page);
      return after === undefined || after === '' ? undefined : { ...current, after };
    },
  });
}

function paginate<Query, Page, Item>(
  query: Query,
  paging: Paging<Query, Page, Item>,
): PagePromise<Page, Item> {
  // Sent at once, as any call is; iteration reuses it rather than asking for page one again.
  const first = Promise.resolve().then(() => paging.fetch(query));
  async function* pages(): AsyncGenerator<Page, void, undefined> {
    const { data: firstPage } = await first;
    yield firstPage;
    let page = firstPage;
    let current = query;
    let previousItems = JSON.stringify(paging.items(firstPage));
    for (let read = 1; ; read++) {
      const next = paging.next(page, current, firstPage);
      if (next === undefined) return;
      if (read >= MAX_PAGES)
        throw new KaleyraError(
          `listing stopped after ${MAX_PAGES} pages: the server kept answering full pages`,
        );
      page = (await paging.fetch(next)).data;
      current = next;
      const seen = JSON.stringify(paging.items(page));
      // A server that ignores the offset or cursor answers the same page again: stop, do not loop.
      if (seen === previousItems && paging.items(page).length > 0) {
        throw new KaleyraError(
          `listing stopped at page ${read + 1}: the server answered the same items as page ${read} (it ignores the paging parameters)`,
        );
      }
      previousItems = seen;
      yield page;
    }
  }
  return new PagePromise(first, pages, paging.items);
}
