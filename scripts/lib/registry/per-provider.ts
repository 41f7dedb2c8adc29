import { performance } from 'node:perf_hooks';
import { runMain, UserError } from '../shared/errors.ts';
import { parseProviderArgs, type Provider } from './registry.ts';

/** A provider as lib/registry/registry.ts loadProviders returns it (the registry owns the type). */
export type { Provider } from './registry.ts';

/**
 * The command-line shape shared by the per-provider scripts: `[--root DIR] [provider ... | .]`,
 * one line per provider (or its error), every provider attempted, exit 1 when any failed.
 * @param work returns the line to print
 * @param kept what the user keeps when a provider fails (printed after the count)
 */
export function runPerProvider(argv: string[], work: (provider: Provider, root: string) => Promise<string> | string, kept: string): void {
  runMain(async () => {
    const { root, providers }: { root: string; providers: Provider[] } = parseProviderArgs(argv);
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
