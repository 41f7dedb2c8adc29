// `npm run corpus -- ... --resume`: a run that goes on from the specs an earlier, partial run of
// the same list already measured (kept in its output folder's corpus.json), so a 100-spec sample
// that takes hours can be completed over several sittings. Each row keeps the commit it was
// measured on, and the header names them all.
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../shared/errors.ts';
import type { SpecResult } from './corpus.ts';

/** What was run: the criteria list or a sample (size, seed), the commit, the machine's load. */
export interface RunInfo {
  source: string;
  /** the commit of this sitting (each row keeps its own: SpecResult.commit) */
  commit: string;
  load: string;
}

/** A spec's result with the commit it was measured on. */
export type MeasuredResult = SpecResult & { commit?: string };

/** corpus.json as the corpus command writes it. */
interface CorpusFile {
  measuredAt: string;
  node: string;
  runs: number;
  wallS: number;
  partial: string | null;
  info?: RunInfo;
  results: MeasuredResult[];
}

/** What an earlier run leaves to this one: its rows (in the list's order) and its wall time. */
interface Resumed {
  kept: MeasuredResult[];
  wallS: number;
}

/**
 * The rows of the earlier run in `file` that this run keeps: those of specs in `specs` (the
 * current list, in its order), each with the commit it was measured on. Refuses a run of another
 * list (another sample, seed or spec files) or with another number of property runs: their rows
 * would not be one table. No file: nothing to keep (the run starts from the first spec).
 */
export function resumeFrom(file: string, { source, runs, specs }: { source: string; runs: number; specs: string[] }): Resumed {
  if (!existsSync(file)) return { kept: [], wallS: 0 };
  let data: CorpusFile;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not the corpus.json a corpus run writes (${(err as Error).message}); give --resume another --out folder`);
  }
  if (!Array.isArray(data?.results)) throw new UserError(`${file}: no results array; give --resume another --out folder`);
  const before = data.info?.source;
  if (before !== source)
    throw new UserError(
      `${file} holds a run of ${before ?? 'an unnamed list'}, not of ${source}: --resume goes on with the same list (or give another --out folder)`,
    );
  if (data.runs !== runs)
    throw new UserError(`${file} was measured with --runs ${data.runs}, not ${runs}: --resume goes on with the same --runs`);
  const bySpec = new Map(data.results.map((r) => [r.spec, r]));
  const kept = specs.flatMap((s) => {
    const r = bySpec.get(s);
    return r ? [{ ...r, commit: r.commit ?? data.info?.commit ?? 'unknown' }] : [];
  });
  return { kept, wallS: Number(data.wallS) || 0 };
}

/** "e153c6f (44 specs), 1a2b3c4 (12 specs)": the commits the rows were measured on, in the order first met. */
export function commitsOf(results: MeasuredResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const c = r.commit ?? 'unknown';
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].map(([c, n]) => `${c} (${n} spec${n === 1 ? '' : 's'})`).join(', ');
}

/** The results in the list's order (a resumed run appends; the table follows the sample). */
export function inListOrder<T extends { spec: string }>(results: T[], specs: string[]): T[] {
  const index = new Map(specs.map((s, i) => [s, i]));
  return [...results].sort((a, b) => (index.get(a.spec) ?? specs.length) - (index.get(b.spec) ?? specs.length));
}
