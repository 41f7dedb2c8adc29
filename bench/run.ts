#!/usr/bin/env node
// `npm run bench`: runs the benchmarks and writes bench/results.md (machine, Node, date; for
// each figure the median and spread of several runs; each target MET or MISSED, with what limits
// it). Speed targets live here, never in tests.
//
//   npm run bench [-- --only client,validation,codegen,size,features,growth,pipeline,large,tiers,contract,contract-growth] [--quick]
//
// --quick: fewer runs, and only the sections that take seconds to a minute (client with validation, codegen,
// size, features, growth); the full-repository runs (pipeline, large, tiers, and the contract harness's
// contract and contract-growth) run when named with --only, and otherwise keep their figures from the last
// full run.
//
// The sections that load the built packages (client, validation, size, features) start with
// `npm run build` (turbo: cached, so only what changed is built; a fresh clone builds everything).
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@capi/scripts/lib/shared/fs-atomic.ts';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';
import { mergeResults } from '@capi/scripts/lib/dev/bench-results.ts';
import { log, verdict } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['client', 'validation', 'codegen', 'size', 'features', 'growth', 'pipeline', 'large', 'tiers', 'contract', 'contract-growth'];
const CONTRACT = 'Contract harness: the seeds';
const CONTRACT_GROWTH = 'Contract harness: growth with real specs (50 to 450 operations)';
const FEATURES = 'Optional features: size and CPU per call, each off and on';
const VALIDATION = 'Client overhead: runtime validation';
const QUICK = ['client', 'validation', 'codegen', 'size', 'features', 'growth'];
/** The sections that load the built packages (dist/, the generated clients, effective specs): `npm run build` first. */
const BUILT = ['client', 'validation', 'size', 'features'];

const USAGE = `usage: npm run bench [-- --only ${ALL.join(',')}] [--quick]`;

command({ usage: USAGE, options: { only: { type: 'string' }, quick: { type: 'boolean' } } }, async ({ values }) => {
  const quick = Boolean(values.quick);
  const only = values.only !== undefined ? values.only.split(',') : quick ? QUICK : ALL;
  const unknown = only.filter((x) => !ALL.includes(x));
  if (unknown.length) throw new UserError(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);

  const t0 = performance.now();
  // each section's wall time, named in the total line (what a slow run spent its time on)
  const took: string[] = [];
  // what the sections load, built (or found built: turbo's cache) before the first one starts
  if (only.some((x) => BUILT.includes(x))) {
    await buildPackages();
    took.push(`build ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }

  const sections: [string, string][] = [];
  let mark = performance.now();
  const section = (key: string, title: string, md: string) => {
    sections.push([title, md]);
    const now = performance.now();
    took.push(`${key} ${((now - mark) / 1000).toFixed(0)} s`);
    mark = now;
  };
  if (only.includes('client')) {
    log('client overhead (about a minute)...');
    const { clientOverhead } = await import('./client-overhead.ts');
    const settings = quick ? { requests: 1000, rounds: 2 } : {};
    section('client', 'Client overhead', (await clientOverhead(settings)).md);
  }
  // part of the client benchmarks (`--only client` runs it too), or alone with `--only validation`
  if (only.includes('client') || only.includes('validation')) {
    log('runtime validation: CPU per call with validate off, warn, throw...');
    const { validationCost } = await import('./validation.ts');
    section('validation', VALIDATION, (await validationCost(quick ? { requests: 1000, rounds: 3 } : {})).md);
  }
  if (only.includes('codegen')) {
    log('codegen...');
    const { codegen } = await import('./codegen.ts');
    section(
      'codegen',
      'Codegen',
      (await codegen(quick ? { runs: 3, largeRuns: 1, formats: ['json'], turboRuns: 1, failing: false } : {})).md,
    );
  }
  if (only.includes('size')) {
    log('size...');
    const { size } = await import('./size.ts');
    section('size', 'Size', (await size()).md);
  }
  if (only.includes('features')) {
    log('optional features: bundle size each adds, CPU per call each off and on...');
    const { featureCpu, featureSizes } = await import('./features.ts');
    const settings = quick ? { requests: 1000, rounds: 2 } : {};
    section('features', FEATURES, `${(await featureSizes()).md}\n\n${(await featureCpu(settings)).md}`);
  }
  if (only.includes('growth')) {
    log('growth (a few minutes)...');
    const { growth } = await import('./growth.ts');
    section('growth', 'Growth (10, 50, 100 synthetic providers)', (await growth(quick ? { sizes: [5, 10, 20] } : {})).md);
  }
  if (only.includes('pipeline')) {
    log('pipeline (several minutes: full cold runs)...');
    const { pipeline } = await import('./pipeline.ts');
    section('pipeline', 'Pipeline', (await pipeline(quick ? { runs: 1 } : {})).md);
  }
  if (only.includes('large')) {
    log('large spec (a few minutes: a ~20 MB spec through provider:add, build, generate)...');
    const { largeSpec } = await import('./large-spec.ts');
    section('large', 'Large spec (~20 MB)', (await largeSpec(quick ? { bytes: 5 * 1024 * 1024 } : {})).md);
  }
  if (only.includes('tiers')) {
    log('test tiers (several minutes: npm test with nothing cached)...');
    const { tiers } = await import('./tiers.ts');
    section('tiers', 'Test tiers', (await tiers(quick ? { runs: 1 } : {})).md);
  }

  if (only.includes('contract')) {
    log("contract harness: the seeds' main job cold (a few minutes)...");
    const { seeds } = await import('./contract.ts');
    section('contract', CONTRACT, (await seeds(quick ? { runs: 1 } : {})).md);
  }
  if (only.includes('contract-growth')) {
    log('contract harness: real specs of 50 to 450 operations added and conformance-tested (up to an hour)...');
    const { growth } = await import('./contract.ts');
    section('contract-growth', CONTRACT_GROWTH, (await growth()).md);
  }

  // With --only, the sections not re-run are kept from the previous results.md (with their own
  // "Measured" line, so each section says when it was measured); hand-written blocks (`_Written
  // by hand …_`) are kept, after their section's new figures; the time line of a whole run is
  // written only by a whole run of its kind (scripts/lib/dev/bench-results.ts).
  const out = join(here, 'results.md');
  const stamp = `_Measured ${new Date().toISOString()}${quick ? ' (--quick)' : ''} at commit ${commit()}, load average (1 min) ${loadavg()[0].toFixed(1)} at the end._`;
  const cpu = cpus();
  const total = (performance.now() - t0) / 1000;
  const whole = values.only === undefined;
  const timeLine =
    `Time of the last whole \`npm run bench${quick ? ' -- --quick' : ''}\` (${took.join(', ')}): ${total.toFixed(0)} s; load average (1 min) at its end ${loadavg()[0].toFixed(1)} on ${cpu.length} cores.` +
    (quick
      ? ` ${verdict(total < 180, `--quick under 3 minutes: ${total.toFixed(0)} s`)}` +
        (total < 180
          ? ''
          : " — what limits it: the machine. Every section is CPU-bound (its time per section is named before; codegen generates GitHub's 13 MB spec three ways in fresh processes and runs turbo cold against one process, growth runs codegen, lint and contract tests for 5, 10 and 20 providers), so with a load average above the number of cores each stretches by the load.")
      : '');
  const md = mergeResults(existsSync(out) ? readFileSync(out, 'utf8') : undefined, {
    head: [
      '# Benchmark results',
      '',
      `Generated by \`npm run bench\`; each section says when it was measured. A block that starts \`_Written by hand\` was written by a person and runs to the end of its section: a re-run keeps it after the section's new figures.`,
      '',
      `Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}; Node ${process.version}.`,
      'Shared, noisy machines: read the spread next to each median before reading the ratios.',
    ],
    order: [
      'Client overhead',
      VALIDATION,
      'Codegen',
      'Size',
      FEATURES,
      'Growth (10, 50, 100 synthetic providers)',
      'Pipeline',
      'Large spec (~20 MB)',
      'Test tiers',
      CONTRACT,
      CONTRACT_GROWTH,
    ],
    fresh: new Map(sections.map(([title, body]) => [title, `${stamp}\n\n${body}`])),
    time: whole ? { quick, line: timeLine } : undefined,
  });
  writeFileAtomic(out, md);
  console.log(md);
  console.error(
    `\nwrote ${out} (${took.join(', ')}: ${total.toFixed(0)} s${whole ? '' : '; the time line of a whole run is left as it was'})`,
  );
});

/** The commit the benchmarks ran at (with `+` when files other than results.md had changes), or 'unknown'. */
function commit() {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: here, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  return `${head.stdout.trim()}${git('diff', '--quiet', 'HEAD', '--', ':(top)', ':(top,exclude)bench/results.md').status === 0 ? '' : '+'}`;
}

/**
 * `npm run build` (turbo: cached, so a second run only checks): the packages the client,
 * validation, size and features sections load, built from the sources as they are now. Its
 * output goes to stderr (stdout is the results); a failed build ends the run with one line.
 */
async function buildPackages(): Promise<void> {
  log('building the packages the benchmarks load (npm run build: turbo, cached)...');
  const root = dirname(here);
  const child = spawn(process.execPath, [join(root, 'scripts', 'capi.mjs'), 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  // as text, so that it goes through the terminal guard as every line the bench prints (capi guards it too)
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => process.stderr.write(text));
  }
  const status = await new Promise<number | string | null>((resolve) => {
    child.on('error', (err) => resolve(err.message));
    child.on('close', (code) => resolve(code));
  });
  if (status !== 0) {
    throw new UserError(
      `the packages the benchmarks load could not be built (\`npm run build\` ${typeof status === 'string' ? `did not start: ${status}` : `failed, its output above`}): run \`npm run build\`, fix what it reports, then \`npm run bench\` again`,
    );
  }
}
