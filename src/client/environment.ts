import { KaleyraValidationError } from '../errors/validation-error.js';
import { isPod, PODS } from '../pods.js';
import type { KaleyraLogger } from '../transport/logger.js';
import type { KaleyraClientOptions } from './options.js';

/** The variables an omitted option is read from, as openai-node reads OPENAI_API_KEY. */
export const ENVIRONMENT_VARIABLES = {
  sid: 'KALEYRA_SID',
  apiKey: 'KALEYRA_API_KEY',
  pod: 'KALEYRA_POD',
  baseUrl: 'KALEYRA_BASE_URL',
  from: 'KALEYRA_FROM',
  log: 'KALEYRA_LOG',
} as const;

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const isLogLevel = (value: string): value is LogLevel => LOG_LEVELS.some((level) => level === value);

/**
 * One environment variable, where the runtime has them: `process.env` (Node, Bun, Workers with
 * nodejs_compat) or `Deno.env` (only with the permission already granted, so reading never prompts
 * and never throws). Browsers and plain Workers have none: undefined. Nothing Node-only is imported.
 */
export function readEnvironment(name: string): string | undefined {
  try {
    const deno: unknown = Reflect.get(globalThis, 'Deno');
    if (deno !== undefined) return readDeno(deno, name);
    const env = property(Reflect.get(globalThis, 'process'), 'env');
    const value = property(env, name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function readDeno(deno: unknown, name: string): string | undefined {
  const permissions = property(deno, 'permissions');
  const querySync = property(permissions, 'querySync');
  if (typeof querySync !== 'function') return undefined;
  const status: unknown = Reflect.apply(querySync, permissions, [{ name: 'env', variable: name }]);
  if (property(status, 'state') !== 'granted') return undefined;
  const env = property(deno, 'env');
  const get = property(env, 'get');
  const value: unknown = typeof get === 'function' ? Reflect.apply(get, env, [name]) : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function property(value: unknown, name: string): unknown {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
    ? Reflect.get(value, name)
    : undefined;
}

/**
 * Fills the options left out with the environment's values; an option given explicitly always
 * wins, and `pod` and `baseUrl` count as one choice (an explicit `pod` is not overridden by a
 * `KALEYRA_BASE_URL` left in the shell). A value found nowhere is reported with both its option
 * and its variable.
 */
export function withEnvironment(
  options: Partial<KaleyraClientOptions> | undefined = {},
): KaleyraClientOptions {
  if (options === null || typeof options !== 'object') {
    throw new KaleyraValidationError({
      field: 'options',
      rule: 'type',
      message: 'pass an options object, or nothing to use the environment',
    });
  }
  const sid = options.sid ?? readEnvironment(ENVIRONMENT_VARIABLES.sid);
  const apiKey = options.apiKey ?? readEnvironment(ENVIRONMENT_VARIABLES.apiKey);
  if (sid === undefined) throw missing('sid', 'the account SID', ENVIRONMENT_VARIABLES.sid);
  if (apiKey === undefined) throw missing('apiKey', 'the API key', ENVIRONMENT_VARIABLES.apiKey);
  const logger = options.logger ?? environmentLogger();
  const from = options.from ?? readEnvironment(ENVIRONMENT_VARIABLES.from);
  if (options.pod !== undefined || options.baseUrl !== undefined)
    return { ...options, sid, apiKey, from, logger };

  const baseUrl = readEnvironment(ENVIRONMENT_VARIABLES.baseUrl);
  if (baseUrl !== undefined) return { ...options, sid, apiKey, from, logger, baseUrl };
  const pod = readEnvironment(ENVIRONMENT_VARIABLES.pod);
  if (pod === undefined) {
    // Rule `one-of`, as for a pod outside the list: a missing pod is refused the same way.
    throw new KaleyraValidationError({
      field: 'pod',
      rule: 'one-of',
      message: `pass pod (${Object.keys(PODS).join(', ')}) or baseUrl, or set ${ENVIRONMENT_VARIABLES.pod} or ${ENVIRONMENT_VARIABLES.baseUrl}`,
    });
  }
  if (!isPod(pod)) {
    throw new KaleyraValidationError({
      field: 'pod',
      rule: 'one-of',
      message: `${ENVIRONMENT_VARIABLES.pod} must be one of ${Object.keys(PODS).join(', ')}`,
    });
  }
  return { ...options, sid, apiKey, from, logger, pod };
}

function missing(field: string, what: string, variable: string): KaleyraValidationError {
  return new KaleyraValidationError({
    field,
    rule: 'required',
    message: `${what} is missing: pass ${field}, or set ${variable}`,
  });
}

/**
 * KALEYRA_LOG=debug|info|warn|error: a console logger from that level up, on stderr in Node (so a
 * program's stdout stays its own). The client wraps it in the redacting logger like any other.
 */
function environmentLogger(): KaleyraLogger | undefined {
  const level = readEnvironment(ENVIRONMENT_VARIABLES.log)?.toLowerCase();
  if (level === undefined || level === 'off') return undefined;
  if (!isLogLevel(level)) {
    throw new KaleyraValidationError({
      field: 'logger',
      rule: 'one-of',
      message: `${ENVIRONMENT_VARIABLES.log} must be one of ${LOG_LEVELS.join(', ')} or off`,
    });
  }
  return consoleLogger(level);
}

/** A logger writing the levels at or above `threshold` to stderr (the client redacts what it is given). */
export function consoleLogger(threshold: LogLevel): KaleyraLogger {
  const from = LOG_LEVELS.indexOf(threshold);
  const at = (level: LogLevel) => (message: string, details?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < from) return;
    const line = `kaleyra ${level}: ${message}`;
    if (details === undefined) console.error(line);
    else console.error(line, details);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
