// What the contract tests and the fakes need to call a provider: its own client (create<Name>Client
// from @capi/<provider>, by package name) and its testing entry (@capi/<provider>/testing:
// packages/<provider>/testing.ts, with the test credentials, the fake and its scenarios; types in
// @capi/scripts/provider-testing). Providers come from the registry (redocly.yaml); nothing here
// lists them.
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { factoryName } from '@capi/scripts/lib/shared/names.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { type ProviderTesting, TESTING_CONDITION } from '@capi/scripts/provider-testing';
import { suiteOptions } from './options.ts';

export { factoryName };

/** The repository (or the copy in CONFORMANCE_ROOT) whose providers the tests load. */
export const testRoot = (): string => suiteOptions().root;

// A client package exports `./testing` only under this condition (the file is not published),
// so this process adds it to resolution (vitest resolves the file by alias: clientSourceAliases).
let conditionAdded = false;
function addTestingCondition() {
  if (conditionAdded) return;
  conditionAdded = true;
  registerHooks({
    resolve: (specifier, context, next) =>
      next(specifier, specifier.startsWith('@capi/') ? { ...context, conditions: [...context.conditions, TESTING_CONDITION] } : context),
  });
}

/** Whether packages/<name> declares a testing entry (`exports['./testing']`). */
export function hasTestingEntry(name: string, root: string = testRoot()): boolean {
  const file = join(root, 'packages', name, 'package.json');
  if (!existsSync(file)) return false;
  return Boolean(JSON.parse(readFileSync(file, 'utf8')).exports?.['./testing']);
}

const loaded = new Map<string, Promise<ProviderTesting<object> | undefined>>();
/** The provider's testing entry (its default export), or undefined when its package has none. */
export function loadTesting(name: string, root: string = testRoot()): Promise<ProviderTesting<object> | undefined> {
  if (!hasTestingEntry(name, root)) return Promise.resolve(undefined);
  addTestingCondition();
  let testing = loaded.get(name);
  if (!testing) {
    testing = import(`@capi/${name}/testing`).then((m: { default: ProviderTesting<object> }) => m.default);
    loaded.set(name, testing);
  }
  return testing;
}

/** Creates the provider's own client (loaded by package name) against `baseUrl`, with its test credentials. */
// biome-ignore lint/suspicious/noExplicitAny: each provider's client has its own types; the harness calls them all alike
export type AnyClient = any;

export async function createClient(provider: string, baseUrl: string, extra: Record<string, unknown> = {}): Promise<AnyClient> {
  const testing = await loadTesting(provider);
  if (!testing?.conformance)
    throw new Error(
      `@capi/${provider} has no testing entry with conformance options (packages/${provider}/testing.ts, exported as ./testing)`,
    );
  const mod = await import(`@capi/${provider}`);
  const factory = mod[factoryName(provider)];
  if (typeof factory !== 'function') throw new Error(`@capi/${provider} exports no ${factoryName(provider)}()`);
  // one attempt: a mock asked for 429 or 503 answers it every time, so retries would only wait
  return factory({ ...testing.conformance.options, baseUrl, retry: false, ...extra });
}

/**
 * Vitest aliases that load each client and its testing entry from their TypeScript sources
 * (packages/<p>/src/index.ts and packages/<p>/testing.ts under `root`) instead of dist/: the
 * conformance run regenerates each provider on its own, so one provider's broken build cannot
 * stop the others. Used by the conformance and fakes tests.
 */
export function clientSourceAliases(root: string): { find: RegExp; replacement: string }[] {
  const packages = join(root, 'packages');
  const names = [...new Set(['core', ...loadProviders(root).map((p) => p.name)])];
  // exact matches: `@capi/core` must not swallow `@capi/core/node`
  return names
    .flatMap((name) => [
      existsSync(join(packages, name, 'src/index.ts')) && {
        find: new RegExp(`^@capi/${name}$`),
        replacement: join(packages, name, 'src/index.ts'),
      },
      hasTestingEntry(name, root) && { find: new RegExp(`^@capi/${name}/testing$`), replacement: join(packages, name, 'testing.ts') },
    ])
    .filter((a): a is { find: RegExp; replacement: string } => Boolean(a))
    .concat([{ find: /^@capi\/core\/node$/, replacement: join(packages, 'core/src/node.ts') }]);
}
