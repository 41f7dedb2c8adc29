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

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h'))
  console.log('usage: npm test -- [turbo options] | npm run test:e2e -- [turbo options] | npm run capi -- test --total');
else if (args[0] === '--total') process.exitCode = total();
else if (args[0] === '--e2e') process.exitCode = await runTier('e2e', args.slice(1));
else process.exitCode = await runTier('fast', args);
