import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './did-you-mean.js';
import { EXIT_API, type Io } from './output.js';
import { UsageError } from './usage-error.js';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags strictly; a flag it does not take is a UsageError naming the command. */
export function parseFlags(args: string[], options: FlagSpec, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(flagErrorMessage(error, options), command);
  }
}

/** node:util's parse error in a line, with the flag an unknown one most likely meant. */
export function flagErrorMessage(error: unknown, options: FlagSpec): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\. To specify a positional.*$/s,
    '',
  );
  const unknown = /^Unknown option '(-[^']+)'/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const flags = Object.entries(options).flatMap(([name, spec]) => [
    `--${name}`,
    ...(spec.short ? [`-${spec.short}`] : []),
  ]);
  return `unknown option ${unknown}${didYouMean(unknown, flags)}`;
}

export function portFlag(value: unknown, fallback: number, command: string): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number (0 to 65535)', command);
  return port;
}

export function urlFlag(value: unknown, flag: string, command: string): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(String(value));
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // Reported below.
  }
  throw new UsageError(`${flag} must be an http(s) URL, e.g. http://127.0.0.1:3000/kaleyra`, command);
}

/** A command that could not do its work (a port in use, a receiver not reachable): one line, exit 1. */
export function failure(io: Io, json: boolean, message: string): number {
  if (json) io.stdout.write(JSON.stringify({ error: 'failure', message }) + '\n');
  else io.stderr.write(`error: ${message}\n`);
  return EXIT_API;
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Catches Ctrl-C, `kill` and the terminal closing (SIGHUP) from now on, so that a server started
 * next is always closed, even when the signal comes while it starts. `stopped` resolves on the
 * first; `release` gives the signals back.
 */
export function catchStopSignals(): { stopped: Promise<NodeJS.Signals>; release(): void } {
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const release = () => {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  };
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    stop = (signal) => {
      release();
      resolve(signal);
    };
  });
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  return { stopped, release };
}

/** Why a listen or a fetch failed, in a few words (`EADDRINUSE`, `ECONNREFUSED`). */
export function errorCode(error: unknown): string {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
