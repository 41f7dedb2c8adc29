// bench/results.md as `npm run bench` (bench/run.ts) rewrites it: the sections a run measured
// replace their figures, the others are kept as they were (each says when it was measured), and
// what people wrote by hand survives every re-run:
//
// - a hand-written block starts with a line beginning `_Written by hand` and runs to the end of
//   its section; when the section is measured again, the block follows the new figures;
// - the time of a whole run (`npm run bench`, or `npm run bench -- --quick`: every section of
//   its kind) is one line per kind at the end of the file, rewritten only by a whole run of that
//   kind: a run of some sections (`--only`) leaves both as they were.

/** The line that starts a hand-written block. */
const HAND_WRITTEN = /^_Written by hand\b/m;
/** A time line, either kind; `--quick` in it (the form before these two kinds was "`npm run bench` --quick"). */
const TIME_LINE = /^Time of the last (?:whole )?`npm run bench\b.*$/gm;
const QUICK_TIME = /^Time of the last (?:whole )?`npm run bench(?: -- --quick`| ?` --quick)/;

interface ResultsRun {
  /** The lines before the first section (title, machine, Node). */
  readonly head: readonly string[];
  /** Every section's title, in the order the file lists them. */
  readonly order: readonly string[];
  /** The sections this run measured: title -> what it wrote (its "Measured" line first). */
  readonly fresh: ReadonlyMap<string, string>;
  /** This run's time line, when it was a whole run (every section of its kind); undefined for `--only`. */
  readonly time?: { readonly quick: boolean; readonly line: string } | undefined;
}

/** A section of results.md: its figures, and the hand-written block after them (may be empty). */
interface Section {
  readonly generated: string;
  readonly hand: string;
}

/** The sections and time lines of a results.md. */
function parseResults(text: string): { sections: Map<string, Section>; quickTime?: string; fullTime?: string } {
  const times = text.match(TIME_LINE) ?? [];
  const quickTime = times.filter((l) => QUICK_TIME.test(l)).at(-1);
  const fullTime = times.filter((l) => !QUICK_TIME.test(l)).at(-1);
  const sections = new Map<string, Section>();
  for (const part of text.replace(TIME_LINE, '').split(/^## /m).slice(1)) {
    const nl = part.indexOf('\n');
    const title = (nl < 0 ? part : part.slice(0, nl)).trim();
    const body = nl < 0 ? '' : part.slice(nl + 1);
    const at = body.search(HAND_WRITTEN);
    sections.set(
      title,
      at < 0 ? { generated: body.trim(), hand: '' } : { generated: body.slice(0, at).trim(), hand: body.slice(at).trim() },
    );
  }
  return { sections, ...(quickTime ? { quickTime } : {}), ...(fullTime ? { fullTime } : {}) };
}

/**
 * The new results.md: `run`'s sections with the hand-written blocks the previous file had for
 * them, the previous file's other sections as they were (one it has that `order` does not name
 * comes last, not lost), and the time lines (this run's, when whole, in place of its kind's).
 */
export function mergeResults(previous: string | undefined, run: ResultsRun): string {
  const before = parseResults(previous ?? '');
  const titles = [...run.order, ...[...before.sections.keys()].filter((t) => !run.order.includes(t))];
  const body = (title: string): string | undefined => {
    const old = before.sections.get(title);
    const fresh = run.fresh.get(title);
    if (fresh === undefined) return old && [old.generated, old.hand].filter(Boolean).join('\n\n');
    return [fresh.trim(), old?.hand ?? ''].filter(Boolean).join('\n\n');
  };
  const quickTime = run.time?.quick ? run.time.line : before.quickTime;
  const fullTime = run.time && !run.time.quick ? run.time.line : before.fullTime;
  return [
    ...run.head,
    '',
    ...titles.flatMap((t) => {
      const b = body(t);
      return b === undefined ? [] : [`## ${t}`, '', b, ''];
    }),
    ...[fullTime, quickTime].flatMap((l) => (l ? [l, ''] : [])),
  ].join('\n');
}
