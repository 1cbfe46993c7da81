import { UsageError } from './usage-error.js';

export interface ConnectionFlags {
  sid?: string | undefined;
  'api-key'?: string | undefined;
  pod?: string | undefined;
  'base-url'?: string | undefined;
  from?: string | undefined;
}

export interface Credentials {
  sid: string;
  apiKey: string;
  pod?: 'in' | 'sg' | 'eu' | 'na';
  baseUrl?: string;
  from?: string;
}

/**
 * Flags win over the environment (KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_POD, KALEYRA_BASE_URL,
 * KALEYRA_FROM). A dry run needs no real key: it prints `$KALEYRA_API_KEY` in its place anyway.
 */
export function resolveCredentials(flags: ConnectionFlags, env: NodeJS.ProcessEnv, dryRun: boolean): Credentials {
  const sid = flags.sid ?? env.KALEYRA_SID;
  const apiKey = flags['api-key'] ?? env.KALEYRA_API_KEY ?? (dryRun ? 'dry-run' : undefined);
  const baseUrl = flags['base-url'] ?? env.KALEYRA_BASE_URL;
  const pod = flags.pod ?? env.KALEYRA_POD ?? (baseUrl ? undefined : dryRun ? 'in' : undefined);
  const from = flags.from ?? env.KALEYRA_FROM;
  if (!sid) throw new UsageError('missing account SID: pass --sid or set KALEYRA_SID');
  if (!apiKey) throw new UsageError('missing API key: pass --api-key or set KALEYRA_API_KEY');
  if (!pod && !baseUrl) throw new UsageError('missing pod: pass --pod in|sg|eu|na (or KALEYRA_POD), or --base-url');
  return {
    sid,
    apiKey,
    ...(pod ? { pod: pod as Credentials['pod'] } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(from ? { from } : {}),
  };
}
