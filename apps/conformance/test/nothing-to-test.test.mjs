// A spec without operations (no paths, or only webhooks, which the contract tests do not
// exercise) has nothing to test: its contract stage fails saying so, instead of passing with
// zero cases. On a copy of the repository's inputs, salesive's effective spec built and then
// emptied of its paths.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { appDir, repoCopy, run } from './helpers.ts';

const scriptsDir = dirname(fileURLToPath(import.meta.resolve('@capi/scripts/package.json')));
const clean = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_')));

describe('a provider whose spec has no operations', () => {
  it('fails its contract stage with "nothing to test" (only webhooks: said so)', async () => {
    const repo = repoCopy();
    try {
      for (const cmd of ['build-spec.ts', 'codegen.ts']) {
        const res = await run([join(scriptsDir, 'commands', cmd), '--root', repo.dir, 'salesive']);
        expect(res.status, res.out).toBe(0);
      }
      const file = join(repo.dir, 'specs/salesive/effective.yaml');
      const doc = parseDocument(readFileSync(file, 'utf8'));
      const [path] = Object.keys(doc.toJS().paths);
      // its one operation becomes a webhook: nothing under paths is left
      doc.setIn(['webhooks', 'customerUpdated'], doc.getIn(['paths', path]));
      doc.set('paths', doc.createNode({}));
      writeFileSync(file, doc.toString());

      const res = await run([join(appDir, 'src/cli.ts'), '--stage', 'contract', '--root', repo.dir, 'salesive'], {
        env: { ...clean(), CONFORMANCE_RUNS: '3' },
        timeoutMs: 300_000,
      });
      expect(res.status, res.out).toBe(1);
      expect(res.out).toMatch(
        /nothing to test: specs\/salesive\/effective\.yaml has no operations under paths \(only 1 webhook\(s\), which the contract tests do not exercise\); a provider passes only when it has operations to test/,
      );
      const report = JSON.parse(readFileSync(join(repo.dir, 'packages/salesive/reports/contract.json'), 'utf8'));
      expect(report.result).toBe('failed');
      expect(report.failures).toContainEqual({ stage: 'contract', message: expect.stringMatching(/^nothing to test: /) });
    } finally {
      repo.cleanup();
    }
  }, 300_000);
});
