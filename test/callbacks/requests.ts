import { parseCallback, type CallbackEvent, type CallbackParseResult } from '../../src/callbacks/index.js';

export const BASE = 'https://hooks.example.com/kaleyra';
export const NOW = new Date('2025-01-02T03:04:05.000Z');

export function getRequest(query: string, base = BASE): Request {
  return new Request(base + query);
}

export function postRequest(
  body: string,
  contentType: string | null = 'application/json',
  base = BASE,
): Request {
  const headers = contentType === null ? undefined : { 'content-type': contentType };
  return new Request(base, { method: 'POST', body, headers });
}

export async function parse(request: Request): Promise<CallbackParseResult> {
  return parseCallback(request, { now: () => NOW });
}

/** Parses and insists on an event of the given kind, so assertions read the narrowed type. */
export async function parseKind<K extends CallbackEvent['kind']>(
  request: Request,
  kind: K,
): Promise<Extract<CallbackEvent, { kind: K }>> {
  const result = await parse(request);
  if (!result.ok)
    throw new Error(
      `expected ${kind}, got rejection ${result.rejection.reason}: ${result.rejection.message}`,
    );
  if (result.event.kind !== kind) throw new Error(`expected ${kind}, got ${result.event.kind}`);
  return result.event as Extract<CallbackEvent, { kind: K }>;
}
