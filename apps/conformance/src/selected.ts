// What a test process (the contract suite, the fakes' tests) runs on: the repository and the
// providers its options select (src/options.ts), read once when this module loads.
import { loadProviders, type Provider } from '@capi/scripts/lib/registry/registry.ts';
import { suiteOptions } from './options.ts';

/** The repository (or a copy of it, CONFORMANCE_ROOT, used by the conformance CLI's tests). */
export const repoRoot: string = suiteOptions().root;

/** Providers to test: all registered, or those the options name (CONFORMANCE_PROVIDERS=a,b; set by the conformance CLI). */
export function selectedProviders(): Provider[] {
  const all = loadProviders(repoRoot);
  const only = suiteOptions().providers;
  return only === undefined ? all : all.filter((p) => only.includes(p.name));
}
