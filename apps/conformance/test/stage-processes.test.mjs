// A provider's contract task is few processes (docs/conformance.md, Speed): turbo runs
// `npm run contract`, which is `capi conformance-stage contract .`; capi runs the stage in its
// own process and the stage runs vitest through its Node API, so the task's Node processes are
// capi and vitest's one worker: no process for the stage, none for vitest's CLI. Each of those
// loaded its modules again (a Node start, vitest and vite, the stage's own). On a copy of the
// repository's inputs, salesive built and generated there, one run per property.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoCopy, run } from './helpers.ts';

const scriptsDir = dirname(fileURLToPath(import.meta.resolve('@capi/scripts/package.json')));
const repoRoot = join(scriptsDir, '..');
const clean = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_')));

let repo;
beforeAll(async () => {
  repo = repoCopy();
  for (const cmd of ['build-spec.ts', 'codegen.ts']) {
    const res = await run([join(scriptsDir, 'commands', cmd), '--root', repo.dir, 'salesive']);
    expect(res.status, res.out).toBe(0);
  }
}, 300_000);
afterAll(() => repo?.cleanup());

describe("a provider's contract task", () => {
  it("is capi and one vitest worker: the stage and vitest run in capi's process", async () => {
    // every Node process started records its entry (NODE_OPTIONS reaches each child)
    const log = join(repo.dir, 'processes.log');
    const preload = join(repo.dir, 'record-process.mjs');
    writeFileSync(preload, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, process.argv[1] + '\\n');\n`);
    const res = await run([join(repoRoot, 'scripts/capi.mjs'), 'conformance-stage', 'contract', '--root', repo.dir, 'salesive'], {
      env: { ...clean(), CONFORMANCE_RUNS: '1', NODE_OPTIONS: `--import=${preload}` },
      cwd: repoRoot,
      timeoutMs: 300_000,
    });
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/contract salesive: \d+ passed, 0 failed/);
    // the stage's report named, and not vitest's JSON report: a temporary file, removed once read
    expect(res.out).toMatch(/^report: packages\/salesive\/reports\/contract\.json$/m);
    expect(res.out).not.toMatch(/JSON report written to/);
    const started = readFileSync(log, 'utf8').trim().split('\n');
    expect(started[0]).toBe(join(repoRoot, 'scripts/capi.mjs'));
    // the rest: vitest's worker, one (salesive has one operation: no split)
    expect(started.slice(1)).toHaveLength(1);
    expect(started[1]).toMatch(/[\\/]node_modules[\\/]vitest[\\/]dist[\\/]workers[\\/]/);
    const report = JSON.parse(readFileSync(join(repo.dir, 'packages/salesive/reports/contract.json'), 'utf8'));
    expect(report.result).toBe('passed');
  }, 300_000);
});
