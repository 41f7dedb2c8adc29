// The contract suite is split over the files test/contract-1.test.mjs ... contract-<PARTS>.test.mjs,
// a share of the selected providers each, so that `vitest --shard` (which splits by file) spreads
// providers over CI machines. A provider's contract task selects only that provider, so it runs
// the one part file holding it (src/cli.ts): the other parts would each start a worker and load
// the suite's modules (Prism among them) only to skip. A provider with many operations has them
// split over the first parts instead (the `split` option), one worker and one Prism each, so its
// task uses every core: the contract tests of one provider are otherwise one thread.

/** Files the contract suite is split over. */
export const PARTS = 4;

/** The part (1-based) that runs the `index`-th (0-based) selected provider, in registry order. */
export const partOf = (index: number): number => (index % PARTS) + 1;

/** The test file of a part, relative to apps/conformance. */
export const partFile = (part: number): string => `test/contract-${part}.test.mjs`;

/** Operations from which a provider's contract task splits them over the parts. */
export const SPLIT_FROM_OPERATIONS = 8;

/** The parts a contract task of a provider with `operations` splits them over, on `cores` cores (1: no split). */
export const splitFor = (operations: number, cores: number): number =>
  operations >= SPLIT_FROM_OPERATIONS ? Math.max(1, Math.min(PARTS, cores)) : 1;
