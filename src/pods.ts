/**
 * Kaleyra serves each account from one pod (region). The hosts are the ones the OpenAPI document's
 * server variable lists; the pages disagree on two of them and the spec settles it:
 * - SG: `api.kaleyra.io`, printed by every newer copy of the pages (older copies print `api.ap.kaleyra.io`).
 * - NA: `api.na.kaleyra.ai` (sic, `.ai`), the only NA host Kaleyra prints.
 * v1 and v2 share a host; the table keeps a column per version so a future split is a one-line change.
 */
export const PODS = {
  in: { v1: 'https://api.in.kaleyra.io', v2: 'https://api.in.kaleyra.io' },
  sg: { v1: 'https://api.kaleyra.io', v2: 'https://api.kaleyra.io' },
  eu: { v1: 'https://api.eu.kaleyra.io', v2: 'https://api.eu.kaleyra.io' },
  na: { v1: 'https://api.na.kaleyra.ai', v2: 'https://api.na.kaleyra.ai' },
} as const satisfies Record<string, { v1: string; v2: string }>;

export type Pod = keyof typeof PODS;
export type ApiVersion = 'v1' | 'v2';

/** Whether a value (a flag, an env var) names a known pod, narrowing it to Pod. */
export function isPod(value: unknown): value is Pod {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PODS, value);
}
