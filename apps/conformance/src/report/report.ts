// The conformance report: one data structure (written as report/conformance.json) from which
// the terminal summary and the report page (report-html.ts) are rendered. Built from each
// provider's stage reports (packages/<provider>/reports/{lint,contract,scenarios}.json, written
// by its turbo tasks: the lint results, the contract tests from vitest's JSON, each test with
// meta.contract, and the fake scenarios, meta.scenario) and the failures of earlier stages.
import { relative } from 'node:path';
import type { Provider } from '@capi/scripts/lib/registry/registry.ts';
import type { Divergence } from '@capi/scripts/lib/verify/check.ts';
import { divergenceLines } from '@capi/scripts/lib/verify/recordings.ts';

/**
 * Report data as read from JSON (vitest's report, the stage reports, the last conformance.json):
 * its shape is the one this module writes; fields are read defensively.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON read back from files; every field is checked where it is read
export type Data = Record<string, any>;
/** One failure of a provider's stage. */
export interface StageFailure {
  stage: string;
  message: string;
}

/**
 * One readable line of a failure: the assertion's first line; for a property, also the
 * counterexample and the assertion that failed on it (fast-check's includeErrorInReport).
 */
export function failureLine(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const lines = message.split('\n');
  if (!/^Error: Property failed/.test(lines[0])) return lines[0];
  const counter = lines.find((l) => l.startsWith('Counterexample: '));
  const got = lines.find((l) => l.startsWith('Got '));
  return [lines[0], counter?.slice(0, 300), got].filter(Boolean).join('; ');
}

/** The tests of a vitest JSON report, with their `meta[key]`, and the messages of the files that failed to load. */
export function testsOf(vitestReport: Data | undefined, key: string): { tests: Data[]; suiteErrors: Data[] } {
  const files: Data[] = vitestReport?.testResults ?? [];
  const tests = files.flatMap((file) =>
    (file.assertionResults ?? []).map((a: Data) => ({
      ...a.meta?.[key],
      title: a.fullName,
      name: a.title,
      durationMs: Math.round(a.duration ?? 0),
      result: a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped',
      failure: failureLine(a.failureMessages?.[0]),
    })),
  );
  return { tests, suiteErrors: files.flatMap(fileErrors) };
}

/**
 * A test file's failures that are no test's: a file that failed to load (no assertion results,
 * only a message), and a suite whose beforeAll or afterAll hook threw or timed out (its tests
 * reported as skipped, the file as failed). Each names the top-level suite it happened in
 * (`topSuite`, a provider's name in the contract suite), '' for the file's own.
 */
function fileErrors(f: Data): Data[] {
  if (f.status !== 'failed') return [];
  const results: Data[] = f.assertionResults ?? [];
  if (!results.length) return [{ message: f.message, topSuite: '' }];
  const hooks: { suite: string; message: string }[] = f.hookErrors ?? [];
  const notRun = results.filter((a) => a.status !== 'passed' && a.status !== 'failed').length;
  const errors = hooks.map((h) => ({
    message: `${h.suite ? `${h.suite}: ` : ''}${failureLine(h.message) ?? 'a hook failed'} (a beforeAll or afterAll hook; ${notRun} test(s) of the file did not run)`,
    topSuite: h.suite.split(' > ')[0] ?? '',
  }));
  // failed with no failed test and no error vitest gave us: still a failure, never a pass
  if (!errors.length && !results.some((a) => a.status === 'failed')) {
    errors.push({ message: `${f.name}: the test file failed outside its tests; ${notRun} test(s) did not run`, topSuite: '' });
  }
  return errors;
}

/**
 * The failures of one stage of one provider, as `{ stage, message }`: lint errors, unhandled
 * upstream findings and configuration problems; failed tests and test files that did not load.
 */
export function stageFailures(stage: 'lint' | 'contract' | 'scenarios', data: Data | undefined): StageFailure[] {
  if (!data) return [];
  if (stage === 'lint') {
    const unhandled: Data[] = (data.upstream ?? []).filter((f: Data) => f.handled === 'unhandled');
    return [
      ...data.problems.filter((x: Data) => x.severity === 'error').map((pr: Data) => `${pr.where} ${pr.message} (${pr.rule})`),
      ...unhandled.map((f) => `upstream defect not handled: ${f.where} ${f.message} (${f.rule}): ${f.reason}`),
      ...(data.configProblems ?? []),
    ].map((message: string) => ({ stage, message }));
  }
  const label = (x: Data): string => (stage === 'contract' ? x.title : x.name);
  return [
    ...data.tests.filter((x: Data) => x.result === 'failed').map((x: Data) => `${label(x)}: ${x.failure ?? 'failed'}`),
    ...(data.suiteErrors ?? []).map((f: Data) => f.message),
    // a recording (verify --record) that no longer matches the effective spec, or the client's branch for it
    ...(data.replay?.divergences ?? []).map((d: Divergence) => `recorded reality: ${divergenceLines(d).join('\n')}`),
    ...(data.replay?.client ?? []).map((c: Data) => `recorded reality: ${c.operation} (${c.case}) through the client: ${c.problem}`),
  ].map((message: string) => ({ stage, message }));
}

/**
 * @param {{ providers: object[], root: string, results: Map<string, { lint?: object, contract?: { tests: object[], suiteErrors: object[] },
 *   scenarios?: { fake: boolean, tests: object[], suiteErrors: object[] } }>, failures: Map<string, { stage: string, message: string }[]>,
 *   seed: number, runs: number, timings: Record<string, number>, tasks?: Map<string, Record<string, string>> }} input
 *   results: each provider's stage results (a stage that did not run is absent); failures: of
 *   stages that left no result (a build that failed, a task that crashed); tasks: how each of the
 *   provider's turbo tasks went (ran, replayed, failed, not run)
 */
export function buildReport({
  providers,
  root,
  results,
  failures,
  seed,
  runs,
  timings,
  tasks = new Map(),
}: {
  providers: readonly Provider[];
  root: string;
  results: Map<string, Data>;
  failures: Map<string, StageFailure[]>;
  seed: number;
  runs: number;
  timings: Record<string, number>;
  tasks?: Map<string, Record<string, string>>;
}): Data {
  const generatedAt = new Date().toISOString();
  const out = providers.map((p) => {
    const r = results.get(p.name) ?? {};
    const mine = r.contract?.tests ?? [];
    const l = r.lint;
    const problems = [
      ...(failures.get(p.name) ?? []),
      ...stageFailures('lint', l),
      ...stageFailures('contract', r.contract),
      ...stageFailures('scenarios', r.scenarios),
    ];
    const scenarios = (r.scenarios?.tests ?? [])
      .filter((x: Data) => !x.none)
      .map((x: Data) => ({
        name: x.name,
        result: x.result,
        durationMs: x.durationMs,
        ...(x.failure ? { failure: x.failure } : {}),
        // a generated workflow that did not pass: skipped (not gating), with its reason
        ...(x.failed ? { failed: x.failed } : {}),
      }));

    const operations: Data[] = [];
    for (const x of mine.filter((t: Data) => t.operationId)) {
      let op = operations.find((o: Data) => o.operationId === x.operationId);
      if (!op) {
        op = { operationId: x.operationId, method: x.method, path: x.path, responses: [], negative: [], media: [] };
        operations.push(op);
      }
      // a skip says why, and whose limit it was: Prism's mock, or the harness's own
      const why = {
        ...(x.reason && x.result !== 'passed' ? { reason: x.reason } : {}),
        ...(x.limitation && x.result === 'skipped' ? { limitation: x.limitation } : {}),
      };
      // a range or `default` says which code it was asked as; an answer of Prism's dynamic mock
      // says so, and so does one through Prism's proxy from the generated upstream (src/upstream.ts)
      if (x.kind === 'status')
        op.responses.push({
          status: x.status,
          result: x.result,
          ...(x.code !== undefined ? { code: x.code } : {}),
          ...(x.proxy && x.result === 'passed' ? { mock: 'proxy' } : x.dynamic && x.result === 'passed' ? { mock: 'dynamic' } : {}),
          ...why,
        });
      if (x.kind === 'negative')
        op.negative.push({
          case: x.case ?? 'no credentials',
          constraint: x.constraint,
          status: x.status,
          ...(x.media ? { media: x.media } : {}),
          result: x.result,
          // answered by the dynamic mock, or judged on the refusal alone through Prism's proxy
          // (neither mock could make the error): then why the error body went unchecked
          ...(x.proxy && x.result === 'passed' ? { mock: 'proxy' } : x.dynamic && x.result === 'passed' ? { mock: 'dynamic' } : {}),
          ...(x.unchecked && x.result === 'passed' ? { unchecked: x.unchecked } : {}),
          ...why,
        });
      // a valid body of each further request media type (the status cases use the first one)
      if (x.kind === 'media') op.media.push({ media: x.media, status: x.status, result: x.result, ...why });
    }
    const prop = mine.filter((x: Data) => x.kind === 'property');
    // overlay actions the failed contract tests suggest (spec defects), once each
    const fixes = new Map();
    for (const x of mine.filter((t: Data) => t.result === 'failed'))
      for (const a of x.fix ?? []) fixes.set(`${a.target}|${a.remove ? 'remove' : 'update'}`, a);
    // documented statuses none of which could be exercised (every case a mock or harness limit)
    // mean nothing was tested: that is no pass
    const statuses = operations.flatMap((o) => o.responses);
    if (statuses.length && !statuses.some((s) => s.result === 'passed') && !problems.length) {
      problems.push({
        stage: 'contract',
        message: `none of its ${statuses.length} documented statuses could be exercised (all skipped), so nothing was tested; the first reason: ${statuses.find((s) => s.reason)?.reason ?? 'none given'}`,
      });
    }
    const result = problems.length ? 'failed' : 'passed';
    return {
      name: p.name,
      // when this provider's section was made (a later run of other providers keeps it as it is)
      ranAt: generatedAt,
      effectiveSpec: relative(root, p.effective),
      result,
      operations,
      lint: l
        ? {
            errors: l.errors,
            warnings: l.warnings,
            problems: l.problems,
            upstream: l.upstream,
          }
        : null,
      property: {
        valid: prop.reduce((s: Data, x: Data) => s + (x.valid ?? 0), 0),
        invalid: prop.reduce((s: Data, x: Data) => s + (x.invalid ?? 0), 0),
        runs,
        seed,
      },
      // false: the provider's testing entry has no fake, so it has no scenarios (not a failure)
      fake: r.scenarios ? r.scenarios.fake !== false : null,
      // the recordings of verify --record replayed offline (null: the contract stage did not say)
      replay: r.contract?.replay ?? null,
      scenarios,
      tasks: tasks.get(p.name) ?? {},
      failures: problems,
      contractFixes: [...fixes.values()],
    };
  });
  return {
    generatedAt,
    ok: out.every((p) => p.result === 'passed'),
    seed,
    runs,
    timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    providers: out,
  };
}

/**
 * The report to write after a run: `fresh` (this run's providers) replaces their sections of
 * `previous` (the last report, or null), the other providers' sections stay as they were (each
 * with its own `ranAt`), in registry order; a provider no longer registered is dropped. `ok` is
 * over every section; `seed`, `runs` and `timingsMs` are this run's (each section keeps its own
 * seed and runs under `property`); `ran` names this run's providers.
 * @param {ReturnType<typeof buildReport> | null} previous
 * @param {ReturnType<typeof buildReport>} fresh
 * @param {string[]} registered the providers in redocly.yaml, in its order
 */
export function mergeReport(previous: Data | null, fresh: Data, registered: readonly string[]): Data {
  const byName = new Map();
  for (const p of previous?.providers ?? []) byName.set(p.name, { ...p, ranAt: p.ranAt ?? previous?.generatedAt });
  for (const p of fresh.providers) byName.set(p.name, p);
  const providers = registered.filter((n) => byName.has(n)).map((n) => byName.get(n));
  return {
    ...fresh,
    ok: providers.every((p) => p.result === 'passed'),
    ran: fresh.providers.map((p: Data) => p.name),
    providers,
  };
}

/**
 * The failure of a spec without operations (no paths, or only webhooks, which are not tested):
 * there is nothing to test, so it cannot pass.
 * @param {string} file the effective spec, as the message names it
 * @param {any} doc its parsed document
 */
export function nothingToTest(file: string, doc: Data): string {
  const webhooks = doc && typeof doc.webhooks === 'object' && doc.webhooks ? Object.keys(doc.webhooks).length : 0;
  return `nothing to test: ${file} has no operations under paths${webhooks ? ` (only ${webhooks} webhook(s), which the contract tests do not exercise)` : ''}; a provider passes only when it has operations to test: add them to the spec (or its overlay), or remove the provider (npm run provider:remove -- <provider>)`;
}

/** The recorded-reality line of a provider: its recordings, how many passed, its divergences (or "no recordings"). */
export function recordedReality(replay: Data | null | undefined): string {
  if (!replay) return 'not checked';
  if (!replay.recordings) return 'no recordings';
  const problems = replay.divergences.length + replay.client.length;
  return `${replay.passed}/${replay.recordings} recording(s) passed${problems ? `, ${replay.divergences.length} divergence(s), ${replay.client.length} client branch problem(s)` : ''}`;
}

/**
 * The scenarios task's line for a provider without scenarios of its own: its generated workflows
 * passed of all generated (one that did not pass is reported as skipped with its reason in
 * `failed`: it counts as not passed), and the resources without one (`none`).
 */
export function generatedWorkflowsLine(provider: string, tests: readonly Data[]): string {
  const workflows = tests.filter((t) => typeof t.workflow === 'string' && !t.none);
  const passed = workflows.filter((t) => t.result === 'passed').length;
  const without = tests.filter((t) => typeof t.workflow === 'string' && t.none).length;
  const not = workflows.length - passed;
  return `no scenarios of its own (packages/${provider}/testing.ts declares no fake rules): ${passed}/${workflows.length} generated workflow(s) passed${not ? ` (${not} did not: see the report)` : ''}${without ? `; ${without} resource(s) without one` : ''}`;
}

export function formatSummary(report: Data): string {
  const head = [
    'provider',
    'ops',
    'statuses',
    'negative',
    'lint E/W',
    'upstream fixed/accepted/open',
    'property valid/invalid',
    'scenarios',
    'recorded reality',
    'result',
  ];
  const rows: string[][] = report.providers.map((p: Data) => {
    const statuses = p.operations.flatMap((o: Data) => o.responses);
    const negative = p.operations.flatMap((o: Data) => o.negative);
    const up = p.lint?.upstream;
    const count = (list: Data[], r: string): number => list.filter((x: Data) => x.result === r).length;
    const skipped = count(statuses, 'skipped');
    const limited = statuses.filter((x: Data) => x.limitation).length;
    return [
      p.name,
      String(p.operations.length),
      `${count(statuses, 'passed')}/${statuses.length}${skipped ? ` (${skipped} skipped${limited ? `, ${limited} by a mock or harness limit` : ''})` : ''}`,
      `${count(negative, 'passed')}/${negative.length}`,
      p.lint ? `${p.lint.errors}/${p.lint.warnings}` : '-',
      // no upstream findings: an authored spec when lint ran, nothing known when it did not (a failed build)
      up
        ? ['overlay', 'accepted', 'unhandled'].map((h) => up.filter((f: Data) => f.handled === h).length).join('/')
        : p.lint
          ? 'authored'
          : '-',
      `${p.property.valid}/${p.property.invalid}`,
      p.fake === false && !(p.scenarios ?? []).some((s: Data) => s.result !== 'skipped' || s.failed)
        ? 'no workflows'
        : `${count(p.scenarios ?? [], 'passed')}/${(p.scenarios ?? []).length}`,
      recordedReality(p.replay),
      p.result === 'passed' ? 'passed' : 'FAILED',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lines = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const failed = report.providers.filter((p: Data) => p.failures.length);
  for (const p of failed) {
    lines.push('', `${p.name}: ${p.failures.length} failure(s)`);
    for (const f of p.failures.slice(0, 10)) lines.push(`  [${f.stage}] ${f.message}`);
    if (p.failures.length > 10) lines.push(`  ... ${p.failures.length - 10} more in the report`);
  }
  const t = report.timingsMs;
  lines.push(
    '',
    `${report.ok ? 'conformance passed' : 'conformance FAILED'}: ${report.providers.length - failed.length} of ${report.providers.length} provider(s) passed` +
      ` in ${secs(t.total)} s (build ${secs(t.build)} s, lint ${secs(t.lint)} s, contract ${secs(t.contract)} s, scenarios ${secs(t.scenarios)} s); property seed ${report.seed}`,
  );
  return lines.join('\n');
}

const secs = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(1);
