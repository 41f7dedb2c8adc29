// The lint stage library (scripts/lib/lint.ts) with the real Redocly: one provider whose
// document Redocly cannot read must not stop the lint of the others; it is reported with the
// reason, and the others get their own results.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintProviders, locationOf } from '../lib/lint.ts';
import { loadProviders, repoRoot } from '../lib/registry.ts';

describe('lintProviders', () => {
  it('reports a provider whose document Redocly cannot read, and lints the others', async () => {
    const all = loadProviders();
    const good = all.filter((p) => p.name === 'bitbybit' || p.name === 'salesive');
    const broken = { ...all.find((p) => p.name === 'imprint'), root: '/nonexistent/capi/upstream.yaml' };
    const results = await lintProviders([good[0], broken, good[1]], repoRoot);
    expect([...results.keys()].sort()).toEqual(['bitbybit', 'imprint', 'salesive']);
    const imprint = results.get('imprint');
    expect(imprint.errors).toBeGreaterThan(0);
    expect(imprint.configProblems.join('\n')).toMatch(/redocly lint could not read imprint \(exit \d+\): .*upstream\.yaml does not exist/);
    for (const p of good) {
      const r = results.get(p.name);
      expect(r.configProblems, p.name).toEqual([]);
      expect(r.upstream?.length ?? 0, p.name).toBeGreaterThan(0); // the upstream findings were read and classified
    }
  }, 120_000);
});

describe('finding locations', () => {
  it('always give the JSON pointer, and the line only where the file has lines (not a minified JSON spec)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-where-'));
    try {
      const minified = join(dir, 'upstream.json');
      const pretty = join(dir, 'upstream.yaml');
      writeFileSync(minified, JSON.stringify({ openapi: '3.0.3', paths: { '/a': { get: {} } } }));
      writeFileSync(pretty, 'openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n');
      const f = { file: 'specs/x/upstream.json', line: 1, pointer: '#/paths/~1a/get' };
      expect(locationOf(f, minified)).toBe('specs/x/upstream.json #/paths/~1a/get');
      expect(locationOf({ ...f, file: 'specs/x/upstream.yaml', line: 4 }, pretty)).toBe('specs/x/upstream.yaml:4 #/paths/~1a/get');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
