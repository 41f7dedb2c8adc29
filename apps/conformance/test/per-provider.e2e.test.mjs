// End-to-end tier. The conformance job runs each provider's stages as that provider's own turbo
// tasks, cached by its own inputs: on a git copy of the repository, `npm run conformance` once
// (every task runs), then a comment changed in one provider's overlay, then a change to another
// provider's testing entry. Turbo's own run summary (`--summarize`, which the job asks for) says
// which tasks missed the cache each time: only that provider's, and only those whose inputs
// the change touched. The aggregation (report and summary) runs every time. Last, every contract
// task at once, sharing one test run (src/shared-run.ts), with one provider's client broken:
// only that provider fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '@capi/scripts/testing/helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';

const env = () => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_') && !k.startsWith('CONFORMANCE_')),
  ),
  TURBO_TELEMETRY_DISABLED: '1',
});

describe.skipIf(insideWorkspaceCopy())('one provider changed: only its conformance tasks run again', () => {
  let repo;
  let providers;
  /** Runs the job as a user does; returns its output, turbo's run summary of it, and the report. */
  const conformance = async () => {
    const runs = join(repo.dir, '.turbo', 'runs');
    const summaries = () => (existsSync(runs) ? readdirSync(runs) : []);
    const before = new Set(summaries());
    const res = await runCommand('npm', ['run', 'conformance', '--', '--runs', '5'], { cwd: repo.dir, env: env(), timeoutMs: 900_000 });
    // the job's turbo runs (with several providers: every task but contract, then the contract tasks)
    // (the second replays the contract tasks' generate tasks: each task as the first run that had it)
    const seen = new Set();
    const tasks = summaries()
      .filter((f) => !before.has(f))
      .map((f) => join(runs, f))
      .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
      .flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).tasks)
      .filter((t) => !seen.has(t.taskId) && seen.add(t.taskId));
    const byStatus = (status) =>
      tasks
        .filter((t) => t.command !== '<NONEXISTENT>' && t.cache.status === status)
        .map((t) => t.taskId)
        .sort();
    return {
      ...res,
      misses: byStatus('MISS'),
      hits: byStatus('HIT'),
      report: JSON.parse(repo.read('apps/conformance/report/conformance.json')),
    };
  };
  let first;
  beforeAll(async () => {
    repo = await workspaceCopy();
    providers = loadProviders(repo.dir).map((p) => p.name);
    first = await conformance();
  }, 900_000);
  afterAll(() => repo?.cleanup());

  /** Every task of the job for one provider: its generate task and its three conformance tasks. */
  const tasksOf = (p) => [`@capi/${p}#generate`, `@capi/${p}#contract`, `@capi/${p}#lint:spec`, `@capi/${p}#scenarios`];

  it('the first run runs every provider’s tasks and aggregates them into one passing report', () => {
    expect(first.status, first.out).toBe(0);
    expect(first.misses).toEqual(providers.flatMap(tasksOf).sort());
    expect(first.report.providers.map((p) => p.name)).toEqual(providers);
    expect(first.out).toMatch(new RegExp(`conformance passed: ${providers.length} of ${providers.length} provider\\(s\\) passed`));
    // their contract tests ran in one test run, each provider's task writing its report from its share
    expect(first.out).toContain(`contract tests of ${providers.join(', ')}: one test run for their contract tasks`);
    for (const p of providers) {
      expect(first.out).toMatch(new RegExp(`contract tests of ${p}: run in the job's shared test run`));
      const report = JSON.parse(repo.read(`packages/${p}/reports/contract.json`));
      expect(report.result, p).toBe('passed');
      expect(report.data.tests.length, p).toBeGreaterThan(0);
      expect(report.data.tests.every((t) => t.provider === p)).toBe(true);
    }
  });

  it('a comment in one overlay re-runs only that provider’s tasks; the others are replayed', async () => {
    repo.edit('specs/salesive/overlay.yaml', (t) => `# a comment is a change to the overlay\n${t}`);
    const second = await conformance();
    expect(second.status, second.out).toBe(0);
    expect(second.misses).toEqual(tasksOf('salesive').sort());
    expect(second.hits).toEqual(
      providers
        .filter((p) => p !== 'salesive')
        .flatMap(tasksOf)
        .sort(),
    );
    // the aggregation ran again: a new report, with every provider, saying which tasks ran
    expect(second.report.generatedAt).not.toBe(first.report.generatedAt);
    expect(second.report.providers.map((p) => p.name)).toEqual(providers);
    for (const p of second.report.providers) {
      const how = p.name === 'salesive' ? 'ran' : 'replayed';
      expect(p.tasks, p.name).toEqual({ 'lint:spec': how, contract: how, scenarios: how });
    }
    expect(second.out).toMatch(new RegExp(`replayed from turbo's cache .*: ${providers.filter((p) => p !== 'salesive').join(', ')}`));
    // one contract task to run: nothing to share, it runs its own tests; the others' reports
    // (written from their shares in the first run) are restored from the cache as they were
    expect(second.out).not.toContain('one test run for their contract tasks');
    expect(second.out).toMatch(/contract salesive: \d+ passed, 0 failed/);
    for (const p of providers.filter((x) => x !== 'salesive'))
      expect(second.report.providers.find((x) => x.name === p).property, p).toEqual(
        first.report.providers.find((x) => x.name === p).property,
      );
  }, 900_000);

  it('a change to another provider’s testing entry re-runs only its contract and scenarios', async () => {
    repo.edit('packages/teamcrm/testing.ts', (t) => `${t}// a comment is a change to the testing entry\n`);
    const third = await conformance();
    expect(third.status, third.out).toBe(0);
    // its spec, types and lint do not read the testing entry
    expect(third.misses).toEqual(['@capi/teamcrm#contract', '@capi/teamcrm#scenarios']);
  }, 900_000);

  it('a case failing in the shared test run fails only its provider, naming it', async () => {
    // every contract task runs again (a part file of the suite is an input of each), so they share one test run
    repo.edit('apps/conformance/test/contract-1.test.mjs', (t) => `${t}// a change to every provider's contract task\n`);
    // and teamcrm's client cannot send a request: its signer throws (the client says so, without its message)
    repo.edit('packages/teamcrm/testing.ts', (t) => {
      const broken = t.replace(
        "signer: () => 'conformance-signature'",
        "signer: () => { throw new Error('a signer that fails on purpose'); }",
      );
      expect(broken).not.toBe(t);
      return broken;
    });
    const fourth = await conformance();
    expect(fourth.status, fourth.out).toBe(1);
    expect(fourth.misses).toEqual([...providers.map((p) => `@capi/${p}#contract`), '@capi/teamcrm#scenarios'].sort());
    expect(fourth.out).toContain(`contract tests of ${providers.join(', ')}: one test run for their contract tasks`);
    expect(fourth.out).toMatch(new RegExp(`conformance FAILED: ${providers.length - 1} of ${providers.length} provider\\(s\\) passed`));
    expect(fourth.out).toMatch(/^teamcrm: \d+ failure\(s\)\n {2}\[contract\] teamcrm .*signer.{0,2} threw/m);
    for (const p of fourth.report.providers) {
      expect(p.result, p.name).toBe(p.name === 'teamcrm' ? 'failed' : 'passed');
      if (p.name !== 'teamcrm') expect(p.failures, p.name).toEqual([]);
    }
    const teamcrm = JSON.parse(repo.read('packages/teamcrm/reports/contract.json'));
    expect(teamcrm.failures.length).toBeGreaterThan(0);
    expect(teamcrm.failures.every((f) => f.message.startsWith('teamcrm '))).toBe(true);
  }, 900_000);
});
