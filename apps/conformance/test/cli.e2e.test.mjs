// The main job on bad input, on a git copy of the repository (turbo runs each provider's tasks
// there): each broken provider is reported with provider, file and cause, the others still run
// and pass, the report is written, and the exit code is non-zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@capi/scripts/testing/helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { appDir, repoCopy, run } from './helpers.ts';

const NEW_STATUSES = `
  - target: "$.paths['/customers/{id}'].put.responses"
    description: Test-only addition of two statuses to a copy of the spec.
    update:
      '422':
        description: Unprocessable.
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Envelope'
            example: { status: 422, success: false, message: Unprocessable, data: null }
      default:
        description: Any other error.
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Envelope'
            example: { status: 500, success: false, message: Server error, data: null }
`;

// The parent turbo (when this runs under `npm run test:e2e`) sets TURBO_* variables meant for itself.
const clean = () =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('CONFORMANCE_')));

describe.skipIf(insideWorkspaceCopy())('conformance CLI', () => {
  let repo;
  let res;
  let report;
  beforeAll(async () => {
    repo = await workspaceCopy();
    // overlay rot: an action whose target no longer matches anything
    repo.edit('specs/imprint/overlay.yaml', (t) =>
      t.replace('$.components.schemas.Customer.properties.updated_at', '$.components.schemas.Customer.properties.modified_at'),
    );
    // two new statuses in a spec: each becomes a test with no code change; `default` cannot be
    // forced through Prism, so it is reported as skipped with the reason
    repo.edit('specs/salesive/overlay.yaml', (t) => `${t}${NEW_STATUSES}`);
    // a spec that fails to load
    repo.edit('specs/profiles/authored.yaml', (t) => t.replace('openapi: 3.1.0', 'openapi: 3.1.0\ninfo: [broken'));
    // the copy's own job, in the copy (its turbo, its tasks, its reports)
    res = await runNode([join(repo.dir, 'apps/conformance/src/cli.ts'), '--runs', '5', '--seed', '7'], {
      cwd: repo.dir,
      env: { ...clean(), TURBO_TELEMETRY_DISABLED: '1' },
      timeoutMs: 600_000,
    });
    report = JSON.parse(readFileSync(join(repo.dir, 'apps/conformance/report/conformance.json'), 'utf8'));
  }, 600_000); // the whole job on a copy; on a loaded 2-core machine well over 2 minutes
  afterAll(() => repo?.cleanup());

  it('exits non-zero and names provider, file, line and cause of each failure', async () => {
    expect(res.status, res.out).toBe(1);
    // the summary names each build failure (what the provider's generate task said)
    expect(res.out).toMatch(/^imprint: \d+ failure\(s\)\n {2}\[build\] \[imprint\] specs\/imprint\/overlay\.yaml:\d+: overlay rot/m);
    expect(res.out).toMatch(/action 3 \(\$\.components\.schemas\.Customer\.properties\.modified_at\): target matches nothing/);
    expect(res.out).toMatch(
      /^profiles: \d+ failure\(s\)\n {2}\[build\] \[profiles\] specs\/profiles\/authored\.yaml:\d+:\d+: malformed YAML/m,
    );
    const n = report.providers.length; // every registered provider (one added by provider:add too); two are broken here
    expect(res.out).toMatch(new RegExp(`conformance FAILED: ${n - 2} of ${n} provider\\(s\\) passed`));
    expect(res.out).toMatch(/^turbo: lint:spec, contract, scenarios of /m);
    // the tasks of the broken providers never ran; the others' ran
    expect(report.providers.find((p) => p.name === 'imprint').tasks).toEqual({
      'lint:spec': 'not run',
      contract: 'not run',
      scenarios: 'not run',
    });
    expect(report.providers.find((p) => p.name === 'salesive').tasks).toEqual({ 'lint:spec': 'ran', contract: 'ran', scenarios: 'ran' });
    // the providers that built shared one contract test run (each task wrote its report from its
    // share); the broken ones were not in it
    const shared = res.out.match(/^contract tests of (.+): one test run for their contract tasks/m)?.[1].split(', ');
    expect(shared, res.out).toEqual(expect.arrayContaining(['bitbybit', 'teamcrm', 'salesive']));
    expect(shared).not.toContain('imprint');
    expect(shared).not.toContain('profiles');
    expect(res.out).toMatch(/contract tests of salesive: run in the job's shared test run/);
  });

  it('runs the fake scenarios of the providers that built, and writes the report page', async () => {
    const byName = Object.fromEntries(report.providers.map((p) => [p.name, p]));
    for (const name of ['bitbybit', 'teamcrm', 'salesive']) {
      expect(byName[name].scenarios.length, name).toBeGreaterThanOrEqual(6);
      expect(
        // a resource with no generated workflow (these have no create) is a skipped entry that says why
        byName[name].scenarios.filter((s) => s.result !== 'passed' && !(s.result === 'skipped' && s.none && s.workflow)),
        name,
      ).toEqual([]);
    }
    expect(byName.imprint.scenarios).toEqual([]);
    expect(report.timingsMs.scenarios).toBeGreaterThan(0);
    const page = readFileSync(join(repo.dir, 'apps/conformance/report/index.html'), 'utf8');
    const n = report.providers.length;
    expect(page).toMatch(new RegExp(`<div class="verdict failed">FAILED<small>${n - 2} of ${n} providers`));
    expect(page).toMatch(/data-provider="salesive" data-operation="updateCustomer" data-status="422" data-result="passed"/);
    expect(page).toMatch(/<th scope="row">profiles<\/th><td colspan="\d+" class="cell failed wide"/);
  });

  it('still lints and contract-tests the other providers, and records it all in the report', async () => {
    const byName = Object.fromEntries(report.providers.map((p) => [p.name, p]));
    expect(report.ok).toBe(false);
    expect(report.seed).toBe(7);
    for (const name of ['bitbybit', 'teamcrm', 'salesive']) {
      const p = byName[name];
      expect(p.result, name).toBe('passed');
      expect(p.effectiveSpec).toBe(`specs/${name}/effective.yaml`);
      expect(p.operations).toHaveLength(1);
      const [op] = p.operations;
      expect(op).toMatchObject({ operationId: 'updateCustomer', method: 'PUT' });
      expect(op.responses.length).toBeGreaterThanOrEqual(4);
      expect(op.responses.filter((r) => r.result !== 'passed')).toEqual([]);
      expect(p.property).toEqual({ valid: 5, invalid: 5, runs: 5, seed: 7 });
      expect(p.lint.errors).toBe(0);
    }
    expect(byName.bitbybit.lint.upstream.filter((f) => f.handled === 'overlay').length).toBeGreaterThan(10);
    const salesive = byName.salesive.operations[0].responses;
    expect(salesive.map((r) => r.status).sort()).toEqual(['200', '400', '401', '403', '404', '422', 'default']);
    expect(salesive.find((r) => r.status === '422')).toEqual({ status: '422', result: 'passed' });
    // `default` is asked for as a code no other response covers (500), and kept as documented
    expect(salesive.find((r) => r.status === 'default')).toEqual({ status: 'default', result: 'passed', code: 500 });
    for (const name of ['imprint', 'profiles']) {
      expect(byName[name].result).toBe('failed');
      expect(byName[name].failures[0]).toMatchObject({ stage: 'build', message: expect.stringContaining(`[${name}] specs/${name}/`) });
      expect(byName[name].operations).toEqual([]);
    }
  });
});

// the pipeline's entry files (scripts/commands), located by package name
const scriptsDir = dirname(fileURLToPath(import.meta.resolve('@capi/scripts/package.json')));

describe('contract suite when Prism cannot start', () => {
  it('fails only that provider, naming it, its spec and the cause', async () => {
    const repo = repoCopy();
    try {
      const ok = await run([join(scriptsDir, 'commands/build-spec.ts'), '--root', repo.dir, 'salesive', 'bitbybit']);
      expect(ok.status).toBe(0);
      expect((await run([join(scriptsDir, 'commands/codegen.ts'), '--root', repo.dir, 'salesive', 'bitbybit'])).status).toBe(0);
      // a document our loader reads but Prism cannot: no `openapi` version field
      const file = join(repo.dir, 'specs/salesive/effective.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^openapi: 3\.1\.0$/m, ''));
      const out = join(repo.dir, 'vitest.json');
      const res = await run(
        [
          join(appDir, '../../node_modules/vitest/vitest.mjs'),
          'run',
          'test/contract-',
          '--passWithNoTests',
          '--reporter=json',
          `--outputFile.json=${out}`,
        ],
        { env: { CONFORMANCE_ROOT: repo.dir, CONFORMANCE_PROVIDERS: 'salesive,bitbybit', CONFORMANCE_RUNS: '3' } },
      );
      expect(res.status).toBe(1);
      const tests = JSON.parse(readFileSync(out, 'utf8')).testResults.flatMap((f) => f.assertionResults);
      const salesive = tests.filter((t) => t.meta?.contract?.provider === 'salesive');
      const bitbybit = tests.filter((t) => t.meta?.contract?.provider === 'bitbybit');
      expect(salesive.length).toBeGreaterThan(0);
      expect(salesive.map((t) => t.status)).toEqual(salesive.map(() => 'failed'));
      expect(salesive[0].failureMessages[0]).toMatch(/\[salesive\] Prism failed to start for specs\/salesive\/effective\.yaml: /);
      expect(bitbybit.length).toBeGreaterThan(0);
      expect(bitbybit.every((t) => t.status === 'passed')).toBe(true);
    } finally {
      repo.cleanup();
    }
  }, 600_000);
});
