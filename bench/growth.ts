// Growth: synthetic sets of 10, 50 and 100 providers (four operations each, nested schemas, five
// auth kinds). Codegen, lint and a contract pass (one Prism server per provider, one request per
// operation) are timed in a fresh process per size, with its peak memory; the cost per provider
// is the slope of a least-squares line through the three sizes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log, table, verdict } from './lib.ts';

const worker = fileURLToPath(new URL('./growth-worker.ts', import.meta.url));

function fit(points: [number, number][]) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const slope = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0) / points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  const intercept = my - slope * mx;
  const ssTot = points.reduce((s, p) => s + (p[1] - my) ** 2, 0);
  const ssRes = points.reduce((s, p) => s + (p[1] - (intercept + slope * p[0])) ** 2, 0);
  return { slope, intercept, r2: ssTot ? 1 - ssRes / ssTot : 1 };
}

export async function growth({ sizes = [10, 50, 100] } = {}) {
  const stages = ['codegen', 'lint', 'contract'];
  /** the worker's last line, one per size */
  const results: Record<string, { n: number; ms: number; maxRssMiB: number }[]> = {};
  for (const stage of stages) {
    results[stage] = [];
    for (const n of sizes) {
      const res = spawnSync(process.execPath, [worker, String(n), stage], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      if (res.status !== 0) throw new Error(`growth ${stage} with ${n} providers failed:\n${res.stderr.slice(-2000)}`);
      results[stage].push(JSON.parse(res.stdout.trim().split('\n').at(-1) ?? ''));
      log(`growth: ${stage} with ${n} providers done`);
    }
  }
  const rows = [];
  const lines = [];
  for (const stage of stages) {
    const f = fit(results[stage].map((r): [number, number] => [r.n, r.ms]));
    const mem = fit(results[stage].map((r): [number, number] => [r.n, r.maxRssMiB]));
    rows.push([
      stage,
      ...results[stage].map((r) => `${(r.ms / 1000).toFixed(2)} s / ${r.maxRssMiB.toFixed(0)} MiB`),
      `${f.slope.toFixed(1)} ms + ${mem.slope.toFixed(2)} MiB`,
      `${(f.intercept / 1000).toFixed(2)} s`,
      f.r2.toFixed(3),
    ]);
    lines.push(
      `- ${verdict(f.r2 >= 0.95, `${stage} grows linearly (R² ${f.r2.toFixed(3)} for a straight line through ${sizes.join(', ')})`)}`,
    );
  }
  return {
    md: [
      "One fresh process per size and stage; time of the stage itself, and that process's peak RSS (lint runs Redocly in a child process, whose memory is not in this figure).",
      '',
      table(['stage', ...sizes.map((n) => `${n} providers`), 'cost per provider', 'fixed cost', 'R²'], rows),
      '',
      ...lines,
      '- Prism is loaded once per run: the contract stage imports it once and then starts one server per provider (tens of ms each), so its fixed cost is the module load and its per-provider cost is server start plus requests.',
    ].join('\n'),
  };
}
