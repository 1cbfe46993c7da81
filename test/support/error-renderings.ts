import { inspect } from 'node:util';

/**
 * Every way an error gets printed, logged or shipped somewhere, down to its own fields and its
 * cause: what the privacy tests search for the key.
 */
export function errorRenderings(error: unknown): Record<string, string> {
  const e = error as Error;
  return {
    message: e.message,
    stack: String(e.stack),
    string: String(e),
    inspect: inspect(e, { depth: Infinity, showHidden: true }),
    json: JSON.stringify(e),
    cause: inspect(e.cause, { depth: Infinity, showHidden: true }),
    causeJson: JSON.stringify(e.cause ?? null),
    ownProps: inspect(Object.getOwnPropertyDescriptors(e), { depth: Infinity, showHidden: true }),
  };
}
