// The published packages claim what is tested: each one's `engines.node` is the range of the Node
// versions the runtime suite runs on (scripts/test/runtimes/values.mjs), no wider (no odd major,
// no future one) and no narrower; the end-to-end tier runs each of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';
import { ENGINES_NODE, TESTED_NODE } from '../runtimes/values.mjs';

const published = readdirSync(join(repoRoot, 'packages'))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);

describe('engines of the published packages', () => {
  it('there are published packages (the control)', () => {
    expect(published.map((p) => p.pkg.name)).toContain('@capi/core');
  });

  it.each(published.map((p) => [p.pkg.name, p.pkg]))('%s: engines.node says the Node versions tested', (_name, pkg) => {
    expect(pkg.engines?.node).toBe(ENGINES_NODE);
  });

  it('the range is the tested majors from the tested floor', () => {
    const parts = ENGINES_NODE.split(' || ');
    const majors = [...new Set(TESTED_NODE.map((v) => v.split('.')[0]))];
    expect(parts.map((p) => p.replace(/^\^/, '').split('.')[0])).toEqual(majors);
    const floor = TESTED_NODE.find((v) => v.includes('.'));
    expect(parts[0]).toBe(`^${floor}`);
  });

  it('the end-to-end tier runs every tested Node but the fast tier’s own (.nvmrc, what CI runs)', () => {
    const e2e = readFileSync(join(repoRoot, 'scripts/test/e2e/runtimes.e2e.test.mjs'), 'utf8');
    const listed = JSON.parse(/it\.each\((\[[^\]]*\])\)\('runs on Node/.exec(e2e)?.[1].replaceAll("'", '"') ?? '[]');
    const own = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim();
    expect([...listed, own].sort()).toEqual([...TESTED_NODE].sort());
  });
});
