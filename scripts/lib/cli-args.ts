// Command-line arguments of the repository's scripts, parsed by node:util parseArgs (strict):
// one place for --help, unknown options and missing values, each ending with the usage line.
import { parseArgs } from 'node:util';
import { UserError } from './errors.ts';

/**
 * @param {string[]} argv
 * @param {{ usage: string, options?: import('node:util').ParseArgsConfig['options'] }} spec
 *   options as parseArgs takes them (`--help`/`-h` is added: it prints `usage` and exits 0)
 * @returns {{ values: Record<string, any>, positionals: string[] }}
 */
export function parseCli(argv, { usage, options = {} }) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const option = /'(-[^' ]+)/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UserError(`unknown option ${option}; ${usage}`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UserError(`${option} needs a value; ${usage}`);
    throw new UserError(`${err.message}; ${usage}`);
  }
  if (parsed.values.help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}
