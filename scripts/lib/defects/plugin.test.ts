// redocly/plugin.js only reads the registry. A copy of redocly/ without scripts/ beside it
// (diff-report.ts bundles an old ref that way) still bundles, since bundling runs no rule; linting
// with it is refused, since a lint without our rules would pass what must fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { redoclyAsync } from '../build/redocly.ts';
import { repoRoot } from '../registry/registry.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capi-plugin-'));
  cpSync(join(repoRoot, 'redocly'), join(dir, 'redocly'), { recursive: true });
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  const cfg = { extends: config.extends, plugins: config.plugins, rules: config.rules, apis: { t: { root: 't.yaml' } } };
  writeFileSync(join(dir, 'redocly.yaml'), stringify(cfg));
  writeFileSync(join(dir, 't.yaml'), stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a copy of redocly/ without the registry beside it', () => {
  it('bundles (no rule runs)', async () => {
    const res = await redoclyAsync(['bundle', 't', '--output', join(dir, 'out.yaml')], { cwd: dir });
    expect(res.status, res.stderr).toBe(0);
  });

  it('refuses to lint, naming what is missing', async () => {
    const res = await redoclyAsync(['lint', 't', '--format=json'], { cwd: dir });
    expect(res.status).not.toBe(0);
    expect(`${res.stdout}\n${res.stderr}`).toMatch(/the registry of our lint rules\) is not beside this copy of redocly/);
  });
});
