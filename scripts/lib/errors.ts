// Errors the user can fix (a broken spec, a bad argument) are UserError: printed as one
// readable block, exit code 1, no stack trace. Anything else is a crash and keeps its stack.

export class UserError extends Error {
  /**
   * @param {string} message what is wrong and what to do
   * @param {{ provider?: string, file?: string, line?: number, column?: number, cause?: unknown }} [where]
   */
  constructor(message, where = {}) {
    super(message, where.cause ? { cause: where.cause } : undefined);
    this.name = 'UserError';
    this.provider = where.provider;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** `provider: file:line:col: message` — the form editors and CI logs link from. */
  format() {
    const at = this.file ? `${this.file}${this.line ? `:${this.line}${this.column ? `:${this.column}` : ''}` : ''}` : '';
    return [this.provider && `[${this.provider}]`, at && `${at}:`, this.message].filter(Boolean).join(' ');
  }
}

/** Runs a CLI entry point: UserError -> message + exit 1; anything else -> stack + exit 2. */
export async function runMain(main) {
  try {
    const code = await main();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UserError) {
      console.error(`error: ${err.format()}`);
      process.exitCode = 1;
    } else {
      console.error(err);
      process.exitCode = 2;
    }
  }
}
