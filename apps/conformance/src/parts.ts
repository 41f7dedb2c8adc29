// The contract suite is split over the files test/contract-1.test.mjs ... contract-<PARTS>.test.mjs,
// a share of the selected providers each, so that `vitest --shard` (which splits by file) spreads
// providers over CI machines. A provider's contract task selects only that provider, so it runs
// the one part file holding it (src/cli.ts): the other parts would each start a worker and load
// the suite's modules (Prism among them) only to skip.

/** Files the contract suite is split over. */
export const PARTS = 4;

/** The part (1-based) that runs the `index`-th (0-based) selected provider, in registry order. */
export const partOf = (index: number): number => (index % PARTS) + 1;

/** The test file of a part, relative to apps/conformance. */
export const partFile = (part: number): string => `test/contract-${part}.test.mjs`;
