// .github/workflows/ci.yml cannot run here (no GitHub); what can be checked is: it parses, it
// does what .ci/run does, every command it runs exists (npm scripts, binaries, files), the turbo
// cache it saves is where turbo writes, the pull-request report runs only on pull requests, and
// the contract shard command reaches vitest with --shard.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';
import { commands, expectCommandExists, loadWorkflow, rootPackage, scriptCommands } from '../workflow-helpers.mjs';

const { file, doc, wf: ci, jobs, steps, all } = loadWorkflow('ci.yml');
const pkg = rootPackage();

describe('.github/workflows/ci.yml', () => {
  it('parses as YAML and has the jobs and triggers it promises', () => {
    expect(doc.errors).toEqual([]);
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(Object.keys(ci.jobs)).toEqual(['checks', 'contract', 'e2e', 'breaking']);
    for (const [name, j] of jobs) {
      expect(j['runs-on'], name).toBe('ubuntu-latest');
      expect(j['timeout-minutes'], name).toBeGreaterThan(0);
      expect(j.steps[0].uses, name).toMatch(/^actions\/checkout@v\d+$/);
    }
  });

  it('does what .ci/run does: install from the lockfile, then both test tiers (split between jobs)', () => {
    const ciRun = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    const npmSteps = commands(ciRun).filter((c) => /^npm (ci|test|run)\b/.test(c));
    expect(npmSteps).toEqual(['npm ci --no-audit --no-fund', 'npm test', 'npm run test:e2e']);
    expect(all.filter((c) => c.job === 'e2e').map((c) => c.cmd)).toContain('npm run test:e2e');
    const checks = all.filter((c) => c.job === 'checks').map((c) => c.cmd);
    expect(checks).toContain('npm ci --no-audit --no-fund');
    expect(checks).toEqual(expect.arrayContaining(['npm run generate', 'npm run lint', 'npm run lint:specs', 'npm run typecheck']));
    // npm test there leaves out exactly the conformance app, whose tests the contract job runs
    expect(checks).toContain('npm test -- --filter=!@capi/conformance');
    expect(pkg.scripts['test:contract']).toMatch(/--filter=@capi\/conformance/);
  });

  it('runs only commands that exist: npm scripts, installed binaries, files', () => {
    expect(all.length).toBeGreaterThan(8);
    for (const { job, cmd } of all) expectCommandExists(pkg, job, cmd);
  });

  it('uses released major versions of the official actions; tests on Node 24 (the floor) and 26', () => {
    for (const s of steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^actions\/(checkout|setup-node|cache|upload-artifact)@v4$/);
    const floor = Number(pkg.engines.node.replace('>=', ''));
    expect(readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim()).toBe(String(floor));
    for (const job of ['checks', 'contract']) expect(ci.jobs[job].strategy.matrix.node, job).toEqual([floor, 26]);
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/setup-node'))) {
      const v = s.with['node-version'] ?? s.with['node-version-file'];
      expect(['${{ matrix.node }}', '.nvmrc'], s.job).toContain(v);
    }
  });

  it('caches turbo where turbo writes its local cache', () => {
    const turbo = JSON.parse(readFileSync(join(repoRoot, 'turbo.json'), 'utf8'));
    const cacheDir = turbo.cacheDir ?? '.turbo/cache';
    const caches = steps.filter((s) => s.uses?.startsWith('actions/cache'));
    expect(caches.map((c) => c.job).sort()).toEqual(['checks', 'contract']);
    for (const c of caches) {
      expect(c.with.path).toBe(cacheDir);
      expect(c.with.key).toContain('${{ github.sha }}'); // a new entry per commit ...
      expect(c.with['restore-keys']).toMatch(/turbo-\$\{\{ runner\.os \}\}-/); // ... starting from the latest one
    }
  });

  it('can use a shared remote cache, with its token from the secrets only', () => {
    expect(ci.env).toMatchObject({
      TURBO_API: '${{ vars.TURBO_API }}',
      TURBO_TEAM: '${{ vars.TURBO_TEAM }}',
      TURBO_TOKEN: '${{ secrets.TURBO_TOKEN }}',
    });
    expect(readFileSync(file, 'utf8').match(/TURBO_TOKEN.*/g)).toEqual(['TURBO_TOKEN: ${{ secrets.TURBO_TOKEN }}']); // set once, from the secrets
  });

  it('splits the contract tests with vitest --shard across a matrix', async () => {
    const { matrix } = ci.jobs.contract.strategy;
    expect(matrix.shard).toEqual(matrix.shard.map((_, i) => i + 1));
    expect(matrix.shard.length).toBeGreaterThan(1);
    expect(ci.jobs.contract.env.SHARDS).toBe(matrix.shard.length);
    const cmd = all.find((c) => c.job === 'contract' && c.cmd.includes('test:contract')).cmd;
    expect(cmd).toMatch(/ -- --shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ env\.SHARDS \}\}/);
    // turbo hands the arguments to the conformance app's vitest (and only to it, not to the builds it depends on)
    const shardArgs = cmd.split(' -- ')[1].replace('${{ matrix.shard }}/${{ env.SHARDS }}', `1/${matrix.shard.length}`).split(' ');
    const [turboCmd] = scriptCommands(pkg, 'test:contract');
    // turbo through capi (its output through the terminal guard)
    const [node, capi, bin, ...script] = turboCmd.split(' ');
    expect([node, capi, bin]).toEqual(['node', 'scripts/capi.mjs', 'turbo']);
    expect(script.at(-1)).toBe('--');
    const res = await runCommand(join(repoRoot, 'node_modules/.bin/turbo'), [...script.slice(0, -1), '--dry=json', '--', ...shardArgs], {
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
    expect(res.status, res.stderr).toBe(0);
    const task = JSON.parse(res.stdout).tasks.find((t) => t.taskId === '@capi/conformance#test');
    expect(task.command).toMatch(/^vitest run /);
    expect(task.cliArguments).toEqual([`--shard=1/${matrix.shard.length}`, '--passWithNoTests']);
    // vitest shards by file: the contract suite is several files (a share of the providers
    // each), at least one per machine, so the providers' contract tests spread over the shards
    const testDir = join(repoRoot, 'apps/conformance/test');
    const parts = readdirSync(testDir).filter((f) => /^contract-\d+\.test\.mjs$/.test(f));
    expect(parts.length).toBeGreaterThanOrEqual(matrix.shard.length);
    expect(parts.map((f) => readFileSync(join(testDir, f), 'utf8').match(/contractSuite\((\d+)\)/)?.[1]).sort()).toEqual(
      parts.map((_, i) => String(i + 1)),
    );
    expect(readFileSync(join(repoRoot, 'apps/conformance/src/parts.ts'), 'utf8')).toMatch(
      new RegExp(`export const PARTS = ${parts.length};`),
    );
  });

  it('runs the breaking-change report of every provider against the base branch on pull requests only', () => {
    const job = ci.jobs.breaking;
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.steps[0].with['fetch-depth']).toBe(0); // history of the base branch, for the merge base
    const report = all.find((c) => c.job === 'breaking' && c.cmd.includes('diff')).cmd;
    // ... and fails when a changed provider's pending changesets carry less than the bump it needs
    expect(report).toMatch(/^npm run --silent diff -- --check-changeset --all "/);
    const step = job.steps.find((s) => s.run?.includes('diff'));
    expect(step.env.BASE).toBe('origin/${{ github.base_ref }}');
    expect(step.run).toMatch(/GITHUB_STEP_SUMMARY/);
  });
});
