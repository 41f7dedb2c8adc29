// End-to-end tier. The report across runs, on a git copy of the repository, run as a user runs
// it (`npm run conformance -- <provider>`): a run of one provider updates that provider's
// section of apps/conformance/report and keeps the others' (each with its own run time); a run
// interrupted by SIGINT (Ctrl-C: the signal goes to the whole process group) says "interrupted"
// and leaves the last complete report and page exactly as they were.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '@capi/scripts/testing/helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';

const env = () => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_') && !k.startsWith('CONFORMANCE_')),
  ),
  TURBO_TELEMETRY_DISABLED: '1',
});

describe.skipIf(insideWorkspaceCopy())('the conformance report across runs', () => {
  let repo;
  const conformance = (...args) =>
    runCommand('npm', ['run', 'conformance', '--', '--runs', '5', ...args], { cwd: repo.dir, env: env(), timeoutMs: 600_000 });
  const report = () => JSON.parse(repo.read('apps/conformance/report/conformance.json'));
  beforeAll(async () => {
    repo = await workspaceCopy();
  }, 120_000);
  afterAll(() => repo?.cleanup());

  let first;
  it('a run of one provider, then of another: the report has both sections, each with its own run time', async () => {
    const a = await conformance('imprint');
    expect(a.status, a.out).toBe(0);
    first = report();
    expect(first.providers.map((p) => p.name)).toEqual(['imprint']);
    const b = await conformance('salesive');
    expect(b.status, b.out).toBe(0);
    // the summary is this run's; the report keeps imprint's section as its run left it
    expect(b.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    expect(b.out).toMatch(/the report keeps the sections of 1 provider\(s\) this run did not select, from their own runs: imprint \(/);
    const both = report();
    expect(both.providers.map((p) => p.name).sort()).toEqual(['imprint', 'salesive']);
    expect(both.ran).toEqual(['salesive']);
    expect(both.providers.find((p) => p.name === 'imprint')).toEqual(first.providers[0]);
    expect(both.providers.find((p) => p.name === 'salesive').ranAt).toBe(both.generatedAt);
    expect(both.generatedAt).not.toBe(first.generatedAt);
    expect(repo.read('apps/conformance/report/index.html')).toMatch(/This run: salesive\. From earlier runs: <span[^>]*>imprint \(/);
  }, 900_000);

  it('an interrupted run says so and keeps the last complete report and page', async () => {
    const json = repo.read('apps/conformance/report/conformance.json');
    const html = repo.read('apps/conformance/report/index.html');
    const lint = join(repo.dir, 'packages/salesive/reports/lint.json');
    // new cases (so not replayed from the cache), many of them: still running when interrupted
    const child = spawn('npm', ['run', 'conformance', '--', 'salesive', '--seed', 'random', '--runs', '2000'], {
      cwd: repo.dir,
      env: env(),
      detached: true, // its own process group, as a terminal's foreground job
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // the job removes the stage reports first; the lint task writes its report while the contract
    // task still runs: interrupt then (bounded wait)
    let sawJob = false;
    for (let i = 0; i < 1200 && !(sawJob && existsSync(lint)); i++) {
      sawJob ||= /^turbo: /m.test(out);
      await sleep(250);
    }
    expect(sawJob, out).toBe(true);
    process.kill(-child.pid, 'SIGINT'); // Ctrl-C: every process of the group gets it
    const end = await closed;
    expect(end.code === 0, out).toBe(false);
    expect(out).toMatch(
      /conformance interrupted \(SIGINT\): no report written; .*conformance\.json and index\.html are still the last complete run's/,
    );
    expect(out).not.toMatch(/crashed/);
    expect(repo.read('apps/conformance/report/conformance.json')).toBe(json);
    expect(repo.read('apps/conformance/report/index.html')).toBe(html);
  }, 900_000);
});
