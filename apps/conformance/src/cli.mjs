#!/usr/bin/env node
// The repository's main job (`npm run conformance`): for every provider, build the effective
// spec and the client types, lint with Redocly, run the contract tests against Prism and the
// scenarios of the stateful fakes (apps/fakes) behind Prism, then write report/conformance.json
// and the report page report/index.html, and print a summary. One provider's failure never
// stops the others; any failure makes the exit code non-zero.
//
//   node src/cli.mjs [--seed N] [--runs N] [--root DIR] [provider ...]
//
// Users run it as `npm run conformance -- [provider ...] [--seed N|random] [--runs N]` (capi
// conformance: the turbo task, cached), which hands the options over as CONFORMANCE_PROVIDERS,
// CONFORMANCE_SEED and CONFORMANCE_RUNS; flags given here win over those.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain, UserError } from '@capi/scripts/lib/errors.ts';
import { parseCli } from '@capi/scripts/lib/cli-args.ts';
import { repoRoot, selectProviders } from '@capi/scripts/lib/registry.ts';
import { writeFileAtomic } from '@capi/scripts/lib/fs-atomic.ts';
import { buildSpec } from '@capi/scripts/lib/build-spec.ts';
import { generateProvider } from '@capi/scripts/lib/codegen.ts';
import { lintProviders } from '@capi/scripts/lib/lint.ts';
import { buildReport, formatSummary } from './report.mjs';
import { acceptYaml, suggestForProvider } from '@capi/scripts/lib/lint-hints.ts';
import { renderReportHtml } from './report-html.mjs';
import { DEFAULT_SEED } from './cases.mjs';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fakesDir = resolve(appDir, '../fakes');

/**
 * Runs one vitest file of `cwd` for the ready providers and returns its JSON report; when the
 * run crashes before writing one, every provider gets a failure of `stage`.
 */
function runVitest(cwd, file, env, ready, stage, fail) {
  if (!ready.length) return { testResults: [] };
  const tmp = mkdtempSync(join(tmpdir(), 'capi-conformance-'));
  try {
    const jsonFile = join(tmp, 'vitest.json');
    const res = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'node_modules/vitest/vitest.mjs'),
        'run',
        file,
        '--passWithNoTests',
        '--reporter=dot',
        '--reporter=json',
        `--outputFile.json=${jsonFile}`,
      ],
      { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } },
    );
    try {
      return JSON.parse(readFileSync(jsonFile, 'utf8'));
    } catch {
      for (const p of ready)
        fail(
          p.name,
          stage,
          `the ${stage} test run (${relative(repoRoot, join(cwd, file))}) crashed (vitest exit ${res.status}) before writing results`,
        );
      return { testResults: [] };
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * For each failed provider whose failures have known corrections (lint findings, spec defects
 * the contract tests found), writes them to specs/<p>/overlay.suggested.yaml and says so, with
 * the redocly.yaml lines for the rules to accept instead.
 */
function suggest(report, providers, lint, root) {
  for (const pr of report.providers.filter((x) => x.result === 'failed')) {
    const p = providers.find((x) => x.name === pr.name);
    const { suggestion, file, overlay } = suggestForProvider(p, lint.get(p.name), root, { extraActions: pr.contractFixes });
    const fromLint = suggestion.actions.length - pr.contractFixes.length;
    if (file) {
      const what = [fromLint && 'lint findings', pr.contractFixes.length && 'spec defects the contract tests found']
        .filter(Boolean)
        .join(' and ');
      console.log(
        `\n${p.name}: ${suggestion.actions.length} overlay action(s) would correct ${what}: ${file} (copy them under \`actions:\` in ${overlay})`,
      );
    }
    if (suggestion.accept.length)
      console.log(
        `${p.name}: or accept these rules in redocly.yaml, each with your reason:\n${acceptYaml(p.name, suggestion.accept).replace(/^/gm, '  ')}`,
      );
  }
}

function parseArgs(argv) {
  const { values, positionals } = parseCli(argv, {
    usage: 'usage: npm run conformance -- [--seed N] [--runs N] [provider ...]',
    options: { seed: { type: 'string' }, runs: { type: 'string' }, root: { type: 'string' } },
  });
  const opts = {
    seed: Number(values.seed ?? process.env.CONFORMANCE_SEED ?? DEFAULT_SEED),
    seedGiven: values.seed !== undefined || process.env.CONFORMANCE_SEED !== undefined,
    runs: Number(values.runs ?? process.env.CONFORMANCE_RUNS ?? 200),
    root: values.root ? resolve(values.root) : repoRoot,
    names: positionals.length ? positionals : (process.env.CONFORMANCE_PROVIDERS ?? '').split(',').filter(Boolean),
  };
  if (!Number.isInteger(opts.seed)) throw new UserError('--seed takes an integer');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new UserError('--runs takes a positive integer');
  return opts;
}

runMain(async () => {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const providers = selectProviders(opts.names, opts.root);
  const timings = {};
  const failures = new Map(); // provider -> [{ stage, message }]
  const fail = (name, stage, message) => failures.set(name, [...(failures.get(name) ?? []), { stage, message }]);

  const seedNote = opts.seedGiven ? '' : ' (the default: same inputs, same cases; --seed random for new ones)';
  console.log(`conformance: ${providers.length} provider(s), property seed ${opts.seed}${seedNote}, ${opts.runs} runs per property`);
  console.log('\n1/4 build effective specs and client types');
  for (const p of providers) {
    const t = performance.now();
    try {
      buildSpec(p, opts.root);
      await generateProvider(p, opts.root);
      console.log(`  ${p.name}: ok (${Math.round(performance.now() - t)} ms)`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fail(p.name, 'build', err.format());
      console.log(`  ${p.name}: FAILED  ${err.format()}`);
    }
  }
  timings.build = performance.now() - t0;

  const ready = providers.filter((p) => !failures.has(p.name));
  console.log('\n2/4 lint (redocly)');
  let t = performance.now();
  const lint = await lintProviders(ready, opts.root);
  for (const [name, l] of lint) {
    const unhandled = (l.upstream ?? []).filter((f) => f.handled === 'unhandled');
    for (const pr of l.problems.filter((x) => x.severity === 'error')) fail(name, 'lint', `${pr.where} ${pr.message} (${pr.rule})`);
    for (const f of unhandled) fail(name, 'lint', `upstream defect not handled: ${f.where} ${f.message} (${f.rule}): ${f.reason}`);
    for (const c of l.configProblems) fail(name, 'lint', c);
    const up = l.upstream ? `, upstream ${l.upstream.length} finding(s), ${unhandled.length} unhandled` : '';
    console.log(`  ${name}: ${l.errors} error(s), ${l.warnings} warning(s)${up}`);
  }
  timings.lint = performance.now() - t;

  console.log('\n3/4 contract tests (vitest + Prism)');
  t = performance.now();
  const env = {
    CONFORMANCE_PROVIDERS: ready.map((p) => p.name).join(','),
    CONFORMANCE_SEED: String(opts.seed),
    CONFORMANCE_RUNS: String(opts.runs),
    ...(opts.root !== repoRoot ? { CONFORMANCE_ROOT: opts.root } : {}),
  };
  const vitestReport = runVitest(appDir, 'test/contract-', env, ready, 'contract', fail); // every part file
  timings.contract = performance.now() - t;

  console.log('\n4/4 fake scenarios (vitest + stateful fakes behind Prism)');
  t = performance.now();
  const scenarioReport = runVitest(fakesDir, 'test/scenarios.test.mjs', env, ready, 'scenarios', fail);
  timings.scenarios = performance.now() - t;
  timings.total = performance.now() - t0;

  const report = buildReport({
    providers,
    root: opts.root,
    lint,
    vitestReport,
    scenarioReport,
    failures,
    seed: opts.seed,
    runs: opts.runs,
    timings,
  });
  const reportDir = join(opts.root === repoRoot ? appDir : join(opts.root, 'apps/conformance'), 'report');
  const page = renderReportHtml(report); // rendered before anything is written
  writeFileAtomic(join(reportDir, 'conformance.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(join(reportDir, 'index.html'), page);
  console.log(`\n${formatSummary(report)}`);
  suggest(report, providers, lint, opts.root);
  // absolute: under turbo this process runs in the app's folder, not where the user stands
  console.log(`\nreport: ${join(reportDir, 'conformance.json')}\npage:   ${join(reportDir, 'index.html')}`);
  return report.ok ? 0 : 1;
});
