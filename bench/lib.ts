// Small statistics and formatting helpers for the benchmarks.
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
/** "median (min–max)" of several runs */
export const spread = (xs: readonly number[], digits = 0): string =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
export const table = (head: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
export const verdict = (ok: boolean, what: string): string => `${ok ? 'MET' : 'MISSED'}: ${what}`;
export const log = (...a: unknown[]): void => console.error('[bench]', ...a);

/** What `measureCalls` measured: CPU of this process per call (µs, user + system), calls per second, each call's latency (ms) when asked. */
export interface CallFigures {
  cpu: number;
  rps: number;
  latencies: number[];
}

/**
 * Runs `call` `calls` times, `inFlight` at a time (1: one after the other), and measures this
 * process's CPU time per call (user + system: a server in another process is not counted), the
 * throughput and, with `latencies`, each call's time. The one loop every CPU-per-call figure of
 * the benchmarks comes from.
 */
export async function measureCalls(
  call: () => Promise<unknown>,
  { calls, inFlight = 1, latencies = false }: { calls: number; inFlight?: number; latencies?: boolean },
): Promise<CallFigures> {
  const lat: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, calls) }, async () => {
      while (next++ < calls) {
        const s = latencies ? performance.now() : 0;
        await call();
        if (latencies) lat.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu0);
  return { cpu: (used.user + used.system) / calls, rps: (calls / wall) * 1000, latencies: lat };
}
