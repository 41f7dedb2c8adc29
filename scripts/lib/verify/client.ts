// The provider's own client, its testing entry and the client runtime's redaction, loaded from
// their TypeScript sources (packages/<p>/src, packages/core/src) the way the contract tests
// load them: verify needs no build. The process runs with --experimental-transform-types
// (scripts/capi.mjs starts it so); the sources import each other as './x.js', read from './x.ts'.
import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { factoryName } from '../shared/names.ts';
import type { ProviderTesting } from '../registry/provider-testing.ts';

/** What verify uses of @capi/core/testing (the client's own redaction). */
export interface Redaction {
  REDACTED: string;
  isSensitiveKey(key: string): boolean;
  SecretSet: new () => { add(value: string | undefined): void; redact<T>(value: T): T; redactText(text: string): string };
}

let hooked = false;
function hookSources(root: string): void {
  if (hooked) return;
  hooked = true;
  const packages = join(root, 'packages');
  const source = (file: string) => ({ url: pathToFileURL(join(packages, file)).href, shortCircuit: true });
  registerHooks({
    resolve(specifier, context, next) {
      const m = /^@capi\/([a-z0-9-]+)(\/(testing|node|validators-runtime))?$/.exec(specifier);
      if (m) {
        const [, name, , sub] = m as unknown as [string, string, string | undefined, string | undefined];
        const file =
          name === 'core'
            ? `core/src/${sub ?? 'index'}.ts`
            : sub === 'testing'
              ? `${name}/testing.ts`
              : sub
                ? undefined
                : `${name}/src/index.ts`;
        if (file && existsSync(join(packages, file))) return source(file);
      }
      try {
        return next(specifier, context);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\/.*\.js$/.test(specifier)) throw err;
        return next(`${specifier.slice(0, -3)}.ts`, context);
      }
    },
  });
}

/** Imports by a name made at run time (the provider's packages are not dependencies of @capi/scripts). */
const importByName = (name: string): Promise<Record<string, unknown>> => import(name);

// biome-ignore lint/suspicious/noExplicitAny: a provider's factory takes its own options type
type Factory = (options: any) => Record<string, unknown>;

/**
 * The provider's testing entry alone (packages/<p>/testing.ts; undefined when it has none): what
 * `verify --help` and `--all` read (its `verify` entry) without loading the client.
 */
export async function loadProviderTesting(provider: string, root: string): Promise<ProviderTesting<object> | undefined> {
  hookSources(root);
  return existsSync(join(root, 'packages', provider, 'testing.ts'))
    ? ((await importByName(`@capi/${provider}/testing`)).default as ProviderTesting<object>)
    : undefined;
}

export async function loadProviderRuntime(
  provider: string,
  root: string,
): Promise<{ factory: Factory; testing: ProviderTesting<object> | undefined; redaction: Redaction }> {
  hookSources(root);
  const client = await importByName(`@capi/${provider}`);
  const factory = client[factoryName(provider)];
  if (typeof factory !== 'function') throw new Error(`@capi/${provider} exports no ${factoryName(provider)}()`);
  const testing = await loadProviderTesting(provider, root);
  const redaction = (await importByName('@capi/core/testing')) as unknown as Redaction;
  return { factory: factory as Factory, testing, redaction };
}
