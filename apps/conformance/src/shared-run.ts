// One test run for several providers' contract tasks (docs/conformance.md, Speed). Each provider's
// contract task is its own turbo task, cached by its own inputs; run alone, each task loads
// vitest, Prism, Ajv, fast-check and the suite in a worker of its own, about three quarters of a
// seed's task. So the job (src/cli.ts), before it runs the tasks through turbo, asks turbo which
// contract tasks will run (`--dry=json`: each task's hash and whether the cache has it), runs
// those providers' contract tests together in one vitest run (two workers, each loading the suite
// once for the part files it runs), and leaves each provider's share of the results in
// .turbo/conformance-shared/<task hash>.json. The task itself still runs through turbo: it finds
// the share left for its hash (TURBO_HASH, which turbo sets), writes its report from it and
// exits as it would have after its own run, so turbo caches its report by its own inputs, a
// provider's failures are its own, and a task no share was left for (a run of one provider,
// `turbo run contract`, inputs that changed since) runs its tests itself.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Provider } from '@capi/scripts/lib/registry/registry.ts';
import { writeFileAtomic } from '@capi/scripts/lib/shared/fs-atomic.ts';
import { type Data, testsOf } from './report/report.ts';
import { partFile, partOf } from './parts.ts';

/** Where the job leaves each provider's share of its shared run, by the provider's task hash. */
export const sharedDir = (root: string): string => join(root, '.turbo', 'conformance-shared');

/** A turbo task hash (hex): anything else names no file. */
const HASH = /^[0-9a-f]{8,64}$/;

/** What a contract task takes from the shared run instead of running its tests. */
export interface SharedShare {
  readonly provider: string;
  /** The options of the run but its providers (the task's own would be the same: they are in its hash). */
  readonly options: string;
  /** The part file that held the provider, relative to the repository. */
  readonly testFiles: string[];
  /** Its tests and its file's load errors, as testsOf gives them. */
  readonly data: Data;
}

/** The options of a run as a share compares them: every field but the providers. */
export const optionsKey = (handed: Record<string, unknown>): string => {
  const { providers: _, ...rest } = handed;
  return JSON.stringify(rest);
};

/**
 * Each provider's share of a shared run of `providers` (registry order: the part files hold them
 * by their index, src/parts.ts): the tests of its part file that are its own, and that file's
 * load errors (a file that did not load fails only the providers it holds).
 */
export function shares(json: Data, providers: readonly Provider[], appDir: string, repoRoot: string, options: string): SharedShare[] {
  const files: Data[] = json?.testResults ?? [];
  return providers.map((p, i) => {
    const file = join(appDir, partFile(partOf(i)));
    const mine = files.filter((f) => f.name === file);
    const { tests, suiteErrors } = testsOf({ testResults: mine }, 'contract');
    return {
      provider: p.name,
      options,
      testFiles: [relative(repoRoot, file).split(sep).join('/')],
      // a hook error in another provider's suite is that provider's; the file's own, every provider's in it
      data: {
        tests: tests.filter((t) => t.provider === p.name),
        suiteErrors: suiteErrors.filter((e) => !e.topSuite || e.topSuite === p.name),
      },
    };
  });
}

/** Leaves `share` for the contract task of hash `hash`. */
export function leaveShare(root: string, hash: string, share: SharedShare): void {
  if (!HASH.test(hash)) return;
  mkdirSync(sharedDir(root), { recursive: true });
  writeFileAtomic(join(sharedDir(root), `${hash}.json`), `${JSON.stringify(share)}\n`);
}

/**
 * The share the job left for this task (its hash: TURBO_HASH), taken away, or undefined: none
 * left, or one of another provider or other options (the task then runs its tests itself).
 */
export function takeShare(root: string, hash: string | undefined, provider: string, options: string): SharedShare | undefined {
  if (!hash || !HASH.test(hash)) return undefined;
  const file = join(sharedDir(root), `${hash}.json`);
  let share: Data;
  try {
    share = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
  const ok =
    share?.provider === provider &&
    share.options === options &&
    Array.isArray(share.testFiles) &&
    share.testFiles.every((f: unknown) => typeof f === 'string') &&
    Array.isArray(share.data?.tests) &&
    Array.isArray(share.data?.suiteErrors);
  return ok ? (share as SharedShare) : undefined;
}

/** Removes what a run left (a task that did not run leaves its share). */
export const clearShares = (root: string): void => rmSync(sharedDir(root), { recursive: true, force: true });
