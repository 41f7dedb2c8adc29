// The job's shared contract run (src/shared-run.ts): one vitest run for several providers'
// contract tasks, each task taking its provider's share by its turbo hash. A share is only that
// provider's: its own tests, and the load error of the part file that holds it (a failure in a
// shared worker fails only the provider whose case failed, naming it); a task takes a share
// once, and only one left for its provider and its options.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stageFailures } from '../src/report/report.ts';
import { clearShares, leaveShare, optionsKey, shares, sharedDir, takeShare } from '../src/shared-run.ts';
import { appDir } from './helpers.ts';

const repoRoot = join(appDir, '../..');
const providers = ['alpha', 'beta', 'gamma'].map((name) => ({ name }));
const contract = (provider, status, failure) => ({
  fullName: `${provider} case ${status}`,
  title: `case ${status}`,
  status,
  duration: 1,
  meta: { contract: { provider, operationId: 'op', kind: 'status' } },
  ...(failure ? { failureMessages: [failure] } : {}),
});
// a shared run of alpha, beta, gamma (registry order): contract-1 holds alpha, contract-2 beta, contract-3 gamma
const vitestJson = {
  testResults: [
    {
      name: join(appDir, 'test/contract-1.test.mjs'),
      status: 'failed',
      assertionResults: [contract('alpha', 'passed'), contract('alpha', 'failed', 'AssertionError: [alpha] expected 200, got 500')],
    },
    { name: join(appDir, 'test/contract-2.test.mjs'), status: 'passed', assertionResults: [contract('beta', 'passed')] },
    { name: join(appDir, 'test/contract-3.test.mjs'), status: 'failed', message: 'Cannot find module ./gone.ts', assertionResults: [] },
  ],
};

describe('shares of a shared contract run', () => {
  const all = shares(vitestJson, providers, appDir, repoRoot, optionsKey({ providers: ['alpha', 'beta', 'gamma'], seed: 1, runs: 5 }));
  const byName = Object.fromEntries(all.map((s) => [s.provider, s]));

  it('gives each provider its own tests and its part file', () => {
    expect(byName.alpha.data.tests.map((t) => [t.provider, t.result])).toEqual([
      ['alpha', 'passed'],
      ['alpha', 'failed'],
    ]);
    expect(byName.beta.data.tests.map((t) => [t.provider, t.result])).toEqual([['beta', 'passed']]);
    expect(byName.alpha.testFiles).toEqual(['apps/conformance/test/contract-1.test.mjs']);
    expect(byName.beta.testFiles).toEqual(['apps/conformance/test/contract-2.test.mjs']);
  });

  it('fails only the provider whose case failed, naming it; a file that did not load fails only the providers it holds', () => {
    expect(stageFailures('contract', byName.alpha.data).map((f) => f.message)).toEqual([
      expect.stringContaining('[alpha] expected 200, got 500'),
    ]);
    expect(stageFailures('contract', byName.beta.data)).toEqual([]);
    expect(byName.beta.data.suiteErrors).toEqual([]);
    expect(byName.gamma.data.tests).toEqual([]);
    expect(byName.gamma.data.suiteErrors).toEqual([{ message: 'Cannot find module ./gone.ts', topSuite: '' }]);
    expect(stageFailures('contract', byName.gamma.data).map((f) => f.message)).toEqual([
      expect.stringContaining('Cannot find module ./gone.ts'),
    ]);
  });

  it('compares options without the providers: each task hands over only its own', () => {
    expect(optionsKey({ providers: ['alpha'], seed: 1, runs: 5 })).toBe(optionsKey({ providers: ['alpha', 'beta'], seed: 1, runs: 5 }));
    expect(optionsKey({ providers: ['alpha'], seed: 1, runs: 5 })).not.toBe(optionsKey({ providers: ['alpha'], seed: 2, runs: 5 }));
  });
});

describe('a task taking its share', () => {
  let root;
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));
  const options = optionsKey({ providers: ['alpha'], seed: 1, runs: 5 });
  const share = {
    provider: 'alpha',
    options,
    testFiles: ['apps/conformance/test/contract-1.test.mjs'],
    data: { tests: [], suiteErrors: [] },
  };

  it('takes the share left for its hash once', () => {
    root = mkdtempSync(join(tmpdir(), 'capi-shared-'));
    leaveShare(root, 'abc123def4567890', share);
    expect(takeShare(root, 'abc123def4567890', 'alpha', options)).toEqual(share);
    expect(takeShare(root, 'abc123def4567890', 'alpha', options)).toBeUndefined();
  });

  it('takes none of another provider, of other options, for no hash or a name that is no hash', () => {
    root = mkdtempSync(join(tmpdir(), 'capi-shared-'));
    leaveShare(root, '1111111111111111', share);
    expect(takeShare(root, '1111111111111111', 'beta', options)).toBeUndefined();
    leaveShare(root, '2222222222222222', share);
    expect(takeShare(root, '2222222222222222', 'alpha', optionsKey({ seed: 2, runs: 5 }))).toBeUndefined();
    leaveShare(root, '3333333333333333', share);
    expect(takeShare(root, undefined, 'alpha', options)).toBeUndefined();
    expect(takeShare(root, '../3333333333333333', 'alpha', options)).toBeUndefined();
    leaveShare(root, '../escape', share);
    expect(readdirSync(sharedDir(root))).toEqual(['3333333333333333.json']);
    clearShares(root);
    expect(takeShare(root, '3333333333333333', 'alpha', options)).toBeUndefined();
  });
});

// A suite whose beforeAll timed out (Prism slow to start on a loaded machine): vitest's JSON marks
// the file failed and every test skipped, with no message; the stage once counted that as a pass
// (stripe's 2919 contract tests "skipped", the stage "passed"). runVitest (src/cli.ts) attaches
// the suites' own errors, as vitest's reporter API gives them, to the file (`hookErrors`).
describe('a suite whose hook failed', () => {
  const skipped = (provider) => ({ ...contract(provider, 'skipped'), failureMessages: [] });
  const file = (extra) => ({ name: join(appDir, 'test/contract-1.test.mjs'), status: 'failed', message: '', ...extra });
  const fiveProviders = ['alpha', 'p2', 'p3', 'p4', 'beta'].map((name) => ({ name }));
  const options = optionsKey({ providers: fiveProviders.map((p) => p.name), seed: 1, runs: 5 });

  it("fails the provider whose suite it was, naming the hook's error and how many tests did not run", () => {
    const json = {
      testResults: [
        file({
          assertionResults: [skipped('alpha'), skipped('alpha'), contract('beta', 'passed')],
          hookErrors: [{ suite: 'alpha', message: 'Hook timed out in 120000ms.\nIf this is a long-running hook, pass a timeout value' }],
        }),
      ],
    };
    // alpha and beta in one part file: five providers over the four part files, the fifth beside the first
    const all = shares(json, fiveProviders, appDir, repoRoot, options);
    const alpha = all.find((s) => s.provider === 'alpha');
    const beta = all.find((s) => s.provider === 'beta');
    expect(beta.testFiles).toEqual(alpha.testFiles);
    expect(stageFailures('contract', alpha.data).map((f) => f.message)).toEqual([
      'alpha: Hook timed out in 120000ms. (a beforeAll or afterAll hook; 2 test(s) of the file did not run)',
    ]);
    expect(stageFailures('contract', beta.data)).toEqual([]);
  });

  it('fails every provider of the file when vitest gave no error at all: a failed file is never a pass', () => {
    const json = { testResults: [file({ assertionResults: [skipped('alpha'), skipped('beta')] })] };
    for (const share of shares(json, fiveProviders, appDir, repoRoot, options).filter((s) => ['alpha', 'beta'].includes(s.provider))) {
      expect(stageFailures('contract', share.data).map((f) => f.message)).toEqual([
        `${join(appDir, 'test/contract-1.test.mjs')}: the test file failed outside its tests; 2 test(s) did not run`,
      ]);
    }
  });
});
