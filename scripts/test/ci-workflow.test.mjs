// .github/workflows/ci.yml cannot run here (no GitHub); what can be checked is: it parses, it
// does what .ci/run does, every command it runs exists (npm scripts, binaries, files), the turbo
// cache it saves is where turbo writes, the pull-request report runs only on pull requests, and
// the contract shard command reaches vitest with --shard.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from '../lib/registry.mjs';

const file = join(repoRoot, '.github/workflows/ci.yml');
const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
const ci = doc.toJS();
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const jobs = Object.entries(ci.jobs ?? {});
const steps = jobs.flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ job, ...s })));
const runs = steps.filter((s) => s.run).map((s) => ({ job: s.job, run: s.run }));

/** The simple commands of a shell snippet: split on newlines, pipes, && / ||, ; and braces, with $( ) unwrapped. */
function commands(script) {
  const unwrapped = script.replace(/\$\(([^()]*)\)/g, (_, inner) => `\n${inner}\n`);
  return unwrapped
    .split(/\n|\|\||&&|\||;|^\s*[{}]\s*|\s[{}]\s/m)
    .map((c) => c.trim().replace(/^[{}]\s*|\s*[{}]$/g, '').trim())
    .filter((c) => c && !/^["']+$/.test(c) && !c.startsWith('#') && !/^(set|echo)\b/.test(c) && !/ --version$/.test(c));
}
const all = runs.flatMap((r) => commands(r.run).map((c) => ({ job: r.job, cmd: c })));

describe('.github/workflows/ci.yml', () => {
  it('parses as YAML and has the jobs and triggers it promises', () => {
    expect(doc.errors).toEqual([]);
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(Object.keys(ci.jobs)).toEqual(['checks', 'contract', 'breaking']);
    for (const [name, j] of jobs) {
      expect(j['runs-on'], name).toBe('ubuntu-latest');
      expect(j['timeout-minutes'], name).toBeGreaterThan(0);
      expect(j.steps[0].uses, name).toMatch(/^actions\/checkout@v\d+$/);
    }
  });

  it('does what .ci/run does: install from the lockfile, then every test (split between jobs)', () => {
    const ciRun = readFileSync(join(repoRoot, '.ci/run'), 'utf8');
    const npmSteps = commands(ciRun).filter((c) => c.startsWith('npm '));
    expect(npmSteps).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    const checks = all.filter((c) => c.job === 'checks').map((c) => c.cmd);
    expect(checks).toContain('npm ci --no-audit --no-fund');
    expect(checks).toEqual(expect.arrayContaining(['npm run generate', 'npm run lint:specs', 'npm run typecheck']));
    // npm test there leaves out exactly the conformance app, whose tests the contract job runs
    expect(checks).toContain('npm test -- --filter=!@capi/conformance');
    expect(pkg.scripts['test:contract']).toMatch(/--filter=@capi\/conformance/);
  });

  it('runs only commands that exist: npm scripts, installed binaries, files', () => {
    expect(all.length).toBeGreaterThan(8);
    for (const { job, cmd } of all) {
      const [tool, ...args] = cmd.split(/\s+/);
      if (tool === 'npm') {
        const sub = args[0];
        if (sub === 'ci' || sub === 'test') {
          if (sub === 'test') expect(pkg.scripts.test, `${job}: ${cmd}`).toBeDefined();
          continue;
        }
        expect(sub, `${job}: ${cmd}`).toBe('run');
        const script = args.slice(1).find((a) => !a.startsWith('-'));
        expect(pkg.scripts[script], `${job}: ${cmd}: no npm script "${script}" in package.json`).toBeDefined();
        // and what the script itself runs is there too
        const [bin, target] = pkg.scripts[script].split(/\s+/);
        if (bin === 'node') expect(existsSync(join(repoRoot, target)), pkg.scripts[script]).toBe(true);
        else expect(existsSync(join(repoRoot, 'node_modules/.bin', bin)), pkg.scripts[script]).toBe(true);
      } else if (tool === 'npx') {
        expect(existsSync(join(repoRoot, 'node_modules/.bin', args[0])), `${job}: ${cmd}`).toBe(true);
      } else if (tool === 'node') {
        expect(existsSync(join(repoRoot, args[0])), `${job}: ${cmd}`).toBe(true);
      } else if (tool === 'git' || tool === 'tee') {
        continue;
      } else {
        throw new Error(`${job}: unexpected command "${cmd}" (teach this test about it)`);
      }
    }
  });

  it('uses released major versions of the official actions and a Node the engines field allows', () => {
    for (const s of steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^actions\/(checkout|setup-node|cache|upload-artifact)@v4$/);
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/setup-node'))) {
      const [maj, min] = String(s.with['node-version']).split('.').map(Number);
      const [emaj, emin] = pkg.engines.node.replace('>=', '').split('.').map(Number);
      expect(maj > emaj || (maj === emaj && min >= emin), s.with['node-version']).toBe(true);
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

  it('splits the contract tests with vitest --shard across a matrix', () => {
    const { matrix } = ci.jobs.contract.strategy;
    expect(matrix.shard).toEqual(matrix.shard.map((_, i) => i + 1));
    expect(matrix.shard.length).toBeGreaterThan(1);
    const cmd = all.find((c) => c.job === 'contract' && c.cmd.includes('test:contract')).cmd;
    expect(cmd).toMatch(/ -- --shard=\$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\}/);
    // turbo hands the arguments to the conformance app's vitest (and only to it, not to the builds it depends on)
    const shardArgs = cmd.split(' -- ')[1].replace('${{ matrix.shard }}/${{ strategy.job-total }}', `1/${matrix.shard.length}`).split(' ');
    const [bin, ...script] = pkg.scripts['test:contract'].split(' ');
    expect(bin).toBe('turbo');
    expect(script.at(-1)).toBe('--');
    const res = spawnSync(join(repoRoot, 'node_modules/.bin/turbo'), [...script.slice(0, -1), '--dry=json', '--', ...shardArgs], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
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
    expect(parts.map((f) => readFileSync(join(testDir, f), 'utf8').match(/contractSuite\((\d+)\)/)?.[1]).sort()).toEqual(parts.map((_, i) => String(i + 1)));
    expect(readFileSync(join(testDir, 'contract-suite.mjs'), 'utf8')).toMatch(new RegExp(`export const PARTS = ${parts.length};`));
  });

  it('runs the breaking-change report of every provider against the base branch on pull requests only', () => {
    const job = ci.jobs.breaking;
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.steps[0].with['fetch-depth']).toBe(0); // history of the base branch, for the merge base
    const report = all.find((c) => c.job === 'breaking' && c.cmd.includes('diff')).cmd;
    expect(report).toMatch(/^npm run --silent diff -- --all "/);
    const step = job.steps.find((s) => s.run?.includes('diff'));
    expect(step.env.BASE).toBe('origin/${{ github.base_ref }}');
    expect(step.run).toMatch(/GITHUB_STEP_SUMMARY/);
  });
});
