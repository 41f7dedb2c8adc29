// Pipeline speed on a copy of the repository: cold (empty turbo cache), warm (full cache hit),
// and incremental (one provider's overlay changed) runs of lint + generate + typecheck + tests.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { log, median, spread, table, verdict } from './lib.ts';

// every task of the fast tier and of the conformance job (each provider's lint:spec, contract, scenarios)
const TASKS = ['generate', 'build', 'typecheck', 'test', 'lint:spec', 'contract', 'scenarios'];

export async function pipeline({ runs = 2 } = {}) {
  const copy = await workspaceCopy();
  const dir = copy.dir;
  const cacheDir = mkdtempSync(join(tmpdir(), 'capi-bench-cache-'));
  const turbo = (extra: string[] = []) => {
    const t0 = performance.now();
    const res = spawnSync(
      join(dir, 'node_modules/.bin/turbo'),
      ['run', ...TASKS, `--cache-dir=${cacheDir}`, '--output-logs=errors-only', ...extra],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CONFORMANCE_SEED: '1', TURBO_TELEMETRY_DISABLED: '1' },
      },
    );
    if (res.status !== 0) throw new Error(`turbo failed in the bench copy:\n${res.stdout.slice(-3000)}${res.stderr.slice(-2000)}`);
    const ran = (res.stdout.match(/Cached:\s+(\d+) cached, (\d+) total/) ?? []).slice(1).map(Number);
    return { ms: performance.now() - t0, cached: ran[0], total: ran[1] };
  };
  const cold: number[] = [];
  const warm: number[] = [];
  const incr: number[] = [];
  let last: ReturnType<typeof turbo> | undefined;
  try {
    for (let i = 0; i < runs; i++) {
      rmSync(cacheDir, { recursive: true, force: true });
      cold.push(turbo().ms);
      log(`pipeline: cold run ${i + 1} done`);
      last = turbo();
      warm.push(last.ms);
      appendFileSync(join(dir, 'specs/salesive/overlay.yaml'), `# bench edit ${i}\n`);
      const r = turbo();
      incr.push(r.ms);
      log(`pipeline: warm and incremental run ${i + 1} done (${r.total - r.cached} of ${r.total} tasks ran)`);
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    copy.cleanup?.();
  }
  if (!last) throw new Error('pipeline: runs must be at least 1');
  const md = [
    `turbo run ${TASKS.join(' ')} on a copy of the repository, ${runs} runs; seconds, median (min–max).`,
    '',
    table(
      ['run', 's'],
      [
        [
          'cold (empty cache)',
          spread(
            cold.map((x) => x / 1000),
            1,
          ),
        ],
        [
          `warm (full hit: ${last.cached}/${last.total} cached)`,
          spread(
            warm.map((x) => x / 1000),
            2,
          ),
        ],
        [
          'incremental (salesive overlay changed)',
          spread(
            incr.map((x) => x / 1000),
            1,
          ),
        ],
      ],
    ),
    '',
    `- ${verdict(median(warm) < 1500, `warm under 1.5 s: ${(median(warm) / 1000).toFixed(2)} s`)}`,
    `- ${verdict(median(incr) <= median(cold) / 3, `incremental at most a third of cold: ${(median(incr) / median(cold)).toFixed(2)} of cold`)}` +
      (median(incr) > median(cold) / 3
        ? " — what limits it: the fast tier's whole-repository tests (the conformance app's contract suites, the fakes, the example app, the repository's own script tests) read every provider, so any spec change re-runs them whole; the conformance job's tasks (lint:spec, contract, scenarios) are per provider and re-run only for the changed one."
        : ''),
  ];
  return { md: md.join('\n') };
}
