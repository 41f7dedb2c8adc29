#!/usr/bin/env node
// The test tiers, through turbo (cache hits replay), each ending with one summary line
// `N passed, N failed` (CI reads the last line). Exit code: non-zero when anything failed.
//
//   node scripts/commands/test.ts [turbo args]          `npm test`: the fast tier, every workspace's
//                                                    `test` and `typecheck` (unit tests, the five
//                                                    providers' contract suites, the fakes)
//   node scripts/commands/test.ts --e2e [turbo args]    `npm run test:e2e`: the end-to-end tier, every
//                                                    workspace's `test:e2e` (*.e2e.test.mjs files)
//   node scripts/commands/test.ts --total               the sum of the last run of both tiers (.ci/run)
//
// Each tier reads the vitest JSON report every workspace writes (reports/test-results.json,
// reports/e2e-results.json) and keeps its counts in reports/tier-<name>.json at the root.
import { runTier, total } from '../lib/dev/test-tiers.ts';
import { command } from '../lib/shared/command.ts';

// the options after --e2e (or none) are turbo's: handed on as they are
command(
  {
    usage: 'usage: npm test -- [turbo options] | npm run test:e2e -- [turbo options] | npm run capi -- test --total',
    passOn: true,
  },
  ({ positionals: args }) => {
    if (args[0] === '--total') return total();
    if (args[0] === '--e2e') return runTier('e2e', args.slice(1));
    return runTier('fast', args);
  },
);
