// The fakes of the registered providers: each provider's fake definition (rules, seed,
// credentials, scenarios) lives in its own testing entry, packages/<provider>/testing.ts
// (@capi/<provider>/testing, typed by @capi/scripts/provider-testing), and is read from there.
// Providers come from the registry (redocly.yaml); one without a fake simply has none here.
import { loadProviders } from '@capi/scripts/lib/registry.ts';
import { loadTesting, testRoot } from '@capi/conformance/clients.mjs';

/** Fake definitions by provider name, in registry order (only the providers that have one). */
export const fakes = Object.fromEntries(
  (await Promise.all(loadProviders(testRoot()).map(async (p) => [p.name, (await loadTesting(p.name))?.fake]))).filter(([, fake]) => fake),
);
