import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const specDir = new URL('../../spec/components/', import.meta.url);

export interface KnownCode {
  code: string;
  httpStatus: number;
}

export interface ErrorExample {
  file: string;
  code: string;
  message: string;
  data: unknown;
  error: unknown;
}

/** The codes KnownErrorCode.yaml documents, with the status each comes with. */
export function knownErrorCodes(): KnownCode[] {
  const schema = parse(readFileSync(new URL('schemas/KnownErrorCode.yaml', specDir), 'utf8')) as {
    oneOf: Array<{ const: string; 'x-http-status': number }>;
  };
  return schema.oneOf.map((entry) => ({ code: entry.const, httpStatus: entry['x-http-status'] }));
}

/** Every spec/components/examples/Error*.yaml, as the envelope the server would send. */
export function errorExamples(): ErrorExample[] {
  const dir = new URL('examples/', specDir);
  return readdirSync(dir)
    .filter((name) => /^Error.*\.yaml$/.test(name))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(new URL(file, dir), 'utf8')) as { value: Omit<ErrorExample, 'file'> };
      return { file, ...doc.value };
    });
}
