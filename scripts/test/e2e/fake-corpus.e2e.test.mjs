// End-to-end tier. The corpus run's fake stage as a user runs it (#23.5): `npm run corpus -- <spec>
// --stages add,fix,lint,generate,fake --out DIR` on the fixture spec of the inferred fakes
// (apps/fakes/test/fixtures/shop.yaml), through the command itself: the spec added, fixed,
// linted and generated on a scratch copy, then `npm run fake -- <provider> --help` and `--port 0`
// (the fake behind Prism) and the provider's scenarios task; the row's fake columns, the three
// targets, and no typecheck or conformance (not selected).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';
import { insideWorkspaceCopy } from '../../lib/shared/workspace-copy.ts';
import { run } from '../helpers.mjs';

describe.skipIf(insideWorkspaceCopy())('npm run corpus -- --stages ...,fake', () => {
  it('measures the fake of a spec as npm run fake serves it: resources, stateful operations, workflows, starts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'capi-fake-corpus-'));
    try {
      const spec = join(repoRoot, 'apps/fakes/test/fixtures/shop.yaml');
      const res = await run(
        repoRoot,
        [join(repoRoot, 'scripts/capi.mjs'), 'corpus', spec, '--worktree', '--stages', 'add,fix,lint,generate,fake', '--out', out],
        {},
        900_000,
      );
      expect(res.status, res.out).toBe(0);
      const json = JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8'));
      const [row] = json.results;
      expect(json.info.source).toBe('the spec files given, stages add,fix,lint,generate,fake only');
      expect(row.stages.typecheck).toEqual({ ok: false, skipped: 'not selected (--stages)' });
      expect(row.stages.conformance).toEqual({ ok: false, skipped: 'not selected (--stages)' });
      // shop.yaml: orders (with its item) and orders.lines nested under it; every operation in a resource
      expect(row.fake).toMatchObject({ starts: true, resources: 2, nested: 1, items: 2, stateful: 9, operations: 9 });
      // both resources have a create and an item path, and each gets its workflow (orders.lines
      // creates its order first): none declined
      expect(row.fake.crud).toEqual(['orders', 'orders.lines']);
      expect(row.fake.workflows).toEqual({ passed: 2, total: 2, failures: [], declined: [] });
      const md = readFileSync(join(out, 'corpus.md'), 'utf8');
      expect(md).toMatch(/\| shop\.yaml \| 9 \|.*\| skip \| skip \| - \| 1 \| 2 \(1 nested\) \| 9\/9 \(100%\) \| 2\/2 \| yes [\d.]+s \|$/m);
      expect(md).toContain('- MET: the fake answers at least 80% of operations statefully: 9 of 9 (100.0%)');
      expect(md).toContain('- MET: at least 95% of generated workflows pass: 2 of 2 (100.0%)');
      expect(md).toContain('- MET: every spec with a collection/item pair gets a fake that starts: 1 of 1');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
