import type { Client } from 'openapi-fetch';
import { Redactor } from '../redaction/redactor.js';
import { RequestCore, type V1Paths, type V2Paths } from '../core/request-core.js';
import { CallbackProfiles } from '../resources/callback-profiles.js';
import { Flows } from '../resources/flows.js';
import { Media } from '../resources/media.js';
import { Templates } from '../resources/templates.js';
import { V1Messages } from '../resources/v1-messages.js';
import { V2Messages } from '../resources/v2-messages.js';
import { resolveClientOptions, type KaleyraClientOptions } from './options.js';
import { withEnvironment } from './environment.js';
import { assertServerSide } from './browser-guard.js';
import { warnIfProxyIgnored } from './proxy-warning.js';

/**
 * A client for one Kaleyra account, made by `createKaleyraClient`: a resource per API area (`v2Messages`,
 * `media`, `templates`, ...) whose methods validate, send and decode, and the raw typed clients `v1` and `v2`.
 */
export interface KaleyraClient {
  /** The typed openapi-fetch client for every v1 operation (`{ data, error }` results, one attempt, same transport policy). */
  readonly v1: Client<V1Paths>;
  /** The typed openapi-fetch client for every v2 operation. */
  readonly v2: Client<V2Paths>;
  /** v1 sends: form fields on `/v1/{sid}/messages`. */
  readonly v1Messages: V1Messages;
  /** v2 sends: Meta's message objects on `/v2/{sid}/whatsapp/{phone_number}/messages`. */
  readonly v2Messages: V2Messages;
  /** v2 uploads: resumable (up to 100 MB) and plain. */
  readonly media: Media;
  /** Template management: v1 creation, v2 create / list / delete. */
  readonly templates: Templates;
  /** WhatsApp Flows: create and publish. */
  readonly flows: Flows;
  /** The account's callback profiles. */
  readonly callbackProfiles: CallbackProfiles;
}

/**
 * Creates a client for one Kaleyra account. Bad options throw a KaleyraValidationError naming the
 * option; nothing is sent until a method is called. Options left out are read from KALEYRA_SID,
 * KALEYRA_API_KEY, KALEYRA_POD, KALEYRA_BASE_URL and KALEYRA_FROM where the runtime has an
 * environment, and KALEYRA_LOG=debug|info|warn logs to stderr through the redacting logger. The key
 * is handed once to the client's Redactor, and from there on only the redactor goes down, so printing the client (or any part of it) shows no key.
 */
export function createKaleyraClient(options?: Partial<KaleyraClientOptions>): KaleyraClient {
  const given = withEnvironment(options);
  assertServerSide(given.dangerouslyAllowBrowser);
  const resolved = resolveClientOptions(given);
  warnIfProxyIgnored(resolved, given.fetch !== undefined);
  const core = new RequestCore(resolved, new Redactor(given.apiKey));
  return Object.freeze({
    v1: core.v1,
    v2: core.v2,
    v1Messages: new V1Messages(core),
    v2Messages: new V2Messages(core),
    media: new Media(core),
    templates: new Templates(core),
    flows: new Flows(core),
    callbackProfiles: new CallbackProfiles(core),
  });
}
