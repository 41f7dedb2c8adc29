// The tiers' totals name what failed: CI shows the last lines of its output, so a failed test is
// named there (file, test, first line of the error), not only counted.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failuresOf } from '../../lib/dev/test-tiers.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

const ws = 'scripts';
const file = (name) => join(repoRoot, ws, name);

describe('failuresOf', () => {
  it('names each failed test with its file and the first line of its error, and passes over the passed ones', () => {
    const lines = failuresOf(
      {
        testResults: [
          {
            name: file('test/a.test.mjs'),
            status: 'failed',
            assertionResults: [
              { fullName: 'a > works', status: 'passed', failureMessages: [] },
              { fullName: 'a > breaks', status: 'failed', failureMessages: ['\n  AssertionError: expected 1 to be 2\n    at x.js:1'] },
            ],
          },
          { name: file('test/b.test.mjs'), status: 'passed', assertionResults: [{ fullName: 'b', status: 'passed' }] },
        ],
      },
      ws,
    );
    expect(lines).toEqual(['scripts/test/a.test.mjs > a > breaks: AssertionError: expected 1 to be 2']);
  });

  it('names a file that failed without a failed test (an import error, a crash in beforeAll)', () => {
    const lines = failuresOf(
      { testResults: [{ name: file('test/c.test.mjs'), status: 'failed', message: 'Error: Cannot find module x', assertionResults: [] }] },
      ws,
    );
    expect(lines).toEqual(['scripts/test/c.test.mjs: Error: Cannot find module x']);
  });

  it('keeps a long error to its first 200 characters', () => {
    const [line] = failuresOf(
      {
        testResults: [
          {
            name: file('t.mjs'),
            status: 'failed',
            assertionResults: [{ fullName: 't', status: 'failed', failureMessages: ['x'.repeat(500)] }],
          },
        ],
      },
      ws,
    );
    expect(line).toBe(`scripts/t.mjs > t: ${'x'.repeat(200)}`);
  });
});
