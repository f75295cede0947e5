/**
 * Errors a user can fix (bad input, missing model, bad file). The CLI prints their message and exits
 * non-zero without a stack trace; anything else is a bug and is printed with its stack.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    message: string,
    /** What the user should do next, printed under the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The model files are not in the cache (or are damaged). */
export class ModelMissingError extends UserError {
  override readonly name = 'ModelMissingError';
}

/** A corpus or query file cannot be read: names file, row and what is wrong. */
export class FileFormatError extends UserError {
  override readonly name = 'FileFormatError';
  constructor(
    readonly file: string,
    readonly row: number | undefined,
    problem: string,
  ) {
    super(row === undefined ? `${file}: ${problem}` : `${file}, row ${row}: ${problem}`);
  }
}

/** An index artifact was built with another model, dimension or weights than the encoder loaded. */
export class IndexMismatchError extends UserError {
  override readonly name = 'IndexMismatchError';
}

/** Invalid argument such as an empty or over-long query. */
export class InvalidInputError extends UserError {
  override readonly name = 'InvalidInputError';
}
