import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer, type MockServer } from '../../src/cli/prism-process.js';

// The tests run the same Prism launcher the CLI's `mock` and `demo` commands use (see
// src/cli/prism-process.ts for what Prism does with this document: 400 + `sl-violations` for an
// invalid request, 401 RBC001 without an api-key, the first example of the lowest 2xx otherwise).
const root = fileURLToPath(new URL('../../', import.meta.url));
export const defaultSpecPath = join(root, 'dist', 'openapi.json');

export interface PrismOptions {
  specPath?: string;
  errors?: boolean;
  startTimeoutMs?: number;
}

export type PrismServer = MockServer;

export function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  return startMockServer({
    specPath: options.specPath ?? defaultSpecPath,
    resolveFrom: root,
    ...(options.errors !== undefined ? { errors: options.errors } : {}),
    ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
  });
}
