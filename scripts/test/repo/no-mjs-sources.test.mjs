// Issue #19: the sources are TypeScript, run by Node 24 as they are (type stripping) and checked by
// `npm run typecheck`. A `.mjs` file is allowed only as a test file (a *.test.mjs, or a helper
// under a test/ folder), as a config (vitest.*.config.mjs), or as one of the two files that must
// run on a Node too old to strip types, so that it can say which Node is needed (ALLOWED).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';

const ALLOWED = new Map([
  // the dispatcher every root npm script runs: it imports check-node.mjs first, so an old Node
  // prints the version error instead of a syntax error (node-version.test.mjs)
  ['scripts/capi.mjs', 'runs on an old Node to print the version error'],
  // `preinstall` and the first import of capi.mjs: written for any Node that can load an ES module
  ['scripts/check-node.mjs', 'runs on an old Node to print the version error'],
]);

/** Whether a tracked `.mjs` path is allowed: a test file, a config, or one of ALLOWED. */
const allowed = (path) =>
  /\.test\.mjs$/.test(path) || path.split('/').includes('test') || /(^|\/)vitest(\.[\w-]+)?\.config\.mjs$/.test(path) || ALLOWED.has(path);

describe('no .mjs source outside test files and config', () => {
  it('every tracked .mjs file is a test, a config, or allowed with its reason', async () => {
    const { stdout } = await promisify(execFile)('git', ['ls-files', '-z', '--', '*.mjs'], { cwd: repoRoot });
    const files = stdout.split('\0').filter(Boolean);
    expect(files, 'the control: the allowed ones are found').toEqual(expect.arrayContaining([...ALLOWED.keys()]));
    expect(
      files.filter((f) => !allowed(f)),
      'convert these to .ts (run by Node 24 as they are; see bench/ or apps/fakes)',
    ).toEqual([]);
  });

  it('the rule refuses a source and accepts tests and configs (the control)', () => {
    for (const f of ['bench/run.mjs', 'scripts/lib/shared/x.mjs', 'apps/fakes/src/cli.mjs', 'scripts/testing.mjs'])
      expect(allowed(f), f).toBe(false);
    for (const f of ['scripts/test/helpers.mjs', 'apps/fakes/test/x.test.mjs', 'scripts/vitest.e2e.config.mjs', 'scripts/check-node.mjs'])
      expect(allowed(f), f).toBe(true);
  });
});
