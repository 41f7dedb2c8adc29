// A provider with many operations has its contract task split them over part files, a vitest
// worker and a Prism each (src/parts.ts), so the task uses every core: the same cases as one
// worker would run, none lost and none twice. On a copy of the repository's inputs, salesive's
// effective spec built and given copies of its one operation under other paths, then generated.
import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { partFile, SPLIT_FROM_OPERATIONS, splitFor } from '../src/parts.ts';
import { appDir, repoCopy, run } from './helpers.ts';

const scriptsDir = dirname(fileURLToPath(import.meta.resolve('@capi/scripts/package.json')));
const clean = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_')));

describe('a provider with many operations', () => {
  it("splits them over the part files in its contract task: every operation's cases, once each", async () => {
    const repo = repoCopy();
    try {
      const build = await run([join(scriptsDir, 'commands/build-spec.ts'), '--root', repo.dir, 'salesive']);
      expect(build.status, build.out).toBe(0);
      const file = join(repo.dir, 'specs/salesive/effective.yaml');
      const doc = parseDocument(readFileSync(file, 'utf8'));
      const item = doc.toJS().paths['/customers/{id}'];
      // the one operation and copies of it, each under a path and an operationId of its own
      for (let i = 2; i <= SPLIT_FROM_OPERATIONS; i++)
        doc.setIn(['paths', `/customers${i}/{id}`], doc.createNode({ put: { ...item.put, operationId: `updateCustomer${i}` } }));
      writeFileSync(file, doc.toString());
      // the client generated from it: its copies are documented operations too
      const gen = await run([join(scriptsDir, 'commands/codegen.ts'), '--root', repo.dir, 'salesive']);
      expect(gen.status, gen.out).toBe(0);

      const res = await run([join(appDir, 'src/cli.ts'), '--stage', 'contract', '--root', repo.dir, 'salesive'], {
        env: { ...clean(), CONFORMANCE_RUNS: '3' },
        timeoutMs: 600_000,
      });
      expect(res.status, res.out).toBe(0);
      const report = JSON.parse(readFileSync(join(repo.dir, 'packages/salesive/reports/contract.json'), 'utf8'));
      const split = splitFor(SPLIT_FROM_OPERATIONS, availableParallelism());
      expect(report.testFiles).toEqual(Array.from({ length: split }, (_, i) => `apps/conformance/${partFile(i + 1)}`));
      // every copy has the original's cases, each once
      const byOperation = Map.groupBy(report.data.tests, (t) => t.operationId);
      expect([...byOperation.keys()].sort()).toEqual(
        ['updateCustomer', ...Array.from({ length: SPLIT_FROM_OPERATIONS - 1 }, (_, i) => `updateCustomer${i + 2}`)].sort(),
      );
      const titles = (op) => byOperation.get(op).map((t) => t.name);
      for (const op of byOperation.keys()) expect(titles(op)).toEqual(titles('updateCustomer'));
      expect(new Set(report.data.tests.map((t) => t.title)).size).toBe(report.data.tests.length);
      expect(report.data.tests.every((t) => t.result === 'passed')).toBe(true);
    } finally {
      repo.cleanup();
    }
  }, 600_000);
});
