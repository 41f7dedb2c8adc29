// The fakes of the registered providers: each provider's fake definition (rules, seed,
// credentials, scenarios) lives in its own testing entry, packages/<provider>/testing.ts
// (@capi/<provider>/testing, typed by @capi/scripts/provider-testing), and is read from there.
// Providers come from the registry (redocly.yaml); one without a fake gets the one inferred from
// its spec (engine.ts), read with the `infer` declarations of its entry.
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadTesting, testRoot } from '@capi/conformance/clients.ts';

const entries = await Promise.all(loadProviders(testRoot()).map(async (p) => [p.name, await loadTesting(p.name)]));

/** Fake definitions by provider name, in registry order (only the providers that have one). */
export const fakes = Object.fromEntries(entries.map(([name, t]) => [name, t?.fake]).filter(([, fake]) => fake));

/** The declarations for the inferred fake (`infer` of a testing entry), by provider name (only those that have some). */
export const inferOptions = Object.fromEntries(entries.map(([name, t]) => [name, t?.infer]).filter(([, infer]) => infer));
