import { DEFAULT_FAILED_ERROR } from './callback-catalogue.js';
import { errorExample, knownErrorCodes, normalCode, type OpenApiDocument } from './spec-document.js';

/**
 * What a failing send does: the API refuses it (an HTTP error with the documented body for its code),
 * or accepts it and the message later fails (a `failed` status callback carrying Meta's error code).
 */
export type InjectedFailure =
  | { kind: 'answer'; code: string; status: number; body: unknown }
  | { kind: 'status'; error: { code: number; title: string } };

/** Titles Meta gives the message-failure codes most often seen; any other numeric code is accepted untitled. */
const META_TITLES: Record<number, string> = {
  131047: DEFAULT_FAILED_ERROR.title,
  131026: 'Message undeliverable',
  131049: 'Meta chose not to deliver this message',
  131051: 'Unsupported message type',
  130472: "User's number is part of an experiment",
};

/** The failures a rate draws from, in turn: a failed status, a daily-limit 400, a 429 and a 500. */
const RATE_CODES = ['131047', 'WAV2101', 'WA429', 'WA500'];

export interface FailurePlan {
  /** Decides the next send's fate: undefined means it succeeds. */
  next(): InjectedFailure | undefined;
}

/**
 * Reads `--fail`: a rate between 0 and 1 (that share of sends fails, cycling through a failed
 * status, 400, 429 and 500), or a comma-separated list of codes that every send takes in turn:
 * Kaleyra's documented codes (`WA429`, `E110`, ...) are answered as HTTP errors, Meta's numeric
 * codes (`131047`) become `failed` status callbacks. Throws an Error naming the bad value.
 */
export function parseFailurePlan(
  doc: OpenApiDocument,
  text: string,
  random: () => number = Math.random,
): FailurePlan {
  const value = text.trim();
  if (/^(0|1|0?\.\d+|1\.0*)$/.test(value)) {
    const rate = Number(value);
    const failures = RATE_CODES.map((code) => failureFor(doc, code));
    let turn = 0;
    return { next: () => (random() < rate ? failures[turn++ % failures.length] : undefined) };
  }
  const codes = value
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (codes.length === 0) throw new Error('--fail must be a rate between 0 and 1 or a list of error codes');
  const failures = codes.map((code) => failureFor(doc, code));
  let turn = 0;
  return { next: () => failures[turn++ % failures.length] };
}

/** The failure to inject for one code: a failed-status callback for Meta's numeric codes, else the documented error answer. */
export function failureFor(doc: OpenApiDocument, code: string): InjectedFailure {
  if (/^\d{5,7}$/.test(code)) {
    const numeric = Number(code);
    return { kind: 'status', error: { code: numeric, title: META_TITLES[numeric] ?? 'Message failed' } };
  }
  const status = knownErrorCodes(doc).get(normalCode(code));
  if (status === undefined) {
    throw new Error(
      `--fail: "${code}" is not a documented error code (Kaleyra's KnownErrorCode list, or Meta's numeric codes such as 131047)`,
    );
  }
  return { kind: 'answer', code, status, body: errorExample(doc, code) };
}
