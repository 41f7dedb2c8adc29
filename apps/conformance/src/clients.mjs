// The conformance entry of each provider: how to build its client with test credentials.
// Everything else the contract tests need comes from the effective spec. The factory name
// follows the convention create<Name>Client; a provider added by the scaffold gets an entry here.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { factoryName } from '@capi/scripts/lib/names.ts';
export const entries = {
  bitbybit: { options: { apiKey: 'conformance-api-key' } },
  teamcrm: {
    options: { clientId: 'conformance-client', accessToken: 'conformance-token', signer: () => 'conformance-signature' },
  },
  imprint: { options: { auth: { type: 'bearer', token: 'conformance-token' } } },
  profiles: { options: { token: 'conformance-token' } },
  salesive: { options: { token: 'app_conformance' } },
};

export { factoryName };

/** Creates the provider's own client (loaded by package name) against `baseUrl`. */
export async function createClient(provider, baseUrl, extra = {}) {
  const entry = entries[provider];
  if (!entry) throw new Error(`no conformance entry for "${provider}" in apps/conformance/src/clients.mjs`);
  const mod = await import(`@capi/${provider}`);
  const factory = mod[factoryName(provider)];
  if (typeof factory !== 'function') throw new Error(`@capi/${provider} exports no ${factoryName(provider)}()`);
  // one attempt: a mock asked for 429 or 503 answers it every time, so retries would only wait
  return factory({ ...entry.options, baseUrl, retry: false, ...extra });
}

/**
 * Vitest aliases that load each client from its TypeScript sources (packages/<p>/src/index.ts
 * under `root`) instead of dist/: the conformance run regenerates each provider on its own, so
 * one provider's broken build cannot stop the others. Used by the conformance and fakes tests.
 */
export function clientSourceAliases(root) {
  const packages = resolve(root, 'packages');
  // exact matches: `@capi/core` must not swallow `@capi/core/node`
  return readdirSync(packages)
    .filter((name) => existsSync(join(packages, name, 'src/index.ts')))
    .map((name) => ({ find: new RegExp(`^@capi/${name}$`), replacement: join(packages, name, 'src/index.ts') }))
    .concat([{ find: /^@capi\/core\/node$/, replacement: join(packages, 'core/src/node.ts') }]);
}
