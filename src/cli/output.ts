import { KaleyraApiError } from '../errors/api-error.js';
import { KaleyraError } from '../errors/kaleyra-error.js';
import { KaleyraValidationError } from '../errors/validation-error.js';
import { UsageError } from './usage-error.js';

export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
}

export const EXIT_OK = 0;
export const EXIT_API = 1;
export const EXIT_USAGE = 2;

/** Prints an error the way the exit code classifies it; returns that exit code. */
export function reportError(io: Io, error: unknown, json: boolean): number {
  if (error instanceof UsageError) {
    emit(io, json, { error: 'usage', message: error.message }, `error: ${error.message}${error.command ? `\nsee: kaleyra-wa ${error.command} --help` : ''}`);
    return EXIT_USAGE;
  }
  if (error instanceof KaleyraValidationError) {
    emit(io, json, { error: 'validation', field: error.field, rule: error.rule, message: error.detail }, `error: invalid ${error.field} (${error.rule}): ${error.detail}`);
    return EXIT_USAGE;
  }
  if (error instanceof KaleyraApiError) {
    const meaning = error.meaning ? `\n  meaning: ${error.meaning}` : '';
    emit(
      io,
      json,
      { error: 'api', status: error.status, code: error.code ?? null, message: error.serverMessage ?? error.message, fieldErrors: error.fieldErrors },
      `error: Kaleyra refused the request: HTTP ${error.status} ${error.code ?? '(no code)'}: ${error.serverMessage ?? error.message}${meaning}`,
    );
    return EXIT_API;
  }
  if (error instanceof KaleyraError) {
    emit(io, json, { error: error.name, message: error.message }, `error: ${error.message}`);
    return EXIT_API;
  }
  throw error;
}

function emit(io: Io, json: boolean, value: unknown, text: string) {
  if (json) io.stdout.write(JSON.stringify(value) + '\n');
  else io.stderr.write(text + '\n');
}
