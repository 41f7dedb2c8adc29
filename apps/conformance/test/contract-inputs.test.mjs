// The `contract` task's cache key covers the suite's own code: every file of apps/conformance/test
// that a part file imports, directly or not, is one of the task's inputs in turbo.json (else a
// change to it would replay the last run from the cache instead of running the tests again).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDir } from './helpers.ts';

const root = resolve(appDir, '../..');

/** Files under apps/conformance/test that `file` imports by a relative path, and theirs. */
function testImports(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)) {
    const target = resolve(dirname(file), spec);
    if (target.startsWith(join(appDir, 'test')) && existsSync(target)) testImports(target, seen);
  }
  return seen;
}

describe("the contract task's inputs", () => {
  it('cover every test file a part file imports', () => {
    const inputs = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8'))
      .tasks.contract.inputs.filter((i) => i.startsWith('$TURBO_ROOT$/'))
      .map((i) => i.slice('$TURBO_ROOT$/'.length));
    const files = [...testImports(join(appDir, 'test/contract-1.test.mjs'))].map((f) => relative(root, f));
    expect(files).toContain('apps/conformance/test/suite/judging.ts');
    expect(files.filter((f) => !inputs.some((glob) => matchesGlob(f, glob)))).toEqual([]);
  });
});
