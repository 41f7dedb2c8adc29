// End-to-end tier: the documented commands themselves, on a git copy of the repository:
// `npm run conformance -- <provider> --seed N --runs N` reaches the job (the provider's turbo
// tasks, the contract tests cached by those options), a run with unchanged inputs replays the
// same seed and says so,
// `--seed random` is a new run, the replay command printed in the report page works, printed
// paths are absolute, and unknown options and commands get the usage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const env = (extra = {}) => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_') && !k.startsWith('CONFORMANCE_')),
  ),
  TURBO_TELEMETRY_DISABLED: '1',
  ...extra,
});

describe.skipIf(insideWorkspaceCopy())('npm run <command> -- [args] (the capi CLI)', () => {
  let repo;
  const npmRun = (args, extra) => runCommand('npm', ['run', ...args], { cwd: repo.dir, env: env(extra), timeoutMs: 300_000 });
  beforeAll(async () => {
    repo = await workspaceCopy({ prefix: 'capi ws with space-' }); // a checkout whose path has a space
  }, 120_000);
  afterAll(() => repo?.cleanup());

  it('hands provider names and options to the conformance job', async () => {
    const res = await npmRun(['conformance', '--', 'salesive', '--seed', '123', '--runs', '5']);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/conformance: 1 provider\(s\), property seed 123, 5 runs per property/);
    expect(res.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    // printed paths are absolute (the user may stand anywhere in the repository)
    expect(res.out).toContain(`report: ${join(repo.dir, 'apps/conformance/report/conformance.json')}`);
    const report = JSON.parse(repo.read('apps/conformance/report/conformance.json'));
    expect(report.providers.map((p) => p.name)).toEqual(['salesive']);
    expect(report.seed).toBe(123);
  }, 300_000);

  it('replays the default seed honestly; --seed random is a new run', async () => {
    // run summaries of earlier runs (one per run): the job keeps the newest ten, its own among them
    const runs = join(repo.dir, '.turbo', 'runs');
    // only these: the test above left its own run's summary there
    rmSync(runs, { recursive: true, force: true });
    mkdirSync(runs, { recursive: true });
    for (let i = 0; i < 12; i++) {
      writeFileSync(join(runs, `old-${i}.json`), '{"tasks":[]}');
      utimesSync(join(runs, `old-${i}.json`), 1_000_000 + i, 1_000_000 + i); // old-11 the newest
    }
    const first = await npmRun(['conformance', '--', 'bitbybit', '--runs', '3']);
    expect(first.status, first.out).toBe(0);
    expect(first.out).toMatch(/property seed 1 \(the default: same inputs, same cases; --seed random for new ones\)/);
    // every task of the provider (its generate, lint:spec, contract, scenarios) is replayed, and the job says so
    const again = await npmRun(['conformance', '--', 'bitbybit', '--runs', '3']);
    expect(again.out).toMatch(/Cached:\s+(\d+) cached, \1 total/);
    expect(again.out).toMatch(/property seed 1 \(the default/);
    expect(again.out).toMatch(
      /replayed from turbo's cache \(inputs and options unchanged, so the same cases with the same seed\): bitbybit; --seed random/,
    );
    const random = await npmRun(['conformance', '--', 'bitbybit', '--runs', '3', '--seed', 'random']);
    expect(random.status, random.out).toBe(0);
    const kept = readdirSync(runs).filter((f) => f.endsWith('.json'));
    expect(kept).toHaveLength(10);
    expect(kept.filter((f) => f.startsWith('old-')).sort()).toEqual([
      'old-10.json',
      'old-11.json',
      'old-5.json',
      'old-6.json',
      'old-7.json',
      'old-8.json',
      'old-9.json',
    ]);
    // a new seed is a new contract run (the seed is in its cache key); lint and scenarios do not depend on it
    const [, cached, total] = /Cached:\s+(\d+) cached, (\d+) total/.exec(random.out).map(Number);
    expect(cached).toBeLessThan(total);
    // the report keeps salesive's section from the first test; bitbybit's is this run's
    expect(JSON.parse(repo.read('apps/conformance/report/conformance.json')).providers.find((p) => p.name === 'bitbybit').tasks).toEqual({
      'lint:spec': 'replayed',
      contract: 'ran',
      scenarios: 'replayed',
    });
    expect(random.out).not.toMatch(/replayed from turbo's cache/);
    const seed = Number(/property seed (\d+), 3 runs per property/.exec(random.out)?.[1]);
    expect(Number.isInteger(seed)).toBe(true);
  }, 300_000);

  it('the replay command the report page prints works as printed', async () => {
    const page = repo.read('apps/conformance/report/index.html');
    const printed = /<code>npm run conformance -- (--seed \d+ --runs \d+ [a-z0-9-]+)<\/code>/.exec(page)?.[1];
    expect(printed, 'a replay command on the page').toBeDefined();
    const res = await npmRun(['conformance', '--', ...printed.split(' ')]);
    expect(res.status, res.out).toBe(0);
    const [, seed, runs, name] = /--seed (\d+) --runs (\d+) (\S+)/.exec(printed);
    expect(res.out).toMatch(new RegExp(`conformance: 1 provider\\(s\\), property seed ${seed}, ${runs} runs per property`));
    expect(JSON.parse(repo.read('apps/conformance/report/conformance.json')).ran).toEqual([name]);
  }, 300_000);

  it('refuses an unknown option and an unknown command with the usage', async () => {
    const bad = await npmRun(['conformance', '--', '--sed', '1']);
    expect(bad.status).toBe(1);
    expect(bad.out).toMatch(/capi: unknown option --sed; usage: npm run conformance -- \[provider \.\.\.\] \[--seed N\|random\]/);
    const cmd = await runCommand(process.execPath, [join(repo.dir, 'scripts/capi.mjs'), 'nosuch'], { cwd: repo.dir, env: env() });
    expect(cmd.status).toBe(1);
    expect(cmd.out).toMatch(/capi: unknown command "nosuch"\nusage: npm run capi -- <command>/);
  });

  it('runs the scripts as entry points in a checkout whose path has a space', async () => {
    expect(repo.dir).toMatch(/ /);
    for (const [script, line] of [
      ['commands/build-spec.ts', /^spec salesive: specs\/salesive\/effective\.yaml/m],
      ['commands/codegen.ts', /^types salesive: /m],
    ]) {
      const res = await runCommand(process.execPath, [join(repo.dir, 'scripts', script), 'salesive'], { cwd: repo.dir, env: env() });
      expect(res.status, res.out).toBe(0);
      expect(res.out).toMatch(line);
    }
  });

  // Issue 21: a spec's control characters reached the terminal raw in vitest's failure lines,
  // which turbo relays. Here an operationId carries OSC (retitle), BEL, ESC [2J (clear screen),
  // C1 CSI and a bidi override, and the contract tests fail (the test credentials send no key),
  // so the FAIL lines name it. Every byte `npm run conformance` prints is checked.
  it("prints a spec's control characters escaped in the contract tests' failure lines", async () => {
    const hostile = 'upd\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eX';
    const escaped = 'upd\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202eX';
    try {
      repo.edit(
        'specs/bitbybit/overlay.yaml',
        (text) =>
          `${text.trimEnd()}\n  - target: "$.paths['/customers/{id}'].put"\n    description: an operationId with control characters\n    update:\n      operationId: ${JSON.stringify(hostile)}\n`,
      );
      repo.edit('packages/bitbybit/testing.ts', (text) => text.replace("apiKey: 'conformance-api-key'", "apiKey: ''"));
      const res = await runCommand('npm', ['run', 'conformance', '--', 'bitbybit', '--runs', '3'], {
        cwd: repo.dir,
        env: env(),
        timeoutMs: 300_000,
      });
      expect(res.status, res.out).toBe(1);
      expect(res.out).toMatch(new RegExp(`FAIL .*> ${escaped.replaceAll(/[\\[\]()^$.*+?{}|]/g, '\\$&')} \\(PUT /customers/\\{id\\}\\)`));
      // no control character but newline and tab, no C1, no bidi override (and no colour: capi pipes and sets NO_COLOR)
      expect(res.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    } finally {
      await repo.git('checkout', '--', 'specs/bitbybit/overlay.yaml', 'packages/bitbybit/testing.ts');
    }
  }, 300_000);
});
