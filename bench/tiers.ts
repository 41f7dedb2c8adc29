// The test tiers' wall time, as a developer meets them on a fresh clone: `npm test` (the fast
// tier) with nothing cached, run in this repository with a throw-away turbo cache (so nothing is
// replayed and the developer's own cache is untouched). Target: under 4 minutes on 2 cores.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { log, median, spread, table, verdict } from './lib.ts';

type TierRun = { s: number; passed: number; failed: number };
function runTier(args: string[], cacheDir: string): Promise<TierRun> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'scripts/commands/test.ts'), ...args, `--cache-dir=${cacheDir}`, '--output-logs=errors-only'],
      {
        cwd: repoRoot,
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /^(\d+) passed, (\d+) failed$/m.exec(out.trimEnd().split('\n').at(-1) ?? '');
      if (!m) return reject(new Error(`no summary line from the tier:\n${out.slice(-3000)}`));
      resolve({ s: (performance.now() - t0) / 1000, passed: Number(m[1]), failed: Number(m[2]) });
    });
  });
}

export async function tiers({ runs = 2 } = {}) {
  const fast: number[] = [];
  let last: TierRun | undefined;
  for (let i = 0; i < runs; i++) {
    const cacheDir = mkdtempSync(join(tmpdir(), 'capi-bench-tier-'));
    try {
      last = await runTier([], cacheDir);
      fast.push(last.s);
      log(`tiers: fast tier run ${i + 1} done (${last.passed} passed, ${last.failed} failed, ${last.s.toFixed(0)} s)`);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  if (!last) throw new Error('tiers: runs must be at least 1');
  const md = [
    `\`npm test\` (fast tier: every workspace's test and typecheck) with an empty turbo cache, ${runs} run(s); seconds, median (min–max). The end-to-end tier (\`npm run test:e2e\`) is not timed here: it is minutes by design (GitHub's spec through every stage alone is about 8).`,
    '',
    table(['tier', 'tests', 's'], [[`fast (npm test)`, `${last.passed} passed, ${last.failed} failed`, spread(fast, 0)]]),
    '',
    `- ${verdict(median(fast) < 240, `fast tier under 4 minutes on this machine: ${median(fast).toFixed(0)} s`)}`,
  ];
  return { md: md.join('\n') };
}
