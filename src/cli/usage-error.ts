/** A command line that cannot be run as written: exit code 2, with the command's help hint. */
export class UsageError extends Error {
  static {
    this.prototype.name = 'UsageError';
  }
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A flag missing or malformed: reported with the help hint of the command it was given to. */
export class FlagError extends UsageError {
  static {
    this.prototype.name = 'FlagError';
  }
}
