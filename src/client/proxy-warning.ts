import { nodeFetchHasDefaultDispatcher } from '../core/body.js';
import type { KaleyraLogger } from '../transport/logger.js';
import { readEnvironment } from './environment.js';

/** The variables proxy-aware tools read; Node's own fetch reads none of them by default. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

let warned = false;

/**
 * Says once per process that a proxy variable is set but the client's fetch (Node's own, with its
 * default dispatcher) will not use it, so requests would go direct without a word. Deno and Bun
 * honour the variables themselves; a fetch you passed, a replaced global dispatcher (undici's
 * setGlobalDispatcher) or NODE_USE_ENV_PROXY mean the choice was made, and nothing is said.
 * The proxy's value is never printed: it may hold a password.
 */
export function warnIfProxyIgnored(
  client: { fetchIsNodes: boolean; logger: KaleyraLogger | undefined },
  fetchGiven: boolean,
): void {
  if (warned || fetchGiven || !client.fetchIsNodes) return;
  const variable = PROXY_VARIABLES.find((name) => readEnvironment(name) !== undefined);
  if (variable === undefined || readEnvironment('NODE_USE_ENV_PROXY') !== undefined) return;
  if (!nodeFetchHasDefaultDispatcher()) return;
  warned = true;
  const message =
    `kaleyra-whatsapp: ${variable} is set, but Node's fetch does not use it: requests go direct. ` +
    "Pass a fetch that uses the proxy (README, 'Proxies'), or run Node with NODE_USE_ENV_PROXY=1 where it supports it.";
  try {
    (client.logger ?? console).warn(message);
  } catch {
    // A warning must never stop a client from being made.
  }
}
