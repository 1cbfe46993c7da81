// The runner side of clients/run.ts's lock-step protocol, for the TypeScript generators' runners
// (typescript-fetch, hey-api): each stdin line is {"file", "baseUrl"}; each answer is one stdout line,
// {"seen": {...}} or {"failure": "..."}. Compiled with each runner by its own tsconfig, so it imports
// nothing from the repository.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The part of a conformance vector (test/vectors/harness.ts) a runner reads. */
export interface Vector {
  name: string;
  operation: VectorOperation;
}

export interface VectorOperation {
  operationId: string;
  path: Record<string, string>;
  query?: Record<string, string | number>;
  json?: unknown;
  form?: Record<string, string>;
  multipart?: {
    fields: Record<string, string>;
    files: { field: string; name: string; contentType: string; base64: string }[];
  };
}

/** What the caller saw: the value it got, or the error it caught. */
export interface Seen {
  messageId?: string;
  id?: string;
  code?: string;
  error?: { status: number; code: string; fields: string[] };
}

export const VECTOR_API_KEY = 'vector-test-key';

/** A vector file part as the File a user would hand to a generated client. */
export function fileOf(file: { name: string; contentType: string; base64: string }): File {
  return new File([Buffer.from(file.base64, 'base64')], file.name, { type: file.contentType });
}

/** The error answer as the caller sees it, field names sorted. */
export function errorSeen(status: number, code: unknown, error: unknown): Seen {
  const fields = typeof error === 'object' && error !== null ? Object.keys(error).sort() : [];
  return { error: { status, code: String(code), fields } };
}

/** Answers clients/run.ts until stdin closes; one case at a time. */
export async function serveVectors(run: (vector: Vector, baseUrl: string) => Promise<Seen>): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    let answer: { seen: Seen } | { failure: string };
    try {
      const request = JSON.parse(line) as { file: string; baseUrl: string };
      const vector = JSON.parse(readFileSync(request.file, 'utf8')) as Vector;
      answer = { seen: await run(vector, request.baseUrl) };
    } catch (error) {
      answer = { failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}
