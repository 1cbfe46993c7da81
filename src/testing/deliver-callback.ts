import type { CallbackDelivery } from './callback-catalogue.js';

/** Where callbacks go: a URL (sent over HTTP) or a handler called in-process with a web Request. */
export type CallbackTarget = string | URL | ((request: Request) => Response | Promise<Response>);

export interface CallbackAuth {
  /** `user:pass`, sent as the profile's Basic auth. */
  basicAuth?: string;
  /** The shared secret, added as the `token` query parameter (verifyCallbackToken's default). */
  token?: string;
}

/** The request Kaleyra would make for `delivery` to `url`. */
export function callbackRequest(
  url: string | URL,
  delivery: CallbackDelivery,
  auth: CallbackAuth = {},
): Request {
  const target = new URL(url);
  if (auth.token !== undefined) target.searchParams.set('token', auth.token);
  const headers = new Headers({ 'user-agent': 'kaleyra-whatsapp-mock' });
  if (auth.basicAuth !== undefined) headers.set('authorization', `Basic ${btoa(auth.basicAuth)}`);
  if (delivery.method === 'GET') {
    for (const [name, value] of Object.entries(delivery.query)) target.searchParams.set(name, value);
    return new Request(target, { headers });
  }
  headers.set('content-type', 'application/json');
  return new Request(target, { method: 'POST', headers, body: JSON.stringify(delivery.json) });
}

/** Sends one callback and answers the receiver's status; a network failure or `timeoutMs` rejects. */
export async function deliverCallback(
  target: CallbackTarget,
  delivery: CallbackDelivery,
  auth: CallbackAuth = {},
  timeoutMs = 10_000,
): Promise<number> {
  if (typeof target === 'function') {
    const response = await target(callbackRequest('http://callbacks.invalid/', delivery, auth));
    await response.body?.cancel();
    return response.status;
  }
  const response = await fetch(callbackRequest(target, delivery, auth), {
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}
