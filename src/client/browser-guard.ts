import { KaleyraValidationError } from '../errors/validation-error.js';

/**
 * A page's `window` and `document`, as openai-node tests for them. Deno 1 also had a `window`, so
 * Deno is ruled out by name; Bun, Node and Workers have no `document`. (A browser's Web Worker has
 * no `document` either and is not caught: this guards the common mistake, not every one.)
 */
export function isBrowser(): boolean {
  if (Reflect.get(globalThis, 'Deno') !== undefined) return false;
  const window: unknown = Reflect.get(globalThis, 'window');
  return (
    typeof window === 'object' &&
    window !== null &&
    Reflect.get(window, 'document') !== undefined &&
    typeof Reflect.get(globalThis, 'navigator') === 'object'
  );
}

/**
 * An API key in browser code is shipped to every visitor, who can then send as the business. The
 * caller must say they mean it (a proxy that swaps the key server-side, an internal tool).
 */
export function assertServerSide(dangerouslyAllowBrowser: boolean | undefined): void {
  if (dangerouslyAllowBrowser === true || !isBrowser()) return;
  throw new KaleyraValidationError({
    field: 'dangerouslyAllowBrowser',
    rule: 'browser',
    message:
      'this looks like a browser, where the API key would be sent to every visitor: call Kaleyra from your server, ' +
      'or pass dangerouslyAllowBrowser: true if the key is meant to be public (e.g. a proxy replaces it)',
  });
}
