// The fakes of the registered providers: each provider's fake definition (its own rules, seed
// records, credentials, scenarios) lives in its own testing entry, packages/<provider>/testing.ts
// (@capi/<provider>/testing, typed by @capi/scripts/provider-testing), and is read from there.
// Providers come from the registry (redocly.yaml); one without a `fake` gets the fake inferred
// from its spec alone (engine.ts), read with the `infer` declarations of its entry.
import type { FakeDefinition, InferredFakeOptions, ProviderTesting } from '@capi/scripts/provider-testing';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadTesting, testRoot } from '@capi/conformance/clients.ts';

/** A fake definition of any provider (its client options are the provider's own). */
export type AnyFakeDefinition = FakeDefinition<object, object>;

// each entry on its own: one provider whose package is not installed or generated yet (a
// provider:add before `npm install`) must not stop the fake of another (unloadable, below)
const entries: [string, ProviderTesting<object, object> | undefined, unknown][] = await Promise.all(
  loadProviders(testRoot()).map(async (p): Promise<[string, ProviderTesting<object, object> | undefined, unknown]> => {
    try {
      return [p.name, (await loadTesting(p.name)) as ProviderTesting<object, object> | undefined, undefined];
    } catch (err) {
      return [p.name, undefined, err];
    }
  }),
);

/** Fake definitions by provider name, in registry order (only the providers that have one). */
export const fakes: Record<string, AnyFakeDefinition> = Object.fromEntries(
  entries.flatMap(([name, t]) => (t?.fake ? [[name, t.fake]] : [])),
);

/** The declarations for the inferred fake (`infer` of a testing entry), by provider name (only those that have some). */
export const inferOptions: Record<string, InferredFakeOptions> = Object.fromEntries(
  entries.flatMap(([name, t]) => (t?.infer ? [[name, t.infer]] : [])),
);

/**
 * Throws a one-line UserError when the testing entry of `name` could not be loaded (its package
 * not installed or not generated yet), saying what to run; nothing for any other provider.
 */
export function assertLoadable(name: string): void {
  const failed = entries.find(([n, , err]) => n === name && err !== undefined);
  if (!failed) return;
  const err = failed[2] as { code?: unknown; message?: unknown };
  const why =
    err?.code === 'ERR_MODULE_NOT_FOUND' ? 'its package is not installed or not generated yet' : String(err?.message ?? err).split('\n')[0];
  throw new UserError(`@capi/${name}/testing cannot be loaded (${why}): run npm install, then npm run generate -- ${name}`);
}
