// Versions and changelogs: .github/workflows/release.yml cannot run here (no GitHub, no
// registry to publish to); what can be checked is that it parses, runs commands that exist, and
// publishes with provenance. The changeset commands themselves run for real on a git copy in
// changesets.e2e.test.mjs.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { expectCommandExists, loadWorkflow, rootPackage, scriptCommands } from '../workflow-helpers.mjs';

const { doc, wf, jobs, steps, all } = loadWorkflow('release.yml');
const pkg = rootPackage();
const CLIENTS = readdirSync(join(repoRoot, 'packages')).filter((d) => existsSync(join(repoRoot, 'packages', d, 'package.json')));

describe('.github/workflows/release.yml', () => {
  it('parses, runs on main only, and may write releases and mint a provenance token', () => {
    expect(doc.errors).toEqual([]);
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    expect(wf.concurrency['cancel-in-progress']).toBe(false); // never cancel a publish half way
    expect(jobs.map(([name]) => name)).toEqual(['release']);
  });

  it('tests first, then versions or publishes through changesets with npm provenance', () => {
    const names = steps.map((s) => s.uses ?? s.run);
    expect(names.indexOf('npm test')).toBeGreaterThan(names.indexOf('npm ci --no-audit --no-fund'));
    const action = steps.find((s) => s.uses?.startsWith('changesets/action@'));
    expect(names.indexOf(action.uses)).toBeGreaterThan(names.indexOf('npm test'));
    expect(action.with).toMatchObject({ version: 'npm run version-packages', publish: 'npm run release' });
    expect(action.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true', NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node'));
    expect(setup.with).toMatchObject({ 'node-version-file': '.nvmrc', 'registry-url': 'https://registry.npmjs.org' });
    for (const { job, cmd } of [...all, { job: 'release', cmd: action.with.version }, { job: 'release', cmd: action.with.publish }]) {
      expectCommandExists(pkg, job, cmd);
    }
    expect(scriptCommands(pkg, 'version-packages')[0]).toBe('changeset version');
    expect(scriptCommands(pkg, 'release')).toEqual(['changeset publish']);
  });

  it('publishes only the client packages, publicly, with provenance; everything else is private', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8'));
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    for (const c of CLIENTS) {
      const p = JSON.parse(readFileSync(join(repoRoot, 'packages', c, 'package.json'), 'utf8'));
      expect(p.private, c).toBeUndefined();
      expect(p.publishConfig, c).toEqual({ access: 'public', provenance: true });
    }
    for (const top of ['apps', 'specs']) {
      for (const d of readdirSync(join(repoRoot, top))) {
        const file = join(repoRoot, top, d, 'package.json');
        if (existsSync(file)) expect(JSON.parse(readFileSync(file, 'utf8')).private, `${top}/${d}`).toBe(true);
      }
    }
    for (const d of ['scripts', 'bench', '.'])
      expect(JSON.parse(readFileSync(join(repoRoot, d, 'package.json'), 'utf8')).private, d).toBe(true);
  });
});
