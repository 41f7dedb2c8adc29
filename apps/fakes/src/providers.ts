// The fakes of the registered providers: each provider's fake definition (its own rules, seed
// records, credentials, scenarios) lives in its own testing entry, packages/<provider>/testing.ts
// (@capi/<provider>/testing, typed by @capi/scripts/provider-testing), and is read from there.
// Providers come from the registry (redocly.yaml); one without a `fake` gets the fake inferred
// from its spec alone (engine.ts), read with the `infer` declarations of its entry.
import type { FakeDefinition, InferredFakeOptions, ProviderTesting } from '@capi/scripts/provider-testing';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadTesting, testRoot } from '@capi/conformance/clients.ts';

/** A fake definition of any provider (its client options are the provider's own). */
export type AnyFakeDefinition = FakeDefinition<object, object>;

const entries: [string, ProviderTesting<object, object> | undefined][] = await Promise.all(
  loadProviders(testRoot()).map(
    async (p): Promise<[string, ProviderTesting<object, object> | undefined]> => [
      p.name,
      (await loadTesting(p.name)) as ProviderTesting<object, object> | undefined,
    ],
  ),
);

/** Fake definitions by provider name, in registry order (only the providers that have one). */
export const fakes: Record<string, AnyFakeDefinition> = Object.fromEntries(
  entries.flatMap(([name, t]) => (t?.fake ? [[name, t.fake]] : [])),
);

/** The declarations for the inferred fake (`infer` of a testing entry), by provider name (only those that have some). */
export const inferOptions: Record<string, InferredFakeOptions> = Object.fromEntries(
  entries.flatMap(([name, t]) => (t?.infer ? [[name, t.infer]] : [])),
);
