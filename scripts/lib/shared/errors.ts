// Errors the user can fix (a broken spec, a bad argument) are UserError: printed as one
// readable block, exit code 1, no stack trace. Anything else is a crash and keeps its stack.
import { inspect } from 'node:util';
import type { OverlayAction } from '../defects/types.ts';

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
  declare fix?: OverlayAction[];
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
 * Control characters (C0 and C1 but tab and newline) and the bidirectional overrides: a spec,
 * a server or a file name is untrusted, and its text reaches the terminal in our messages (an
 * operationId, a path, a title). Written as `\u001b`, an escape sequence cannot clear the
 * screen, retitle the window, or hide or reorder what is printed around it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text with the characters UNPRINTABLE names written as `\uXXXX`. */
export const printable = (text: string): string => text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

let guarded = false;

/** Makes every string the process writes to stdout and stderr printable (once per process). */
export function guardOutput(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(typeof chunk === 'string' ? printable(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}

/**
 * Runs a CLI entry point: UserError -> message + exit 1; anything else -> stack + exit 2.
 * A command starts through `command` (shared/command.ts), which parses its arguments first.
 * @param main returns the exit code (or a promise of it); anything but a number means 0
 * @param options guard: false leaves stdout as the command writes it (a document written byte
 *   for byte); the error it ends with is made printable all the same
 */
export async function runMain(main: () => unknown, { guard = true }: { guard?: boolean } = {}): Promise<void> {
  if (guard) guardOutput();
  try {
    const code = await main();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`${printable(`error: ${err.format()}`)}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${printable(inspect(err))}\n`);
      process.exitCode = 2;
    }
  }
}

/** `url` with any user info (`user:password@` before the host) shown as `***@`: it may be a secret. */
export const withoutUserInfo = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/*)[^/?#]*@/i, '$1***@');
