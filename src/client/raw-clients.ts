import createClient, { type Client } from 'openapi-fetch';
import { createSafeLogger } from '../transport/logger.js';
import { authMiddleware } from './auth-middleware.js';
import { loggingMiddleware } from './logging-middleware.js';
import { kaleyraPathSerializer } from './path-serializer.js';
import type { ResolvedClientOptions } from './options.js';
import type { Paths } from './schemas.js';

export type V1Paths = Pick<Paths, Extract<keyof Paths, `/v1/${string}`>>;
export type V2Paths = Pick<Paths, Extract<keyof Paths, `/v2/${string}`>>;

/** The typed openapi-fetch clients, one per API version, with auth and masked logging. */
export function createRawClients(options: ResolvedClientOptions): { v1: Client<V1Paths>; v2: Client<V2Paths> } {
  const make = <P extends {}>(baseUrl: string): Client<P> => {
    // options.fetch is already a plain function (see resolveClientOptions), safe to hand over as is.
    const client = createClient<P>({ baseUrl, fetch: options.fetch, pathSerializer: kaleyraPathSerializer });
    client.use(authMiddleware(options.apiKey));
    if (options.logger) client.use(loggingMiddleware(createSafeLogger(options.logger, [options.apiKey])));
    return client;
  };
  return { v1: make<V1Paths>(options.baseUrls.v1), v2: make<V2Paths>(options.baseUrls.v2) };
}
