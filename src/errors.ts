/**
 * The two kinds of error that are the user's to fix, as opposed to bugs in pfa.
 *
 * The CLI prints them as one line, `pfa: <message>`, with no stack trace (unless --debug), and exits
 * with their `exitCode`. Any other exception is treated as an internal error (exit 2). Messages name
 * the file, the element or stage, and the construct, e.g.
 * `model.pmml: TreeModel 'tree1': missingValueStrategy="aggregateNodes" is not supported`.
 */

/** A mistake in the user's input, or an input pfa cannot handle (unsupported, invalid): exit status 1. */
export class UserError extends Error {
  readonly exitCode: number = 1;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A wrong invocation: bad arguments or options, a file that does not exist: exit status 2. */
export class UsageError extends UserError {
  override readonly exitCode: number = 2;
}
