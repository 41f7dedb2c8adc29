// The one way a command starts (scripts/commands/*.ts): its arguments parsed (`--help`/`-h`
// prints its usage and exits 0; an unknown option or a missing value ends it with an error
// naming it, and the usage), every line it prints through the terminal guard (`printable`),
// and its end as the exit code: the number `main` returns (0 when it returns none), 1 for a
// UserError (its message, no stack trace), 2 for anything else (the stack).
import { type CliOption, type ParsedCli, parseCli } from './cli-args.ts';
import { runMain } from './errors.ts';

interface CommandSpec<O extends Record<string, CliOption>> {
  /** printed by --help and after every mistake: `usage: npm run ... -- <args>` */
  usage: string;
  /** its options, as parseArgs takes them (`--help`/`-h` is added) */
  options?: O;
  /**
   * the arguments are handed on to another tool (turbo) as they are: none is refused, `main`
   * gets them all as positionals; --help/-h still prints the usage
   */
  passOn?: boolean;
  /** stdout is the command's product, written byte for byte (a document redirected to a file): not guarded */
  rawStdout?: boolean;
  /** process.argv.slice(2) unless given */
  argv?: string[];
  /**
   * a longer `--help` text than the usage, made when asked (from the arguments, e.g. `--root`):
   * what the registry holds, such as the variables each provider's testing entry names
   */
  help?: (argv: string[]) => string | Promise<string>;
}

export function command<const O extends Record<string, CliOption>>(
  spec: CommandSpec<O>,
  main: (cli: ParsedCli<O>) => unknown,
): Promise<void> {
  const argv = spec.argv ?? process.argv.slice(2);
  return runMain(
    async () => {
      if (spec.help && (argv.includes('--help') || argv.includes('-h'))) {
        console.log(await spec.help(argv));
        return 0;
      }
      if (!spec.passOn) return main(parseCli(argv, spec));
      if (argv.includes('--help') || argv.includes('-h')) {
        console.log(spec.usage);
        return 0;
      }
      return main({ values: {}, positionals: argv });
    },
    { guard: !spec.rawStdout },
  );
}
