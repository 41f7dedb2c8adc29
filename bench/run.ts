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
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@capi/scripts/lib/shared/fs-atomic.ts';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';
import { log, verdict } from './lib.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ALL = ['client', 'validation', 'codegen', 'size', 'features', 'growth', 'pipeline', 'large', 'tiers', 'contract', 'contract-growth'];
const CONTRACT = 'Contract harness: the seeds';
const CONTRACT_GROWTH = 'Contract harness: growth with real specs (50 to 450 operations)';
const FEATURES = 'Optional features: size and CPU per call, each off and on';
const VALIDATION = 'Client overhead: runtime validation';
const QUICK = ['client', 'validation', 'codegen', 'size', 'features', 'growth'];

const USAGE = `usage: npm run bench [-- --only ${ALL.join(',')}] [--quick]`;

command({ usage: USAGE, options: { only: { type: 'string' }, quick: { type: 'boolean' } } }, async ({ values }) => {
  const quick = Boolean(values.quick);
  const only = values.only !== undefined ? values.only.split(',') : quick ? QUICK : ALL;
  const unknown = only.filter((x) => !ALL.includes(x));
  if (unknown.length) throw new UserError(`unknown benchmark(s) ${unknown.join(', ')}; choose from ${ALL.join(', ')}`);

  const sections: [string, string][] = [];
  const t0 = performance.now();
  // each section's wall time, named in the total line (what a slow run spent its time on)
  const took: string[] = [];
  let mark = t0;
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
    sections.push([CONTRACT, (await seeds(quick ? { runs: 1 } : {})).md]);
  }
  if (only.includes('contract-growth')) {
    log('contract harness: real specs of 50 to 450 operations added and conformance-tested (up to an hour)...');
    const { growth } = await import('./contract.ts');
    sections.push([CONTRACT_GROWTH, (await growth()).md]);
  }

  // With --only, the sections not re-run are kept from the previous results.md (with their own
  // "Generated" line, so each section says when it was measured).
  const out = join(here, 'results.md');
  const stamp = `_Measured ${new Date().toISOString()}${quick ? ' (--quick)' : ''} at commit ${commit()}, load average (1 min) ${loadavg()[0].toFixed(1)} at the end._`;
  const fresh = new Map(sections.map(([title, body]) => [title, `${stamp}\n\n${body}`]));
  const previous = existsSync(out) ? parseSections(readFileSync(out, 'utf8')) : new Map();
  const order = [
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
  ];
  const merged = order.filter((t) => fresh.has(t) || previous.has(t)).map((t) => [t, fresh.get(t) ?? previous.get(t)]);
  const cpu = cpus();
  const total = (performance.now() - t0) / 1000;
  const md = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\`; each section says when it was measured.`,
    '',
    `Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}; Node ${process.version}.`,
    'Shared, noisy machines: read the spread next to each median before reading the ratios.',
    '',
    ...merged.flatMap(([title, body]) => [`## ${title}`, '', body.trim(), '']),
    `Time of the last \`npm run bench\`${quick ? ' --quick' : ''} (${took.join(', ')}): ${total.toFixed(0)} s; load average (1 min) at its end ${loadavg()[0].toFixed(1)} on ${cpu.length} cores.` +
      (quick
        ? ` ${verdict(total < 180, `--quick under 3 minutes: ${total.toFixed(0)} s`)}` +
          (total < 180
            ? ''
            : " — what limits it: the machine. Every section is CPU-bound (its time per section is named before; codegen generates GitHub's 13 MB spec three ways in fresh processes and runs turbo cold against one process, growth runs codegen, lint and contract tests for 5, 10 and 20 providers), so with a load average above the number of cores each stretches by the load.")
        : ''),
    '',
  ].join('\n');
  writeFileAtomic(out, md);
  console.log(md);
  console.error(`\nwrote ${out}`);
});

/** The commit the benchmarks ran at (with `+` when files other than results.md had changes), or 'unknown'. */
function commit() {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: here, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  return `${head.stdout.trim()}${git('diff', '--quiet', 'HEAD', '--', ':(top)', ':(top,exclude)bench/results.md').status === 0 ? '' : '+'}`;
}

function parseSections(text: string) {
  const sections = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const title = part.slice(0, nl).trim();
    const body = part
      .slice(nl + 1)
      .replace(/\n*Time of the last `npm run bench`.*$/s, '')
      .trim();
    sections.set(title, body);
  }
  return sections;
}
