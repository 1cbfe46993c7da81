import { brandErrorClass } from './brand.js';
import { KaleyraError } from './kaleyra-error.js';

/** Why a journal was refused or stopped a broadcast. */
export type JournalErrorReason =
  /** The journal names another broadcast than this run's: nothing was sent. */
  | 'other-broadcast'
  /** Another process (or another journal object in this one) is writing to it: nothing was sent. */
  | 'in-use'
  /** The file is not a broadcast journal (or one written before journals named their broadcast). */
  | 'not-a-journal'
  /** A record could not be written whole (a full disk, a file size limit, an I/O error). */
  | 'write-failed';

/**
 * A journal that cannot be used as it is. Thrown before the first send for every reason but
 * `write-failed`, which stops the broadcast before the send whose attempt could not be recorded.
 */
export class KaleyraJournalError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraJournalError');
  }

  /** Which rule the journal broke. */
  readonly reason: JournalErrorReason;
  /** The journal's name (a file journal's path). */
  readonly journal: string;

  /** `message` is the whole sentence a person reads; `cause` an underlying I/O error, if any. */
  constructor(reason: JournalErrorReason, journal: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? {} : { cause });
    this.reason = reason;
    this.journal = journal;
  }

  /** The fields safe to log: the reason and the journal's name with the message. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, journal: this.journal };
  }
}
