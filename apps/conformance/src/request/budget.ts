// How many samples each body property of a provider gets: its property budget.
//
// Each media type of an operation's request body has a valid-bodies property, and a checkable
// one (json, form, multipart) an invalid-bodies property too; each sample is one request to
// Prism, judged (about 2 to 4 CPU ms). With a fixed number of runs per property, a large spec's
// contract task is almost all samples: apple.com's app-store-connect (252 operations) made 23580
// cases, stripe.com's (452) many more. So, as Schemathesis bounds its examples per operation, a
// provider's properties share a budget of samples: each property gets `runs` (--runs, 200 unless
// given) while the provider's properties × runs fit in the budget, else an equal share of it,
// never fewer than MIN_RUNS. A spec of a few operations keeps every run (the seeds: 2 properties
// of 200 each); past the budget a spec's samples grow by MIN_RUNS per property, linearly with
// its operations. The budget is the whole provider's, so a task split over workers makes the same
// cases as one that is not. `--budget all` (CONFORMANCE_BUDGET=all) gives every property its runs.
// (No module here but types: the job's own process reads the default through src/options.ts.)
import type { MediaKind, SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';

/** Media kinds whose invalid bodies a server (and Prism) can tell apart: negative cases and invalid properties. */
export const CHECKABLE: ReadonlySet<MediaKind> = new Set<MediaKind>(['json', 'form', 'multipart']);

/** Property samples a provider's contract tests send at most (unless each property's MIN_RUNS is more) when --budget is not given. */
export const DEFAULT_BUDGET = 4000;
/** The fewest runs a property gets from the budget (--runs below it still rules). */
export const MIN_RUNS = 25;

/** The body properties of a provider: one valid per media type of each request body, one invalid per checkable one. */
export function countProperties(model: Pick<SpecModel, 'operations'>): number {
  let n = 0;
  for (const op of model.operations) for (const media of op.requestBody?.media ?? []) n += CHECKABLE.has(media.kind) ? 2 : 1;
  return n;
}

/**
 * Runs per property for a provider with `properties` properties: `runs` when they all fit in
 * `budget` (null: no budget, every property its runs), else the budget's equal share, at least
 * MIN_RUNS (and never more than `runs`).
 */
export function propertyRuns({ properties, runs, budget }: { properties: number; runs: number; budget: number | null }): number {
  if (budget === null || properties * runs <= budget) return runs;
  return Math.min(runs, Math.max(MIN_RUNS, Math.floor(budget / properties)));
}
