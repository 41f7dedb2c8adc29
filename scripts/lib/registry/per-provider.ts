import { performance } from 'node:perf_hooks';
import { command } from '../shared/command.ts';
import { UserError } from '../shared/errors.ts';
import { type Provider, type ProviderSelection, providerOptions, providerSelection } from './registry.ts';

/** A provider as lib/registry/registry.ts loadProviders returns it (the registry owns the type). */
export type { Provider } from './registry.ts';

/**
 * A command over providers, `[--root DIR] [flag ...] [provider ... | .]` (no names: every
 * provider; `.`: the one whose specs/ or packages/ folder is the current directory), started
 * as every command is (shared/command.ts).
 */
export function providerCommand(
  { usage, flags = [] }: { usage: string; flags?: readonly string[] },
  main: (selection: ProviderSelection) => unknown,
): Promise<void> {
  return command({ usage, options: providerOptions(flags) }, (cli) => main(providerSelection(cli, flags)));
}

/**
 * The shape shared by the per-provider scripts: one line per provider (or its error), every
 * provider attempted, exit 1 when any failed.
 * @param work returns the line to print
 * @param kept what the user keeps when a provider fails (printed after the count)
 */
export function runPerProvider(
  usage: string,
  work: (provider: Provider, root: string) => Promise<string> | string,
  kept: string,
): Promise<void> {
  return providerCommand({ usage }, async ({ root, providers }) => {
    let failed = 0;
    for (const p of providers) {
      const t0 = performance.now();
      try {
        console.log(`${await work(p, root)} in ${Math.round(performance.now() - t0)} ms`);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        console.error(`error: ${err.format()}`);
        failed++;
      }
    }
    if (failed) {
      console.error(`${failed} of ${providers.length} provider(s) failed; ${kept}`);
      return 1;
    }
    return 0;
  });
}
