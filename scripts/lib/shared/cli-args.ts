// Command-line arguments of the repository's scripts, parsed by node:util parseArgs (strict):
// one place for --help, unknown options and missing values, each ending with the usage line.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UserError } from './errors.ts';

/**
 * One option as parseArgs takes it. `type` is a plain string so that option tables built at run
 * time (`{ type: 'boolean' }` from Object.fromEntries) fit; parseArgs refuses any other value.
 */
export interface CliOption {
  type: string;
  short?: string;
  multiple?: boolean;
}

/** The value parseArgs gives an option: a string for `type: 'string'`, a boolean for `type: 'boolean'`. */
type OptionValue<O> = O extends { type: 'boolean' } ? boolean : O extends { type: 'string' } ? string : string | boolean;

export interface ParsedCli<O extends Record<string, CliOption>> {
  /** each option given (absent when not given), and `help` */
  values: { [K in keyof O]?: OptionValue<O[K]> } & { help?: boolean };
  positionals: string[];
}

/** A Node.js error with its `code` (parseArgs throws these: ERR_PARSE_ARGS_UNKNOWN_OPTION, ...). */
const errorParts = (err: unknown): { code?: unknown; message: string } =>
  err instanceof Error ? { code: (err as NodeJS.ErrnoException).code, message: err.message } : { message: String(err) };

/**
 * @param spec usage: printed by `--help`/`-h` (which exits 0) and after every mistake;
 *   options: as parseArgs takes them (`--help`/`-h` is added)
 */
export function parseCli<const O extends Record<string, CliOption>>(
  argv: string[],
  { usage, options }: { usage: string; options?: O },
): ParsedCli<O> {
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      // CliOption's `type` is checked by parseArgs itself (ERR_PARSE_ARGS_INVALID_OPTION_VALUE)
      options: { ...options, help: { type: 'boolean', short: 'h' } } as ParseArgsOptionsConfig,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const { code, message } = errorParts(err);
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UserError(`unknown option ${option}; ${usage}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UserError(`${option} needs a value; ${usage}`);
    throw new UserError(`${message}; ${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed as ParsedCli<O>;
}
