import type { CountryCode } from 'libphonenumber-js/min';
import { KaleyraValidationError } from '../index.js';
import type { BroadcastJob } from './message.js';
import type { RejectedResult } from './outcome.js';

export type { CountryCode } from 'libphonenumber-js/min';

// Bulk input (broadcast jobs, CSV rows) is where numbers arrive as people typed them into a CRM or a
// spreadsheet: "98123 45678", "(0)98123-45678", "919812345678". The core's rule (E.164 with its +,
// src/validation/phone-number.ts) refuses all of them, and says nothing about whether +98 12345678
// exists. Here each number is read against the numbering plan (libphonenumber-js with its "min"
// metadata, about 80 KB and 60 ms of CPU to load: loaded on a broadcast's first use, never by the
// core, nor by `import 'kaleyra-whatsapp/broadcast'` or a CLI command other than broadcast), and a
// number without + is read as a local number of `defaultCountry` when one is named, else refused.
// The job then carries the E.164 form, which the core's rule accepts.

/** A number as written in bulk input, read against the numbering plan. */
export type RecipientCheck =
  | { ok: true; number: string }
  | { ok: false; rule: 'e164' | 'country-code' | 'numbering-plan'; message: string };

// Digits with the separators people type (spaces, dashes, dots, parentheses), an optional leading +.
const WRITTEN_NUMBER = /^\+?[0-9(][0-9 ().-]*$/;
// What a spreadsheet shows a long number as when the column is not text: 9.19812E+11.
const SCIENTIFIC = /^[0-9.]+[eE]\+?[0-9]+$/;

type NumberingPlan = typeof import('libphonenumber-js/min');
let numberingPlan: Promise<NumberingPlan> | undefined;
/** libphonenumber-js, loaded once on first use (an import() of a package stays lazy in the bundles). */
const loadNumberingPlan = () => (numberingPlan ??= import('libphonenumber-js/min'));

const COUNTRY_SHAPE = /^[A-Z]{2}$/;
const countryError = (field: string) =>
  new KaleyraValidationError({
    field,
    rule: 'country',
    message:
      'must be a two-letter ISO 3166-1 country code in upper case that has a numbering plan, e.g. IN, GB, US',
  });

/** Checks the shape of a `defaultCountry` option at once; whether a plan knows it, in `recipientChecker`. */
export function assertDefaultCountry(field: string, value: string | undefined): CountryCode | undefined {
  if (value === undefined) return undefined;
  if (!isCountryShaped(value)) throw countryError(field);
  return value;
}

const isCountryShaped = (value: string): value is CountryCode => COUNTRY_SHAPE.test(value);

/** Reads a job's recipients against the numbering plan, see `checkJobRecipient`. */
export type RecipientChecker = <Job extends BroadcastJob>(
  job: Job,
) => { job: Job } | { rejected: RejectedResult };

/**
 * Loads the numbering plans (once per process) and returns the check for jobs, with local numbers
 * read as `defaultCountry`'s. Rejects with a `country` KaleyraValidationError for a country no plan has.
 */
export async function recipientChecker(
  defaultCountry: CountryCode | undefined,
  field = 'defaultCountry',
): Promise<RecipientChecker> {
  const plan = await loadNumberingPlan();
  if (defaultCountry !== undefined && !plan.isSupportedCountry(defaultCountry)) throw countryError(field);
  return (job) => checkJobRecipient(plan, job, defaultCountry);
}

/**
 * Reads one recipient number against the numbering plan. With `defaultCountry`, a number without +
 * is read as that country's local number (a trunk 0 and a leading country code are understood:
 * 09812345678 and 919812345678 under IN both give +919812345678). Messages name the rule, never the
 * number: results and errors end up in logs.
 */
function checkRecipientNumber(
  plan: NumberingPlan,
  value: unknown,
  defaultCountry?: CountryCode,
): RecipientCheck {
  const written = typeof value === 'string' ? value.trim() : '';
  if (SCIENTIFIC.test(written))
    return {
      ok: false,
      rule: 'e164',
      message:
        'is written in scientific notation (as a spreadsheet shows a long number): format the column as text and export again',
    };
  if (!WRITTEN_NUMBER.test(written))
    return {
      ok: false,
      rule: 'e164',
      message: `must be a phone number: + and the country code, then digits (spaces, dashes, dots and parentheses allowed)${typeof value === 'string' ? '' : `; got ${typeof value}`}`,
    };
  if (!written.startsWith('+') && defaultCountry === undefined)
    return {
      ok: false,
      rule: 'country-code',
      message:
        'has no + and country code: write it as +<country code><number>, or name the country of local numbers (defaultCountry, --default-country)',
    };
  let number;
  try {
    number = plan.parsePhoneNumberWithError(written, defaultCountry);
  } catch (error) {
    if (!(error instanceof plan.ParseError)) throw error;
    return { ok: false, rule: 'numbering-plan', message: PARSE_FAILURES[error.message] ?? NOT_IN_PLAN };
  }
  if (!number.isValid())
    return {
      ok: false,
      rule: 'numbering-plan',
      message: number.isPossible()
        ? NOT_IN_PLAN
        : `${WRONG_LENGTH} for its country (+${number.countryCallingCode})`,
    };
  return { ok: true, number: number.number };
}

const NOT_IN_PLAN = 'is not a number of its country’s numbering plan (no such prefix or length)';
const WRONG_LENGTH = 'has the wrong number of digits';
const PARSE_FAILURES: Record<string, string> = {
  INVALID_COUNTRY: 'starts with a country code that does not exist',
  TOO_SHORT: `${WRONG_LENGTH}: too short`,
  TOO_LONG: `${WRONG_LENGTH}: too long`,
  NOT_A_NUMBER: 'must be a phone number: + and the country code, then digits',
  INVALID_LENGTH: WRONG_LENGTH,
};

/**
 * A job whose `to` is checked against the numbering plan and rewritten in E.164, or the rejection
 * naming the rule (nothing is sent). v1's several recipients (an array or "a,b") are checked one by
 * one. A job without a message or a `to` is left as it is: the SDK's own validation refuses it.
 */
function checkJobRecipient<Job extends BroadcastJob>(
  plan: NumberingPlan,
  job: Job,
  defaultCountry: CountryCode | undefined,
): { job: Job } | { rejected: RejectedResult } {
  const to: unknown = job.message?.to;
  if (to === undefined) return { job };
  const several = job.api === 'v1' && (Array.isArray(to) || (typeof to === 'string' && to.includes(',')));
  const entries: unknown[] = Array.isArray(to) ? to : several ? String(to).split(',') : [to];
  const numbers: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const check = checkRecipientNumber(plan, entry, defaultCountry);
    if (!check.ok)
      return {
        rejected: {
          key: job.key,
          outcome: 'rejected',
          field: 'to',
          rule: check.rule,
          reason: `to${several ? ` entry ${index + 1}` : ''} ${check.message}`,
        },
      };
    numbers.push(check.number);
  }
  const checked = Array.isArray(to) ? numbers : numbers.join(',');
  return { job: { ...job, message: { ...job.message, to: checked } } };
}
