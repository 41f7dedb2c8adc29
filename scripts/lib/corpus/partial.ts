// Partial corpus runs: `--stages` measures only the stages named (the fake stage on the 100-spec
// sample without conformance, which takes most of a run's hours), into a scratch --out folder;
// `--merge-from` then carries the columns such a run measured (the fake's, and `paginated` where
// a row has none) into the full run's corpus.json, whose other results stay as they were
// measured. The notes of the file say which commit measured which columns.
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../shared/errors.ts';
import { SELECTABLE, type Selectable, USAGE } from './corpus.ts';
import type { MeasuredResult } from './resume.ts';

/** The stages `--stages` names (all when not given), and a label for a partial selection. */
export function parseStages(value: string | undefined): { selected: ReadonlySet<Selectable>; label: string | null } {
  if (value === undefined) return { selected: new Set(SELECTABLE), label: null };
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SELECTABLE as readonly string[]).includes(n));
  if (unknown.length) throw new UserError(`--stages: no stage ${unknown.join(', ')} (the stages: ${SELECTABLE.join(', ')}); ${USAGE}`);
  const selected = new Set(names as Selectable[]);
  if (!selected.has('add'))
    throw new UserError(`--stages: add always runs (every other stage works on what it scaffolds): name it; ${USAGE}`);
  for (const needs of ['fake', 'conformance'] as const)
    if (selected.has(needs) && !selected.has('generate'))
      throw new UserError(`--stages: ${needs} needs generate (the effective spec and the client); ${USAGE}`);
  const label = SELECTABLE.filter((s) => selected.has(s)).join(',');
  return { selected, label: label === SELECTABLE.join(',') ? null : label };
}

/** corpus.json, as far as a merge reads it. */
interface CorpusJson {
  info?: { commit?: string; source?: string };
  notes?: string[];
  /** the partial runs whose fake columns were merged in, in the order merged */
  fakeSources?: string[];
  results: MeasuredResult[];
  [key: string]: unknown;
}

const read = (file: string): CorpusJson => {
  if (!existsSync(file)) throw new UserError(`${file}: no such file (the corpus.json of a run)`);
  let data: CorpusJson;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not the corpus.json a corpus run writes (${(err as Error).message})`);
  }
  if (!Array.isArray(data?.results)) throw new UserError(`${file}: no results array (not the corpus.json a corpus run writes)`);
  return data;
};

/** What a merge note starts with (a later merge replaces it). */
const NOTE = 'Fake columns';

/**
 * The partial runs merged into a corpus.json written before it listed them (`fakeSources`): what
 * its merge note says (one entry, as written), else, where its rows have merged fake columns,
 * an entry that says so. Without this a merge named only its own run and dropped the earlier ones.
 */
function earlierSources(target: CorpusJson): string[] {
  const note = target.notes?.find((n) => n.startsWith(NOTE));
  const named = note && /\bby (?:a partial run|partial runs) \((.+)\), merged with --merge-from\b/s.exec(note)?.[1];
  if (named) return [named];
  const merged = target.results.some((r) => (r as { fakeCommit?: string }).fakeCommit !== undefined);
  return merged ? ['an earlier merge this file does not name'] : [];
}

/**
 * The rows of `into` with the columns the partial run in `from` measured: each row of the same
 * spec takes its `fake` (with the commit that measured it, `fakeCommit`), and its `paginated`
 * when the row has none (with `paginatedCommit`); nothing else of a row changes. A note in the
 * file says what came from where: every commit of the fake columns and every partial run merged
 * so far (a later merge of some specs keeps the others' fake columns); a merge that measured
 * every row with fake columns names only itself, and replaces a paginated an earlier merge carried in.
 */
export function mergeColumns(into: string, from: string): { data: CorpusJson; rows: number } {
  const target = read(into);
  const source = read(from);
  const bySpec = new Map(source.results.map((r) => [r.spec, r]));
  // read before this merge's rows are: they are not an earlier merge's
  const earlier = target.fakeSources ?? earlierSources(target);
  let rows = 0;
  for (const row of target.results) {
    const r = bySpec.get(row.spec);
    if (!r?.fake) continue;
    const commit = r.commit ?? source.info?.commit ?? 'unknown';
    Object.assign(row, { fake: r.fake, fakeCommit: commit });
    // a paginated the full run measured stays; one an earlier partial run carried in is replaced
    const carried = (row as { paginatedCommit?: string }).paginatedCommit !== undefined;
    if ((row.paginated === undefined || carried) && r.paginated !== undefined)
      Object.assign(row, { paginated: r.paginated, paginatedCommit: commit });
    rows++;
  }
  // a merge that measured every row with fake columns leaves no earlier run's columns to name
  const replacedAll = rows === target.results.filter((r) => r.fake).length;
  const sources = [...new Set([...(replacedAll ? [] : earlier), source.info?.source ?? from])];
  target.fakeSources = sources;
  // over every row, this merge's and the earlier ones'
  const withFake = target.results.filter((r) => r.fake && (r as { fakeCommit?: string }).fakeCommit);
  const commits = new Map<string, number>();
  for (const r of withFake) {
    const c = (r as { fakeCommit?: string }).fakeCommit as string;
    commits.set(c, (commits.get(c) ?? 0) + 1);
  }
  const paginated = target.results.filter((r) => (r as { paginatedCommit?: string }).paginatedCommit).length;
  const on = [...commits].map(([c, n]) => `${c} (${n} spec${n === 1 ? '' : 's'})`).join(', ');
  const by = sources.length === 1 ? `a partial run (${sources[0]})` : `partial runs (${sources.join('; ')})`;
  const note = `${NOTE} (resources, stateful ops, workflows p/t, fake starts) of ${withFake.length} row(s)${paginated ? `, and paginated where a row had none (${paginated})` : ''}: measured on commit ${on} by ${by}, merged with --merge-from; every other column as measured above.`;
  target.notes = [...(target.notes ?? []).filter((n) => !n.startsWith(NOTE)), note];
  return { data: target, rows };
}
