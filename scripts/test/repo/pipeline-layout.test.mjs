// scripts/lib is laid out by pipeline stage as docs/pipeline.md draws it: every folder of
// scripts/lib is a row of its table and every row a folder, with the modules it names; the
// tests under scripts/test/ mirror those folders.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';

const lib = join(repoRoot, 'scripts', 'lib');
const page = readFileSync(join(repoRoot, 'docs', 'pipeline.md'), 'utf8');
/** folder -> the modules its row names ('*' for a row that describes them instead: defects/) */
const rows = new Map(
  [...page.matchAll(/^\| `([a-z-]+)\/` \| ([^|]+) \|/gm)].map((m) => [
    m[1],
    m[2].includes('`') ? [...m[2].matchAll(/`([a-z0-9-]+\.ts)`/g)].map((n) => n[1]) : '*',
  ]),
);
const folders = readdirSync(lib, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

describe('scripts/lib by stage (docs/pipeline.md, "Commands and modules")', () => {
  it('has no module outside a stage folder', () => {
    expect(readdirSync(lib).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('every folder is a row of the table, and every row a folder', () => {
    expect([...rows.keys()].sort()).toEqual([...folders].sort());
  });

  it.each(folders.filter((f) => f !== 'defects'))('%s/: the row names exactly its modules', (folder) => {
    const modules = readdirSync(join(lib, folder)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect([...(rows.get(folder) ?? [])].sort()).toEqual(modules.sort());
  });

  it('the test folders under scripts/test/ are the stages (or e2e/, repo/, and the helpers fixtures/, runtimes/)', () => {
    const tests = readdirSync(join(repoRoot, 'scripts', 'test'), { withFileTypes: true }).filter((e) => e.isDirectory());
    const unknown = tests.map((e) => e.name).filter((d) => !folders.includes(d) && !['e2e', 'repo', 'fixtures', 'runtimes'].includes(d));
    expect(unknown).toEqual([]);
    // a test file sits in a folder: the end-to-end tier is e2e/ alone
    for (const e of readdirSync(join(repoRoot, 'scripts', 'test'))) expect(e, 'a test at scripts/test/ itself').not.toMatch(/\.test\.mjs$/);
    for (const d of tests.filter((e) => e.name !== 'e2e'))
      for (const f of readdirSync(join(repoRoot, 'scripts', 'test', d.name))) expect(`${d.name}/${f}`).not.toMatch(/\.e2e\.test\./);
    expect(existsSync(join(repoRoot, 'scripts', 'test', 'e2e'))).toBe(true);
  });
});
