// .github/workflows/verify.yml, the scheduled reality check: it parses, runs only commands that
// exist, hands the job every variable a testing entry names for verify (as a secret), and the
// command it runs says which providers it skipped and why.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';
import { expectCommandExists, loadWorkflow, rootPackage } from '../workflow-helpers.mjs';

const { doc, wf, steps, all } = loadWorkflow('verify.yml');
const capi = (args, env = {}) =>
  runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), ...args], { env: { ...process.env, ...env } });

/** The environment variables `verify --help` lists per provider. */
async function helpVariables() {
  const res = await capi(['verify', '--help']);
  expect(res.status, res.out).toBe(0);
  expect(res.stdout).toMatch(/^usage: npm run verify -- <provider> --base-url URL/);
  return [...res.stdout.matchAll(/\b([A-Z][A-Z0-9_]+) \(option [\w.]+\)/g)].map((m) => m[1]);
}

describe('.github/workflows/verify.yml', () => {
  it('parses, runs on a schedule (and by hand) only, with read-only permissions', () => {
    expect(doc.errors).toEqual([]);
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.on.schedule[0].cron).toMatch(/^[\d*,/-]+( [\d*,/-]+){4}$/);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('runs only commands that exist, and the verify command over every provider', () => {
    const pkg = rootPackage();
    const run = all.filter(({ cmd }) => !/^(cat|tee|>>)/.test(cmd));
    expect(run.map((c) => c.cmd)).toEqual(['npm ci --no-audit --no-fund', 'npm run --silent verify -- --all']);
    for (const { job, cmd } of run) expectCommandExists(pkg, job, cmd);
  });

  it('gives the job every variable verify --help names, each from the secrets, and the sandbox URLs from a variable', async () => {
    const names = await helpVariables();
    expect(names.length).toBeGreaterThan(0);
    const step = steps.find((s) => s.run?.includes('verify -- --all'));
    for (const name of names) expect(step.env[name], name).toBe(`\${{ secrets.${name} }}`);
    expect(step.env.CAPI_VERIFY_BASE_URLS).toBe('${{ vars.CAPI_VERIFY_BASE_URLS }}');
  });

  it('verify --all says which providers it skipped and why, and passes when none is configured', async () => {
    const env = { CAPI_VERIFY_BASE_URLS: '' };
    for (const name of await helpVariables()) env[name] = '';
    const res = await capi(['verify', '--all'], env);
    expect(res.status, res.out).toBe(0);
    expect(res.stdout).toMatch(/imprint: SKIPPED \(no sandbox URL for it in CAPI_VERIFY_BASE_URLS\)/);
    expect(res.stdout).toMatch(/teamcrm: SKIPPED \(no verify entry in packages\/teamcrm\/testing\.ts\)/);
    const some = await capi(['verify', '--all'], { ...env, CAPI_VERIFY_BASE_URLS: '{"salesive": "https://sandbox.salesive.invalid"}' });
    expect(some.stdout).toMatch(/salesive: SKIPPED \(not set: SALESIVE_APP_TOKEN\)/);
    expect(some.status, some.out).toBe(0);
  });
  it('verify --all refuses a provider whose sandbox URL carries user info in one line, masked, goes on with the others and exits 1', async () => {
    const env = {};
    for (const name of await helpVariables()) env[name] = 'not-a-real-credential';
    env.CAPI_VERIFY_BASE_URLS = JSON.stringify({
      bitbybit: 'https://ada:pw-in-url-9d2b@sandbox.bitbybit.invalid/v1',
      salesive: 'https://pw-in-url-9d2b@sandbox.salesive.invalid',
    });
    const res = await capi(['verify', '--all'], env);
    expect(res.status, res.out).toBe(1);
    expect(res.out).not.toMatch(/pw-in-url-9d2b|ada:/);
    expect(res.out).not.toMatch(/\n\s+at /);
    for (const name of ['bitbybit', 'salesive']) {
      const refused = res.stdout.split('\n').filter((l) => l.startsWith(`  ${name}: REFUSED`));
      expect(refused, res.out).toHaveLength(1);
      expect(refused[0]).toMatch(/REFUSED \(the sandbox URL in CAPI_VERIFY_BASE_URLS https:\/\/\*\*\*@sandbox\.\S+ carries user info/);
    }
    expect(res.stdout).toMatch(/imprint: SKIPPED \(no sandbox URL for it in CAPI_VERIFY_BASE_URLS\)/);
  });

  it("verify --all refuses a sandbox URL that is the spec's production server with advice it can follow: no --production of its own, the provider run alone", async () => {
    const env = {};
    for (const name of await helpVariables()) env[name] = 'not-a-real-credential';
    env.CAPI_VERIFY_BASE_URLS = JSON.stringify({ salesive: 'https://api.salesive.com/api/v1/' });
    const res = await capi(['verify', '--all'], env);
    expect(res.status, res.out).toBe(1);
    const refused = res.stdout.split('\n').filter((l) => l.startsWith('  salesive: REFUSED'));
    expect(refused, res.out).toHaveLength(1);
    expect(refused[0]).toMatch(
      /REFUSED \(the sandbox URL in CAPI_VERIFY_BASE_URLS https:\/\/api\.salesive\.com\/api\/v1 is the production server of specs\/salesive\/effective\.yaml \(its servers\): verify --all .*has no --production\. Put salesive's sandbox address in CAPI_VERIFY_BASE_URLS; to verify its production server on purpose, run it alone: npm run verify -- salesive --base-url URL --production\)$/,
    );
    expect(refused[0]).not.toMatch(/pass --production|--allow-writes/);
  });
});
