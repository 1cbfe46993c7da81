import type { ResponseMeta } from './transport.js';

/** A call's data together with the status and headers of the answer that carried it. */
export interface WithResponse<T> {
  /** The answer's body, typed by the OpenAPI document. */
  data: T;
  /** The answer's HTTP status and headers. */
  response: ResponseMeta;
}

/**
 * What every high-level method returns: a promise of the data, plus `.withResponse()` for the
 * HTTP status and headers of the answer. Awaiting it gives the data alone, as before.
 */
export class KaleyraPromise<T> extends Promise<T> {
  readonly #answer: Promise<WithResponse<T>>;

  /** Wraps the promise of an answer; nothing is sent twice however often it is awaited. */
  constructor(answer: Promise<WithResponse<T>>) {
    super((resolve) => resolve(undefined as never));
    this.#answer = answer;
  }

  // then/catch/finally build plain promises: a subclass's species would call our constructor.
  /** Promises derived from this one are plain promises. */
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The data and the answer's status and headers. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#answer;
  }

  /** Resolves with the data. */
  override then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#answer.then((answer) => answer.data).then(onfulfilled, onrejected);
  }

  /** Handles a failure. */
  override catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  /** Runs `onfinally` either way. */
  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }
}
