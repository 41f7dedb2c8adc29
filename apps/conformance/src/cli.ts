#!/usr/bin/env node
// The repository's main job (`npm run conformance`). Each provider's stages are its own turbo
// tasks in its client package (packages/<provider>), cached by that provider's inputs:
//
//   lint:spec   Redocly on its effective and upstream documents   -> reports/lint.json
//   contract    the contract tests against Prism (vitest)          -> reports/contract.json
//   scenarios   its stateful fake's scenarios behind Prism (vitest) -> reports/scenarios.json
//
// after its `generate` tasks (effective spec, client types). The job runs those tasks for the
// selected providers through turbo (a provider whose inputs did not change is replayed from the
// cache), then reads their reports into the one report (report/conformance.json and the page
// report/index.html) and prints the summary. One provider's failure never stops the others; any
// failure makes the exit code non-zero. A run of some providers updates their sections of the
// report and keeps the others' (each says when it ran). An interrupted run (SIGINT, SIGTERM)
// writes no report: it says "interrupted", the last complete report stays, the exit code is
// 128 + the signal's number.
//
//   node src/cli.ts [--seed N] [--runs N] [--force] [--root DIR] [provider ...]   the job
//   node src/cli.ts --stage lint|contract|scenarios <provider | .>                one task
//
// Users run the job as `npm run conformance -- [provider ...] [--seed N|random] [--runs N]`
// (capi conformance), which hands the options over as CONFORMANCE_PROVIDERS, CONFORMANCE_SEED
// and CONFORMANCE_RUNS; flags given here win over those. The options are parsed once, by
// src/options.ts; the job hands them to its tasks, and a task to vitest, as one variable,
// CONFORMANCE_OPTIONS, which is the contract task's cache key.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StringDecoder } from 'node:string_decoder';
import { stripVTControlCharacters } from 'node:util';
import type { TestModule, Vitest } from 'vitest/node';
import { command } from '@capi/scripts/lib/shared/command.ts';
import { type Provider, repoRoot, selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { writeFileAtomic } from '@capi/scripts/lib/shared/fs-atomic.ts';
import { loadYamlSource } from '@capi/scripts/lib/spec/yaml-source.ts';
// what only one stage or the job needs (lint, lint hints, the spec model, the page) is imported
// where it is used: each of a job's tasks is a process of its own that needs one of them
import { readRecordings, recordingsDir } from '@capi/scripts/lib/verify/recordings.ts';
import type { ReplayCheck } from '@capi/scripts/lib/verify/replay-check.ts';
import {
  type Data,
  buildReport,
  formatSummary,
  generatedWorkflowsLine,
  mergeReport,
  nothingToTest,
  recordedReality,
  type StageFailure,
  stageFailures,
  testsOf,
} from './report/report.ts';
import { JOB_OPTIONS, JOB_USAGE, type JobOptions, jobOptions, optionsEnv, STAGE_TASKS, type StageName } from './options.ts';
import { loadTesting } from './clients.ts';
import { partFile, partOf, splitFor } from './parts.ts';
import { clearShares, leaveShare, optionsKey, shares, takeShare } from './shared-run.ts';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fakesDir = resolve(appDir, '../fakes');

/**
 * The signal that interrupted this process (SIGINT, SIGTERM), once one came. Listening keeps the
 * process alive until its child (turbo, vitest), which got the signal too, has stopped; what it
 * leaves then is not a result, so nothing is written from it.
 */
let interrupted: keyof typeof SIGNALS | undefined;
const SIGNALS = { SIGINT: 2, SIGTERM: 15 };
for (const sig of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(sig, () => (interrupted ??= sig));
/** The exit code of a run that a signal interrupted (the shell's convention: 128 + its number). */
const interruptedCode = (): number => 128 + (interrupted ? SIGNALS[interrupted] : 0);

/** Stage -> the turbo task (a script of every client package) that runs it. */
export { STAGE_TASKS };
/** Where a provider's task writes the report of a stage. */
export const stageReportFile = (provider: Provider, stage: StageName): string => join(provider.packageDir, 'reports', `${stage}.json`);

/**
 * Runs a command to its end; resolves with its exit code. Its output is relayed through this
 * process's stdout and stderr, so through the guard (`printable`) that `command()` installs: this
 * process may be `capi` itself (`capi conformance-stage` runs this file in its own process).
 * `held`: its output is kept there instead and written by the caller (a child that runs beside
 * vitest, whose lines would otherwise fall among the test run's).
 */
function run(
  command: string,
  args: string[],
  { cwd, env = process.env, held }: { cwd: string; env?: NodeJS.ProcessEnv; held?: string[] },
): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = held && { write: (text: string): boolean => held.push(text) > 0, once: () => undefined };
    relay(child.stdout, keep ?? process.stdout);
    relay(child.stderr, keep ?? process.stderr);
    const forward = (sig: NodeJS.Signals): void => {
      child.kill(sig);
    };
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, forward);
    const end = (code: number): void => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, forward);
      done(code);
    };
    child.on('error', (err) => {
      console.error(`cannot run ${command}: ${err.message}`);
      end(1);
    });
    child.on('close', (code, signal) => end(code ?? (signal ? 1 : 0)));
  });
}

/** Writes what a child prints to `to` as text (a UTF-8 sequence split over chunks decoded whole), waiting when `to` is full. */
function relay(from: NodeJS.ReadableStream, to: { write(text: string): boolean; once(event: 'drain', then: () => void): unknown }): void {
  const decoder = new StringDecoder('utf8');
  from.on('data', (chunk: Buffer) => {
    if (!to.write(decoder.write(chunk))) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.on('end', () => {
    const rest = decoder.end();
    if (rest) to.write(rest);
  });
}

/**
 * Runs vitest files of `cwd` and returns its JSON report, or a failure message when the run
 * crashed before writing one. One worker unless `workers` says more (a contract task that split
 * one provider's operations): turbo already runs the providers' tasks side by side. Vitest runs
 * in this process through its Node API (`startVitest`), so a task is this process and vitest's
 * worker, not a vitest process between them: one Node start and vitest's loading fewer per task
 * (docs/conformance.md, Speed). `env` is this process's environment during the run (the
 * config and the worker read the options from it); a signal cancels the run.
 */
async function runVitest(
  cwd: string,
  files: string[],
  env: NodeJS.ProcessEnv,
  root: string,
  workers = 1,
  isolate = true,
): Promise<{ json?: Data; crashed?: string }> {
  const tmp = mkdtempSync(join(tmpdir(), 'capi-conformance-'));
  const jsonFile = join(tmp, 'vitest.json');
  const before = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
  const setEnv = (to: NodeJS.ProcessEnv): void => {
    for (const key of Object.keys(process.env)) if (!(key in to)) delete process.env[key];
    for (const [key, value] of Object.entries(to)) if (value !== undefined) process.env[key] = value;
  };
  let running: Vitest | undefined;
  // errors of a suite's or a file's own (a beforeAll or afterAll hook that threw or timed out):
  // vitest's JSON report marks the file failed and its tests skipped, and carries no message
  const hookErrors = new Map<string, { suite: string; message: string }[]>();
  const cancel = (): void => {
    void running?.cancelCurrentRun('keyboard-input');
  };
  let status: number | string = 0;
  try {
    setEnv(env);
    process.chdir(cwd); // where the vitest CLI ran (the worker starts there)
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, cancel);
    const { startVitest, JsonReporter } = await import('vitest/node');
    // vitest's JSON reporter, without its line "JSON report written to <file>": the file is a
    // temporary one, read and removed here (a user looked for it); the stage names its own report
    class QuietJsonReporter extends JsonReporter {
      override onInit(ctx: Vitest): void {
        super.onInit(ctx);
        this.ctx = Object.create(ctx, { logger: { value: Object.create(ctx.logger, { log: { value: () => {} } }) } });
      }
    }
    await startVitest(
      files.map((f) => join(cwd, f)),
      {
        root: cwd,
        watch: false,
        passWithNoTests: true,
        maxWorkers: workers,
        // false: a worker runs several part files in one module graph (the job's shared run)
        isolate,
        reporters: [
          'dot',
          new QuietJsonReporter({ outputFile: jsonFile }),
          {
            onInit: (vitest: Vitest) => {
              running = vitest;
            },
            onTestModuleEnd: (module: TestModule) => {
              const found = [
                ...module.errors().map((e) => ({ suite: '', message: e.message })),
                ...[...module.children.allSuites()].flatMap((suite) =>
                  suite.errors().map((e) => ({ suite: suite.fullName, message: e.message })),
                ),
              ];
              if (found.length) hookErrors.set(module.moduleId, found);
            },
          },
        ],
      },
    );
    status = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    status = `${(err as Error).message}`;
  } finally {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.off(sig, cancel);
    process.exitCode = before.exitCode;
    process.chdir(before.cwd);
    setEnv(before.env);
  }
  try {
    const json: Data = JSON.parse(readFileSync(jsonFile, 'utf8'));
    for (const file of json.testResults ?? []) {
      const errors = hookErrors.get(file.name);
      if (errors) file.hookErrors = errors;
    }
    return { json };
  } catch {
    return {
      crashed: `the test run (${files.map((f) => relative(root, join(cwd, f))).join(', ')}) crashed (${typeof status === 'number' ? `vitest exit ${status}` : status}) before writing results`,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The provider's recordings (specs/<p>/recordings, verify --record) checked against its effective
 * spec and through its client by `capi replay <p> --check` (a child: the client's sources need
 * --experimental-transform-types), as ReplayCheck (scripts/lib/verify/replay-check.ts); none is
 * `{ recordings: 0 }`, no failure.
 */
async function recordedRealityOf(provider: Provider, root: string, held?: string[]): Promise<ReplayCheck | { crashed: string }> {
  try {
    if (!readRecordings(root, provider.name).length) return { recordings: 0, passed: 0, divergences: [], client: [] };
  } catch (err) {
    // a file there that is no recording of verify --record: the task fails naming it, and the report is still written
    return { crashed: `recorded reality: ${err instanceof UserError ? err.format() : (err as Error).message}` };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'capi-replay-'));
  try {
    const jsonFile = join(tmp, 'replay.json');
    const args = [join(repoRoot, 'scripts/capi.mjs'), 'replay', provider.name, '--check', '--root', root, '--json', jsonFile];
    const status = await run(process.execPath, args, { cwd: root, held });
    try {
      return JSON.parse(readFileSync(jsonFile, 'utf8'));
    } catch {
      const dir = relative(root, recordingsDir(root, provider.name));
      return {
        crashed: `recorded reality: npm run replay -- ${provider.name} --check failed (exit ${status}) before checking ${dir}; see its output above`,
      };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** What a test run of `providers` needs, handed over once (src/options.ts): the same for a task and the job's shared run. */
const handedOptions = (providers: readonly Provider[], opts: JobOptions) => ({
  providers: providers.map((p) => p.name),
  seed: opts.seed,
  runs: opts.runs,
  ...(opts.root !== repoRoot ? { root: opts.root } : {}),
  ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
  ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
});

/** The provider's own tests (the suite's other parts only say that no selected provider falls in them). */
const mineOnly = ({ tests, suiteErrors }: { tests: Data[]; suiteErrors: Data[] }, provider: Provider): Data => ({
  tests: tests.filter((t) => t.provider === provider.name),
  suiteErrors,
});

/**
 * One stage of one provider: what its turbo task runs. Writes packages/<p>/reports/<stage>.json
 * (also when the stage fails: the job reads it) and returns the exit code.
 */
async function stage(name: StageName, provider: Provider, opts: JobOptions): Promise<number> {
  const t0 = performance.now();
  const file = stageReportFile(provider, name);
  rmSync(file, { force: true });
  // what the test run needs, handed over once (src/options.ts)
  const handed = handedOptions([provider], opts);
  const env = optionsEnv(handed);
  let data: Data;
  let failures: StageFailure[] = [];
  let line: string | undefined;
  // the test files the stage's vitest run ran (relative to this repository, whose tests they are)
  let testFiles: string[] | undefined;
  const filesOf = (json: Data | undefined): string[] | undefined =>
    json?.testResults?.map((f: Data) => relative(repoRoot, f.name).split(sep).join('/'));
  if (name === 'lint') {
    const { lintProviders } = await import('@capi/scripts/lib/lint/lint.ts');
    data = (await lintProviders([provider], opts.root)).get(provider.name) as Data;
    const unhandled = (data.upstream ?? []).filter((f: Data) => f.handled === 'unhandled');
    const up = data.upstream ? `, upstream ${data.upstream.length} finding(s), ${unhandled.length} unhandled` : '';
    line = `${data.errors} error(s), ${data.warnings} warning(s)${up}`;
  } else if (name === 'contract') {
    console.log(`contract tests of ${provider.name}: property seed ${opts.seed}, ${opts.runs} runs per property`);
    const label = relative(opts.root, provider.effective);
    let doc: unknown;
    try {
      doc = loadYamlSource(provider.effective, { provider: provider.name, label }).data;
    } catch {
      // unreadable or absent: the contract tests below fail on it
    }
    const { countOperations } = await import('@capi/scripts/lib/spec/spec-model.ts');
    const operations = doc ? countOperations(doc) : 0;
    // only the part file holding the provider (the task selects it alone: the first selected),
    // the other parts would each start a worker and load the suite only to skip; or, for many
    // operations, those split over parts, a worker and a Prism each, so that the task uses every
    // core (one provider's tests are otherwise one thread: src/parts.ts)
    const split = splitFor(operations, availableParallelism());
    const files = split > 1 ? Array.from({ length: split }, (_, i) => partFile(i + 1)) : [partFile(partOf(0))];
    if (split > 1) console.log(`contract tests of ${provider.name}: ${operations} operations split over ${split} workers`);
    // recorded reality, offline: the recordings of verify --record checked by `capi replay <p>
    // --check`, a process of its own, beside the test run (its output written after it)
    const replayOutput: string[] = [];
    const replaying = recordedRealityOf(provider, opts.root, replayOutput);
    // the job's shared run of this task's tests, when it left this task its share (src/shared-run.ts)
    const share = split > 1 ? undefined : takeShare(opts.root, process.env.TURBO_HASH, provider.name, optionsKey(handed));
    if (share) {
      console.log(`contract tests of ${provider.name}: run in the job's shared test run (${share.testFiles.join(', ')}), before this task`);
      testFiles = share.testFiles;
      data = share.data;
    } else {
      const res = await runVitest(appDir, files, split > 1 ? optionsEnv({ ...handed, split }) : env, opts.root, split);
      testFiles = filesOf(res.json);
      data = mineOnly(res.json ? testsOf(res.json, 'contract') : { tests: [], suiteErrors: [] }, provider);
      if (res.crashed) failures.push({ stage: name, message: res.crashed });
    }
    // a spec without operations has nothing to test: that is no pass
    if (doc && operations === 0) failures.push({ stage: name, message: nothingToTest(label, doc as Data) });
    const recorded = await replaying;
    process.stdout.write(replayOutput.join(''));
    if ('crashed' in recorded) failures.push({ stage: name, message: recorded.crashed });
    else data = { ...data, replay: recorded };
  } else {
    // every provider: the workflows generated from its resources; with a `fake`, its own scenarios too
    const testing = await loadTesting(provider.name, opts.root);
    const res = await runVitest(fakesDir, ['test/scenarios.test.mjs'], env, opts.root);
    testFiles = filesOf(res.json);
    data = {
      fake: Boolean(testing?.fake),
      ...mineOnly(res.json ? testsOf(res.json, 'scenario') : { tests: [], suiteErrors: [] }, provider),
    };
    if (res.crashed) failures.push({ stage: name, message: res.crashed });
    if (!testing?.fake) {
      line = generatedWorkflowsLine(provider.name, data.tests as Data[]);
    }
  }
  if (interrupted) {
    // what the stage's child left is no result: no report (the job writes none either)
    console.log(`${STAGE_TASKS[name]} ${provider.name}: interrupted (${interrupted}); no report written`);
    return interruptedCode();
  }
  failures = [...failures, ...stageFailures(name, data)];
  const report = {
    provider: provider.name,
    stage: name,
    ...(name === 'contract' ? { seed: opts.seed, runs: opts.runs } : {}),
    durationMs: Math.round(performance.now() - t0),
    ...(testFiles ? { testFiles } : {}),
    result: failures.length ? 'failed' : 'passed',
    failures,
    data,
  };
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  if (data.tests) {
    const count = (r: string): number => data.tests.filter((x: Data) => x.result === r).length;
    line ??= `${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`;
    if (data.replay) line += `; recorded reality: ${recordedReality(data.replay)}`;
  }
  console.log(`${STAGE_TASKS[name]} ${provider.name}: ${line}${failures.length ? `; ${failures.length} failure(s)` : ''}`);
  for (const f of failures.slice(0, 10)) console.log(`  ${f.message}`);
  console.log(`report: ${relative(opts.root, file)}`);
  return failures.length ? 1 : 0;
}

/** The run summary turbo wrote for this run (--summarize), by listing .turbo/runs before and after. */
const runSummaries = (root: string): string[] => {
  const dir = join(root, '.turbo', 'runs');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
};

/** Run summaries kept in .turbo/runs: each conformance run writes one (--summarize), so they would pile up. */
export const KEPT_SUMMARIES = 10;

/** Removes the oldest summaries that were there before this run, keeping KEPT_SUMMARIES in all (this run's among them). */
function pruneSummaries(root: string, before: Set<string>): void {
  const dir = join(root, '.turbo', 'runs');
  const old = [...before].map((f) => ({ f, t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => b.t - a.t);
  const fresh = runSummaries(root).length - before.size;
  for (const { f } of old.slice(Math.max(0, KEPT_SUMMARIES - fresh))) rmSync(join(dir, f), { force: true });
}

/** What a failed task printed that says why: its `error:` lines (the pipeline's UserError), else its last lines. */
function whyFailed(root: string, task: Data): string {
  let log = '';
  try {
    log = stripVTControlCharacters(readFileSync(join(root, task.logFile), 'utf8'));
  } catch {
    return `${task.taskId} failed (exit ${task.execution?.exitCode}); see turbo's output above`;
  }
  const lines = log.split('\n').map((l) => l.replace(/^[^\s:]+:[^\s:]+: /, '')); // a task prefix, if any
  const start = lines.findIndex((l) => l.startsWith('error: '));
  if (start >= 0) {
    const end = lines.findIndex((l, i) => i > start && (/^\d+ of \d+ provider\(s\) failed/.test(l) || /^npm (error|ERR!)/.test(l)));
    return lines
      .slice(start, end < 0 ? undefined : end)
      .join('\n')
      .replace(/^error: /, '')
      .trim();
  }
  const tail = lines.filter((l) => l.trim() && !/^npm (error|ERR!)|^>/.test(l)).slice(-5);
  return `${task.taskId} failed (exit ${task.execution?.exitCode}): ${tail.join(' / ')}`;
}

/** How each of a provider's tasks went in this run, from turbo's run summary. */
function taskState(task: Data | undefined): string {
  if (!task?.execution) return 'not run';
  if (task.execution.exitCode !== 0) return 'failed';
  return task.cache?.status === 'HIT' ? 'replayed' : 'ran';
}

/**
 * For each failed provider whose failures have known corrections (lint findings, spec defects
 * the contract tests found), writes them to specs/<p>/overlay.suggested.yaml and says so, with
 * the redocly.yaml lines for the rules to accept instead.
 */
async function suggest(report: Data, providers: Provider[], results: Map<string, Data>, root: string): Promise<void> {
  const { acceptYaml, suggestForProvider } = await import('@capi/scripts/lib/lint/lint-hints.ts');
  for (const pr of report.providers.filter((x: Data) => x.result === 'failed')) {
    const p = providers.find((x) => x.name === pr.name);
    if (!p) continue;
    const { suggestion, file, overlay } = suggestForProvider(p, results.get(p.name)?.lint, root, { extraActions: pr.contractFixes });
    const fromLint = suggestion.actions.length - pr.contractFixes.length;
    if (file) {
      const what = [fromLint && 'lint findings', pr.contractFixes.length && 'spec defects the contract tests found']
        .filter(Boolean)
        .join(' and ');
      console.log(
        `\n${p.name}: ${suggestion.actions.length} overlay action(s) would correct ${what}: ${file} (npm run lint:specs -- --fix ${p.name} writes them into ${overlay}; or copy the ones you agree with)`,
      );
    }
    if (suggestion.accept.length)
      console.log(
        `${p.name}: or accept these rules in redocly.yaml, each with your reason:\n${acceptYaml(p.name, suggestion.accept).replace(/^/gm, '  ')}`,
      );
  }
}

/** Runs a command to its end and resolves with what it wrote to stdout (its stderr relayed), or undefined when it failed. */
function captured(command: string, args: string[], { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string | undefined> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    relay(child.stderr, process.stderr);
    child.on('error', () => done(undefined));
    child.on('close', (code) => done(code === 0 ? Buffer.concat(out).toString('utf8') : undefined));
  });
}

/** Operations of a provider's effective spec (0 when it cannot be read: its tests say why). */
async function operationsOf(provider: Provider, root: string): Promise<number> {
  try {
    const doc = loadYamlSource(provider.effective, { provider: provider.name, label: relative(root, provider.effective) }).data;
    const { countOperations } = await import('@capi/scripts/lib/spec/spec-model.ts');
    return countOperations(doc);
  } catch {
    return 0;
  }
}

/**
 * The job's tasks through turbo, its contract tests shared (src/shared-run.ts): first every task
 * but `contract` (generate, lint:spec, scenarios); then turbo's dry run of the contract tasks
 * says which will run (not in its cache, or --force), and those providers' contract tests run
 * together in one vitest run in this process, each provider's share left for its task; then the
 * contract tasks of the providers whose generate tasks passed, each taking its share. One provider: one turbo run of all its tasks, as
 * sharing saves nothing. A provider whose operations its own task splits over workers
 * (src/parts.ts) is not shared. Returns turbo's exit code, the tasks of its run summaries and when
 * the shared run ran.
 */
async function turboTasks(
  providers: Provider[],
  opts: JobOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; tasks: Data[]; shared?: [number, number] }> {
  const turbo = join(opts.root, 'node_modules', '.bin', 'turbo');
  const filters = (list: Provider[]): string[] => list.map((p) => `--filter=@capi/${p.name}`);
  const common = [
    '--continue=dependencies-successful',
    '--summarize',
    '--output-logs=new-only',
    '--log-order=grouped',
    `--concurrency=${Math.max(2, availableParallelism())}`,
    ...(opts.force ? ['--force'] : []),
  ];
  /** a turbo run and the tasks of the summary it wrote */
  const turboRun = async (args: string[]): Promise<{ status: number; tasks: Data[] }> => {
    const before = new Set(runSummaries(opts.root));
    const status = await run(turbo, ['run', ...args, ...common], { cwd: opts.root, env });
    const file = runSummaries(opts.root).find((f) => !before.has(f));
    if (!file) console.log(`\nturbo wrote no run summary (exit ${status}); each provider is judged by the reports its tasks left`);
    return { status, tasks: file ? JSON.parse(readFileSync(join(opts.root, '.turbo', 'runs', file), 'utf8')).tasks : [] };
  };
  clearShares(opts.root);
  if (providers.length < 2) return turboRun([...Object.values(STAGE_TASKS), ...filters(providers)]);

  const first = await turboRun([...Object.values(STAGE_TASKS).filter((t) => t !== STAGE_TASKS.contract), ...filters(providers)]);
  if (interrupted) return first;
  // its generate tasks passed (a spec package's, when it has one, and its client's)
  const generated = (p: Provider): Data[] =>
    first.tasks.filter((t) => t.task === 'generate' && (t.package === `@capi/${p.name}` || t.package === `@capi/spec-${p.name}`));
  const built = providers.filter(
    (p) => generated(p).some((t) => t.package === `@capi/${p.name}`) && generated(p).every((t) => t.execution?.exitCode === 0),
  );
  if (!built.length) return first;
  // forced: only the contract tasks (`--only`: their generate tasks just ran, and would run again
  // under --force); else with their dependencies, replayed from the first run, as a task's hash
  // includes them only then (with --only a spec's change would not reach it)
  const contractArgs = [STAGE_TASKS.contract, ...(opts.force ? ['--only'] : []), ...filters(built)];
  const t0 = Date.now(); // the contract stage: from the dry run to the shared run's end
  const dry = await captured(turbo, ['run', ...contractArgs, ...(opts.force ? ['--force'] : []), '--dry=json'], { cwd: opts.root, env });
  let planned: Data[] = [];
  try {
    planned = dry ? JSON.parse(dry).tasks : [];
  } catch {
    // no plan: every contract task runs its own tests
  }
  const hashOf = new Map<string, string>();
  for (const p of built) {
    const t = planned.find((x) => x.package === `@capi/${p.name}` && x.task === STAGE_TASKS.contract);
    if (typeof t?.hash === 'string' && (opts.force || t.cache?.status !== 'HIT')) hashOf.set(p.name, t.hash);
  }
  const cores = availableParallelism();
  const together: Provider[] = [];
  for (const p of built) if (hashOf.has(p.name) && splitFor(await operationsOf(p, opts.root), cores) === 1) together.push(p);
  let shared: [number, number] | undefined;
  // in registry order, as the suite's part files hold the selected providers (src/parts.ts)
  const order = selectProviders([], opts.root).map((p) => p.name);
  together.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  if (together.length >= 2) {
    const handed = handedOptions(together, opts);
    const files = [...new Set(together.map((_, i) => partFile(partOf(i))))];
    const workers = Math.min(files.length, Math.max(2, cores));
    console.log(
      `\ncontract tests of ${together.map((p) => p.name).join(', ')}: one test run for their contract tasks (${workers} workers), each task taking its share`,
    );
    const res = await runVitest(appDir, files, optionsEnv(handed), opts.root, workers, false);
    shared = [t0, Date.now()];
    if (interrupted) return { ...first, shared };
    if (res.json)
      // a share with nothing in it (its part file did not run it) is left to the task's own run
      for (const share of shares(res.json, together, appDir, repoRoot, optionsKey(handed)))
        if (share.data.tests.length || share.data.suiteErrors.length) leaveShare(opts.root, hashOf.get(share.provider) as string, share);
        else console.log(`${res.crashed}: each contract task runs its own tests`);
  }
  const second = await turboRun(contractArgs);
  clearShares(opts.root);
  return { status: Math.max(first.status, second.status), tasks: [...first.tasks, ...second.tasks], shared };
}

/** The job: every selected provider's tasks through turbo, then the one report and summary. */
async function job(opts: JobOptions): Promise<number> {
  const t0 = performance.now();
  const providers = selectProviders(opts.names, opts.root);
  const seedNote = opts.seedGiven ? '' : ' (the default: same inputs, same cases; --seed random for new ones)';
  console.log(`conformance: ${providers.length} provider(s), property seed ${opts.seed}${seedNote}, ${opts.runs} runs per property`);
  const tasks = Object.values(STAGE_TASKS);
  console.log(
    `turbo: ${tasks.join(', ')} of ${providers.map((p) => p.name).join(', ')} (after their generate tasks), each cached by the provider's own inputs\n`,
  );

  // every report of this run is written by it (turbo restores it on a cache hit), so none is stale
  for (const p of providers) for (const s of Object.keys(STAGE_TASKS) as StageName[]) rmSync(stageReportFile(p, s), { force: true });
  const before = new Set(runSummaries(opts.root));
  const {
    status,
    tasks: ran,
    shared,
  } = await turboTasks(
    providers,
    opts,
    // the options of every task, in the contract task's cache key (turbo.json: env)
    optionsEnv({
      seed: opts.seed,
      runs: opts.runs,
      ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
      ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
    }),
  );
  const reportDir = join(opts.root, 'apps/conformance/report');
  const reportFile = join(reportDir, 'conformance.json');
  if (interrupted) {
    // turbo stopped the tasks: their reports are not results, and the last complete report stays
    pruneSummaries(opts.root, before);
    console.log(
      `\nconformance interrupted (${interrupted}): no report written; ${existsSync(reportFile) ? `${reportFile} and index.html are still the last complete run's` : 'there is no earlier report'}`,
    );
    return interruptedCode();
  }
  const summary = { tasks: ran };
  pruneSummaries(opts.root, before);

  const results = new Map<string, Data>();
  const failures = new Map<string, StageFailure[]>();
  const states = new Map<string, Record<string, string>>();
  // per stage: the wall time from its first task's start to its last task's end (the providers'
  // tasks run side by side, so a sum would exceed the job's time)
  const spans: Record<string, [number, number][]> = { build: [], lint: [], contract: [], scenarios: [] };
  const during = (stage: string, t: Data | undefined): unknown =>
    t?.execution && spans[stage].push([t.execution.startTime, t.execution.endTime]);
  if (shared) spans.contract.push(shared);
  for (const p of providers) {
    const mine: Data[] = summary.tasks.filter((t: Data) => t.package === `@capi/${p.name}` || t.package === `@capi/spec-${p.name}`);
    const byTask = (pkg: string, task: string): Data | undefined => mine.find((t) => t.package === pkg && t.task === task);
    const builds = [byTask(`@capi/spec-${p.name}`, 'generate'), byTask(`@capi/${p.name}`, 'generate')].filter(Boolean);
    for (const t of builds) during('build', t);
    const failedBuild = builds.find((t) => taskState(t) === 'failed');
    const own: Record<string, string> = {};
    const got: Data = {};
    const manifest = join(p.packageDir, 'package.json');
    const scripts = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')).scripts ?? {}) : {};
    const problems: StageFailure[] = [];
    if (failedBuild) problems.push({ stage: 'build', message: whyFailed(opts.root, failedBuild) });
    for (const [s, task] of Object.entries(STAGE_TASKS) as [StageName, string][]) {
      const t = byTask(`@capi/${p.name}`, task);
      own[task] = taskState(t);
      during(s, t);
      const file = stageReportFile(p, s);
      if (existsSync(file)) {
        const r = JSON.parse(readFileSync(file, 'utf8'));
        got[s] = r.data;
        // failures of the run itself (a crash); the rest is derived from the data
        for (const f of r.failures.filter((x: StageFailure) => !stageFailures(s, r.data).some((y) => y.message === x.message)))
          problems.push(f);
      } else if (failedBuild) {
        // the build failed: the stage never ran, which the build failure already says
      } else if (own[task] === 'failed') {
        problems.push({ stage: s, message: whyFailed(opts.root, t ?? {}) });
      } else if (!scripts[task]) {
        problems.push({
          stage: s,
          message: `packages/${p.name}/package.json has no "${task}" script, so turbo has no such task (a client package runs "capi conformance-stage ${s} ." as ${task}: docs/conformance.md)`,
        });
      } else {
        problems.push({ stage: s, message: `no report from @capi/${p.name}#${task} (${own[task]}; see turbo's output above)` });
      }
    }
    results.set(p.name, got);
    if (problems.length) failures.set(p.name, problems);
    states.set(p.name, own);
  }
  const timings: Record<string, number> = Object.fromEntries(
    Object.entries(spans).map(([k, list]) => [
      k,
      list.length ? Math.max(...list.map((x) => x[1])) - Math.min(...list.map((x) => x[0])) : 0,
    ]),
  );
  timings.total = performance.now() - t0;

  const report = buildReport({
    providers,
    root: opts.root,
    results,
    failures,
    seed: opts.seed,
    runs: opts.runs,
    timings,
    tasks: states,
  });
  // this run's providers replace their sections of the last report; the others' stay as they were
  const merged = mergeReport(
    readReport(reportFile),
    report,
    selectProviders([], opts.root).map((p) => p.name),
  );
  const { renderReportHtml } = await import('./report/report-html.ts');
  const page = renderReportHtml(merged); // rendered before anything is written
  if (interrupted) {
    console.log(`\nconformance interrupted (${interrupted}): no report written; the last complete report stays`);
    return interruptedCode();
  }
  writeFileAtomic(reportFile, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileAtomic(join(reportDir, 'index.html'), page);
  console.log(`\n${formatSummary(report)}`);
  const kept = merged.providers.filter((p: Data) => !report.providers.some((x: Data) => x.name === p.name));
  if (kept.length)
    console.log(
      `the report keeps the sections of ${kept.length} provider(s) this run did not select, from their own runs: ${kept.map((p: Data) => `${p.name} (${p.ranAt}, ${p.result})`).join(', ')}`,
    );
  const replayed = [...states].filter(([, s]) => Object.values(s).every((x) => x === 'replayed')).map(([n]) => n);
  if (replayed.length)
    console.log(
      `replayed from turbo's cache (inputs and options unchanged, so the same cases with the same seed): ${replayed.join(', ')}${opts.seedGiven ? '' : '; --seed random runs new cases'}`,
    );
  await suggest(report, providers, results, opts.root);
  // absolute: the user may stand anywhere in the repository
  console.log(`\nreport: ${reportFile}\npage:   ${join(reportDir, 'index.html')}`);
  return report.ok && status === 0 ? 0 : 1;
}

/** The last report, or null when there is none or it cannot be read (it is then replaced whole). */
function readReport(file: string): Data | null {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(report?.providers) ? report : null;
  } catch {
    return null;
  }
}

/**
 * `--prune-report`: takes the sections of providers redocly.yaml no longer registers out of the
 * report and renders the page again (npm run provider:remove runs it); the rest stays as it is.
 */
async function pruneReport(root: string): Promise<number> {
  const reportDir = join(root, 'apps/conformance/report');
  const last = readReport(join(reportDir, 'conformance.json'));
  if (!last) return 0;
  const registered = selectProviders([], root).map((p) => p.name);
  const providers = last.providers.filter((p: Data) => registered.includes(p.name));
  const dropped = last.providers.filter((p: Data) => !registered.includes(p.name)).map((p: Data) => p.name);
  if (!dropped.length) return 0;
  const pruned = { ...last, ok: providers.every((p: Data) => p.result === 'passed'), providers };
  const { renderReportHtml } = await import('./report/report-html.ts');
  const page = renderReportHtml(pruned);
  writeFileAtomic(join(reportDir, 'conformance.json'), `${JSON.stringify(pruned, null, 2)}\n`);
  writeFileAtomic(join(reportDir, 'index.html'), page);
  console.log(`conformance report: took out ${dropped.join(', ')} (no longer in redocly.yaml)`);
  return 0;
}

command({ usage: JOB_USAGE, options: JOB_OPTIONS }, async (cli) => {
  const opts = jobOptions(cli);
  if (opts.pruneReport) return pruneReport(opts.root);
  if (opts.stage) return stage(opts.stage, selectProviders(opts.names, opts.root)[0] as Provider, opts);
  return job(opts);
});
