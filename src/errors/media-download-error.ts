import { brandErrorClass } from './brand.js';
import { KaleyraError, type KaleyraErrorOptions } from './kaleyra-error.js';

/** Why a media download was refused or stopped. */
export type MediaDownloadProblem = 'no-url' | 'too-large' | 'mime-mismatch' | 'sha256-mismatch' | 'timeout';

/**
 * A media download that did not produce the file the event describes: too large, of another type,
 * with another hash, or too slow. A partial file is never left as if it were whole.
 */
export class KaleyraMediaDownloadError extends KaleyraError {
  static {
    brandErrorClass(this, 'KaleyraMediaDownloadError');
  }

  /** What went wrong, for code to branch on. */
  readonly problem: MediaDownloadProblem;

  /** `message` says which file and why; `problem` is the machine-readable reason. */
  constructor(problem: MediaDownloadProblem, message: string, options: KaleyraErrorOptions = {}) {
    super(message, options);
    this.problem = problem;
  }

  /** The fields safe to log, `problem` included. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problem: this.problem };
  }
}
