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
