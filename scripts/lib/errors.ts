// Errors the user can fix (a broken spec, a bad argument) are UserError: printed as one
// readable block, exit code 1, no stack trace. Anything else is a crash and keeps its stack.
import type { FixAction } from './generation-checks.ts';

/** Where a problem is: the provider, the file (repository-relative) and the position in it. */
export interface Where {
  provider?: string | undefined;
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  /** the error this one explains (kept as `cause`) */
  cause?: unknown;
}

export class UserError extends Error {
  provider: string | undefined;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  // set by codegen's validateSpec only (`declare`: no own property on the other errors)
  /** Overlay actions that correct the problems it knows how to (provider:add prints them, --fix applies them). */
  declare fix?: FixAction[];
  /** How many of the problems no action in `fix` corrects. */
  declare unfixed?: number;

  /**
   * @param message what is wrong and what to do
   * @param where the provider, file and position the message is about
   */
  constructor(message: string, where: Where = {}) {
    super(message, where.cause ? { cause: where.cause } : undefined);
    this.name = 'UserError';
    this.provider = where.provider;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }

  /** `provider: file:line:col: message` — the form editors and CI logs link from. */
  format(): string {
    const at = this.file ? `${this.file}${this.line ? `:${this.line}${this.column ? `:${this.column}` : ''}` : ''}` : '';
    return [this.provider && `[${this.provider}]`, at && `${at}:`, this.message].filter(Boolean).join(' ');
  }
}

/**
 * Runs a CLI entry point: UserError -> message + exit 1; anything else -> stack + exit 2.
 * @param main returns the exit code (or a promise of it); anything but a number means 0
 */
export async function runMain(main: () => unknown): Promise<void> {
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
