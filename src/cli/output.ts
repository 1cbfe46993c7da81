import { KaleyraApiError, KaleyraError, KaleyraValidationError, Redactor } from '../index.js';
import { UsageError } from './usage-error.js';

export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number | undefined };
  /**
   * Calls `stop` when the user asks the command to stop (Ctrl-C, SIGTERM), for a command that can
   * finish what it started first; returns what undoes it. Absent: nothing asks.
   */
  onInterrupt?(stop: () => void): () => void;
}

export const EXIT_OK = 0;
export const EXIT_API = 1;
export const EXIT_USAGE = 2;
/** A command the user stopped (Ctrl-C): 128 + SIGINT, as a shell reports it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Prints an error the way the exit code classifies it, on one line (two for usage errors, with the
 * help hint); returns that exit code. `redactor` scrubs the text of an unexpected error (the SDK's
 * own errors were scrubbed when they were made).
 */
export function reportError(
  io: Io,
  error: unknown,
  json: boolean,
  redactor: Redactor = Redactor.none,
): number {
  if (error instanceof UsageError) {
    const help = ['kaleyra-wa', error.command, '--help'].filter(Boolean).join(' ');
    const hint = error.command === undefined ? '' : `\nsee: ${help}`;
    emit(io, json, { error: 'usage', message: error.message }, `error: ${error.message}${hint}`);
    return EXIT_USAGE;
  }
  if (error instanceof KaleyraValidationError) {
    const { field, rule, detail } = error;
    emit(
      io,
      json,
      { error: 'validation', field, rule, message: detail },
      `error: invalid ${field} (${rule}): ${detail}`,
    );
    return EXIT_USAGE;
  }
  if (error instanceof KaleyraApiError) {
    const meaning = error.meaning ? `\n  meaning: ${error.meaning}` : '';
    const message = error.serverMessage ?? error.message;
    const code = error.code ?? null;
    emit(
      io,
      json,
      { error: 'api', status: error.status, code, message, fieldErrors: error.fieldErrors },
      `error: Kaleyra refused the request: HTTP ${error.status} ${code ?? '(no code)'}: ${message}${meaning}`,
    );
    return EXIT_API;
  }
  if (error instanceof KaleyraError) {
    emit(io, json, { error: error.name, message: error.message }, `error: ${error.message}`);
    return EXIT_API;
  }
  // A fault in the CLI or the runtime: its first line, not a stack trace, and never a key.
  const message = redactor.text(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  const line = message.split(/\r?\n/)[0];
  emit(io, json, { error: 'unexpected', message: line }, `error: unexpected failure: ${line}`);
  return EXIT_API;
}

function emit(io: Io, json: boolean, value: unknown, text: string) {
  if (json) io.stdout.write(JSON.stringify(value) + '\n');
  else io.stderr.write(text + '\n');
}
