// The conformance report: one data structure (written as report/conformance.json) from which
// the terminal summary and the report page (report-html.mjs) are rendered. Built from the lint
// results, the contract tests' vitest JSON (each test carries meta.contract), the fake
// scenarios' vitest JSON (meta.scenario), and the failures of earlier stages.
import { relative } from 'node:path';

/**
 * One readable line of a failure: the assertion's first line; for a property, also the
 * counterexample and the assertion that failed on it (fast-check's includeErrorInReport).
 */
export function failureLine(message) {
  if (!message) return undefined;
  const lines = message.split('\n');
  if (!/^Error: Property failed/.test(lines[0])) return lines[0];
  const counter = lines.find((l) => l.startsWith('Counterexample: '));
  const got = lines.find((l) => l.startsWith('Got '));
  return [lines[0], counter?.slice(0, 300), got].filter(Boolean).join('; ');
}

/** The tests of a vitest JSON report, with their `meta[key]`, and the files that failed to load. */
function testsOf(vitestReport, key) {
  const files = vitestReport?.testResults ?? [];
  const tests = files.flatMap((file) =>
    (file.assertionResults ?? []).map((a) => ({
      ...a.meta?.[key],
      title: a.fullName,
      name: a.title,
      durationMs: Math.round(a.duration ?? 0),
      result: a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped',
      failure: failureLine(a.failureMessages?.[0]),
    })),
  );
  // a file that failed to load at all has no assertion results, only a message
  return { tests, suiteErrors: files.filter((f) => f.status === 'failed' && !f.assertionResults?.length) };
}

export function buildReport({ providers, root, lint, vitestReport, scenarioReport, failures, seed, runs, timings }) {
  const { tests, suiteErrors } = testsOf(vitestReport, 'contract');
  const scenarioRun = testsOf(scenarioReport, 'scenario');

  const out = providers.map((p) => {
    const mine = tests.filter((x) => x.provider === p.name);
    const l = lint.get(p.name);
    const problems = [...(failures.get(p.name) ?? [])];
    for (const x of mine.filter((t) => t.result === 'failed'))
      problems.push({ stage: 'contract', message: `${x.title}: ${x.failure ?? 'failed'}` });
    for (const f of suiteErrors) problems.push({ stage: 'contract', message: f.message });
    const scenarios = scenarioRun.tests
      .filter((x) => x.provider === p.name)
      .map((x) => ({ name: x.name, result: x.result, durationMs: x.durationMs, ...(x.failure ? { failure: x.failure } : {}) }));
    for (const x of scenarios.filter((t) => t.result === 'failed'))
      problems.push({ stage: 'scenarios', message: `${x.name}: ${x.failure ?? 'failed'}` });
    if (scenarioReport) for (const f of scenarioRun.suiteErrors) problems.push({ stage: 'scenarios', message: f.message });

    const operations = [];
    for (const x of mine.filter((t) => t.operationId)) {
      let op = operations.find((o) => o.operationId === x.operationId);
      if (!op) {
        op = { operationId: x.operationId, method: x.method, path: x.path, responses: [], negative: [], media: [] };
        operations.push(op);
      }
      // a skip says why, and whose limit it was: Prism's mock, or the harness's own
      const why = {
        ...(x.reason && x.result !== 'passed' ? { reason: x.reason } : {}),
        ...(x.limitation && x.result === 'skipped' ? { limitation: x.limitation } : {}),
      };
      if (x.kind === 'status') op.responses.push({ status: x.status, result: x.result, ...why });
      if (x.kind === 'negative')
        op.negative.push({
          case: x.case ?? 'no credentials',
          constraint: x.constraint,
          status: x.status,
          ...(x.media ? { media: x.media } : {}),
          result: x.result,
          ...why,
        });
      // a valid body of each further request media type (the status cases use the first one)
      if (x.kind === 'media') op.media.push({ media: x.media, status: x.status, result: x.result, ...why });
    }
    const prop = mine.filter((x) => x.kind === 'property');
    // overlay actions the failed contract tests suggest (spec defects), once each
    const fixes = new Map();
    for (const x of mine.filter((t) => t.result === 'failed'))
      for (const a of x.fix ?? []) fixes.set(`${a.target}|${a.remove ? 'remove' : 'update'}`, a);
    const result = problems.length ? 'failed' : 'passed';
    return {
      name: p.name,
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
        valid: prop.reduce((s, x) => s + (x.valid ?? 0), 0),
        invalid: prop.reduce((s, x) => s + (x.invalid ?? 0), 0),
        runs,
        seed,
      },
      scenarios,
      failures: problems,
      contractFixes: [...fixes.values()],
    };
  });
  return {
    generatedAt: new Date().toISOString(),
    ok: out.every((p) => p.result === 'passed'),
    seed,
    runs,
    timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
    providers: out,
  };
}

export function formatSummary(report) {
  const head = [
    'provider',
    'ops',
    'statuses',
    'negative',
    'lint E/W',
    'upstream fixed/accepted/open',
    'property valid/invalid',
    'scenarios',
    'result',
  ];
  const rows = report.providers.map((p) => {
    const statuses = p.operations.flatMap((o) => o.responses);
    const negative = p.operations.flatMap((o) => o.negative);
    const up = p.lint?.upstream;
    const count = (list, r) => list.filter((x) => x.result === r).length;
    const skipped = count(statuses, 'skipped');
    const limited = statuses.filter((x) => x.limitation).length;
    return [
      p.name,
      String(p.operations.length),
      `${count(statuses, 'passed')}/${statuses.length}${skipped ? ` (${skipped} skipped${limited ? `, ${limited} by a mock or harness limit` : ''})` : ''}`,
      `${count(negative, 'passed')}/${negative.length}`,
      p.lint ? `${p.lint.errors}/${p.lint.warnings}` : '-',
      up ? ['overlay', 'accepted', 'unhandled'].map((h) => up.filter((f) => f.handled === h).length).join('/') : 'authored',
      `${p.property.valid}/${p.property.invalid}`,
      `${count(p.scenarios ?? [], 'passed')}/${(p.scenarios ?? []).length}`,
      p.result === 'passed' ? 'passed' : 'FAILED',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const lines = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const failed = report.providers.filter((p) => p.failures.length);
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

const secs = (ms) => ((ms ?? 0) / 1000).toFixed(1);
