import { KaleyraValidationError, PODS, type KaleyraClientOptions, type Pod } from '../index.js';
import { UsageError } from './usage-error.js';

/** The flags every command that talks to Kaleyra takes (node:util parseArgs options). */
export const CONNECTION_OPTIONS = {
  sid: { type: 'string' },
  'api-key': { type: 'string' },
  pod: { type: 'string' },
  'base-url': { type: 'string' },
  from: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ConnectionFlags {
  sid?: string | undefined;
  'api-key'?: string | undefined;
  pod?: string | undefined;
  'base-url'?: string | undefined;
  from?: string | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export type Credentials = Pick<KaleyraClientOptions, 'sid' | 'apiKey' | 'pod' | 'baseUrl' | 'from'>;

// Stands in for the key in a dry run without one: the printed curl says $KALEYRA_API_KEY anyway.
const DRY_RUN_KEY = 'dry-run-placeholder';
const MIN_KEY_LENGTH = 8;

const isPod = (value: string): value is Pod => Object.hasOwn(PODS, value);

/**
 * Flags win over the environment (KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD, KALEYRA_BASE_URL,
 * KALEYRA_FROM). A dry run needs no real key: it prints `$KALEYRA_API_KEY` in its place anyway.
 */
export function resolveCredentials(flags: ConnectionFlags, env: Environment, dryRun: boolean): Credentials {
  const sid = flags.sid ?? env.KALEYRA_SID;
  const givenKey = flags['api-key'] ?? env.KALEYRA_API_KEY;
  // Either flag overrides both variables: --pod must not lose to a KALEYRA_BASE_URL left in the shell.
  const flagged = flags.pod !== undefined || flags['base-url'] !== undefined;
  const baseUrl = flagged ? flags['base-url'] : env.KALEYRA_BASE_URL;
  const pod = (flagged ? flags.pod : env.KALEYRA_POD) ?? (baseUrl || !dryRun ? undefined : 'in');
  const from = flags.from ?? env.KALEYRA_FROM;
  if (!sid) throw new UsageError('missing account SID: pass --sid or set KALEYRA_SID');
  if (givenKey === undefined || givenKey === '') {
    if (!dryRun) throw new UsageError('missing API key: pass --api-key or set KALEYRA_API_KEY');
  } else {
    assertUsableKey(givenKey, flags['api-key'] === undefined ? 'KALEYRA_API_KEY' : '--api-key');
  }
  if (pod !== undefined && !isPod(pod))
    throw new UsageError(`--pod (KALEYRA_POD) must be one of ${Object.keys(PODS).join(', ')}`);
  if (!pod && !baseUrl)
    throw new UsageError('missing pod: pass --pod in|sg|eu|na (or KALEYRA_POD), or --base-url');
  return { sid, apiKey: givenKey || DRY_RUN_KEY, pod, baseUrl, from };
}

/**
 * A key pasted with a stray space, a line break or half missing fails late and obscurely (a
 * header error that quotes it, or a 401). Checked here, and the message says where the fault is
 * without ever showing the key.
 */
export function assertUsableKey(key: string, source: string): void {
  const fail = (rule: string, message: string) => {
    throw new KaleyraValidationError({ field: 'apiKey', rule, message: `(from ${source}) ${message}` });
  };
  if (key.trim() !== key)
    fail('surrounding-spaces', 'starts or ends with a space or line break: copy the key without them');
  const bad = /[^\x21-\x7e]/.exec(key);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    const what =
      code < 0x20 || code === 0x7f
        ? 'a control character'
        : code === 0x20
          ? 'a space'
          : 'a non-ASCII character';
    fail(
      'visible-ascii',
      `contains ${what} at position ${bad.index + 1}: a key is visible ASCII characters only`,
    );
  }
  if (key.length < MIN_KEY_LENGTH) {
    fail(
      'min-length',
      `is ${key.length} characters long: a key has at least ${MIN_KEY_LENGTH}, so this one is cut short`,
    );
  }
}
