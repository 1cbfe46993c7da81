import type { Client } from 'openapi-fetch';
import { CallbackProfiles, Flows, Templates } from './management.js';
import { Media } from './media.js';
import { resolveClientOptions, type KaleyraClientOptions } from './options.js';
import { withEnvironment } from './environment.js';
import { assertServerSide } from './browser-guard.js';
import { createRawClients, type V1Paths, type V2Paths } from './raw-clients.js';
import { V1Messages } from './v1-messages.js';
import { V2Messages } from './v2-messages.js';

export interface KaleyraClient {
  /** The typed openapi-fetch client for every v1 operation (`{ data, error }` results, no retries). */
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
 * environment, and KALEYRA_LOG=debug|info|warn logs to stderr through the redacting logger.
 */
export function createKaleyraClient(options?: Partial<KaleyraClientOptions>): KaleyraClient {
  const given = withEnvironment(options);
  assertServerSide(given.dangerouslyAllowBrowser);
  const resolved = resolveClientOptions(given);
  const raw = createRawClients(resolved);
  return Object.freeze({
    v1: raw.v1,
    v2: raw.v2,
    v1Messages: new V1Messages(raw.v1, resolved),
    v2Messages: new V2Messages(raw.v2, resolved),
    media: new Media(raw.v2, resolved),
    templates: new Templates(raw.v1, raw.v2, resolved),
    flows: new Flows(raw.v2, resolved),
    callbackProfiles: new CallbackProfiles(raw.v1, resolved),
  });
}
