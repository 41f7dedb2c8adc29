#!/usr/bin/env node
// `npm test`: runs every workspace's tests and typecheck through turbo (cache hits replay), then
// reads each workspace's vitest JSON report and prints one summary, ending with the line
// `N passed, N failed` (CI reads that line). Exit code: non-zero when anything failed.
//
//   node scripts/run-tests.mjs [extra turbo args, e.g. --filter=@capi/salesive]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './lib/registry.mjs';

const workspaceDirs = () =>
  ['specs', 'packages', 'apps']
    .flatMap((top) =>
      existsSync(join(repoRoot, top))
        ? readdirSync(join(repoRoot, top), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join(repoRoot, top, d.name))
        : [],
    )
    .concat(join(repoRoot, 'scripts'))
    .filter((dir) => existsSync(join(dir, 'package.json')));

const withTests = workspaceDirs().filter((dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.test);
// Every report is rewritten by this run (turbo restores it on a cache hit), so none is stale.
for (const dir of withTests) rmSync(join(dir, 'reports', 'test-results.json'), { force: true });

const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
const res = spawnSync(turbo, ['run', 'test', 'typecheck', '--continue', ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
});

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of withTests) {
  const file = join(dir, 'reports', 'test-results.json');
  const name = relative(repoRoot, dir);
  if (!existsSync(file)) {
    if (process.argv.length > 2) continue; // filtered out of this run
    rows.push([name, '-', '-', '-', 'no results (did not run or crashed)']);
    failed += 1;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0);
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  passed += p;
  failed += f;
  skipped += s;
  rows.push([name, p, f, s, f ? 'FAILED' : 'ok']);
}

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['workspace', 'passed', 'failed', 'skipped', 'result'], ...rows].map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(`\n${line(['workspace', 'passed', 'failed', 'skipped', 'result'])}`);
for (const r of rows) console.log(line(r));
if (res.status !== 0 && failed === 0) {
  console.log('\nturbo reported a failed task (typecheck or build); see its output above.');
  failed += 1;
}
// the last line is exactly "N passed, N failed" (CI reads it); skips are said just before it
if (skipped) console.log(`\n${skipped} skipped (see the table)`);
console.log(`${skipped ? '' : '\n'}${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
