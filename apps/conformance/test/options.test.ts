// The conformance options are parsed in one place (src/options.ts): the job's flags and the
// variables it falls back on, what it hands its tasks and vitest (CONFORMANCE_OPTIONS), and what
// a plain vitest run reads. A bad value is refused naming the option, what it takes and what it got.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { parseCli } from '@capi/scripts/lib/shared/cli-args.ts';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RUNS,
  DEFAULT_SEED,
  givenRoot,
  OPTIONS_VAR,
  JOB_OPTIONS,
  JOB_USAGE,
  jobOptions,
  optionsEnv,
  readSuiteOptions,
} from '../src/options.ts';
import { DEFAULT_BUDGET } from '../src/request/budget.ts';
import { appDir, run } from './helpers.ts';

/** The job's options from its arguments, as src/cli.ts's command() parses them. */
const parseJobArgs = (argv: string[], env: Record<string, string | undefined>) =>
  jobOptions(parseCli(argv, { usage: JOB_USAGE, options: JOB_OPTIONS }), env);

describe('suite options', () => {
  it('are the defaults when nothing is given', () => {
    expect(readSuiteOptions({})).toEqual({
      providers: undefined,
      seed: DEFAULT_SEED,
      runs: DEFAULT_RUNS,
      root: repoRoot,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      split: 1,
      budget: DEFAULT_BUDGET,
    });
  });

  it('read the separate variables of a plain vitest run', () => {
    const opts = readSuiteOptions({
      CONFORMANCE_PROVIDERS: 'salesive,bitbybit',
      CONFORMANCE_SEED: '7',
      CONFORMANCE_RUNS: '3',
      CONFORMANCE_ROOT: '/tmp/copy',
      CONFORMANCE_REQUEST_TIMEOUT_MS: '500',
      CONFORMANCE_SPLIT: '2',
      CONFORMANCE_BUDGET: '900',
    });
    expect(opts).toEqual({
      providers: ['salesive', 'bitbybit'],
      seed: 7,
      runs: 3,
      root: '/tmp/copy',
      requestTimeoutMs: 500,
      split: 2,
      budget: 900,
    });
    expect(readSuiteOptions({ CONFORMANCE_BUDGET: 'all' }).budget).toBeNull();
  });

  it('travel as one variable: what the job hands over is what the suite reads, and it wins over the separate ones', () => {
    const env = optionsEnv({ providers: ['salesive'], seed: 9, runs: 4 }, { CONFORMANCE_RUNS: '100', CONFORMANCE_SEED: '1', PATH: '/bin' });
    expect(env).toEqual({ PATH: '/bin', [OPTIONS_VAR]: '{"providers":["salesive"],"seed":9,"runs":4}' });
    expect(readSuiteOptions(env)).toMatchObject({ providers: ['salesive'], seed: 9, runs: 4 });
    // what turbo hashes for a default run: only the fields given
    expect(optionsEnv({ seed: 1, runs: 200 }, {})[OPTIONS_VAR]).toBe('{"seed":1,"runs":200}');
    expect(readSuiteOptions({ [OPTIONS_VAR]: '{"seed":2}', CONFORMANCE_RUNS: '5' }).runs).toBe(DEFAULT_RUNS);
    // a budget of `all` travels as null
    const all = optionsEnv({ seed: 1, runs: 200, budget: null }, {});
    expect(all[OPTIONS_VAR]).toBe('{"seed":1,"runs":200,"budget":null}');
    expect(readSuiteOptions(all).budget).toBeNull();
  });

  it('name the repository for the vitest configs only when one is given (theirs otherwise)', () => {
    expect(givenRoot({})).toBeUndefined();
    expect(givenRoot({ CONFORMANCE_ROOT: '/tmp/copy' })).toBe('/tmp/copy');
    // the stage hands a copy's root over inside CONFORMANCE_OPTIONS: the aliases follow it
    expect(givenRoot(optionsEnv({ root: '/tmp/other', seed: 1 }, { CONFORMANCE_ROOT: '/tmp/copy' }))).toBe('/tmp/other');
    expect(givenRoot(optionsEnv({ seed: 1 }, {}))).toBeUndefined();
  });

  it('refuse a bad value naming the option, what it takes and what it got', () => {
    expect(() => readSuiteOptions({ CONFORMANCE_RUNS: 'many' })).toThrow('CONFORMANCE_RUNS takes a positive integer, got "many"');
    expect(() => readSuiteOptions({ CONFORMANCE_RUNS: '0' })).toThrow('CONFORMANCE_RUNS takes a positive integer, got "0"');
    expect(() => readSuiteOptions({ CONFORMANCE_SEED: '1.5' })).toThrow('CONFORMANCE_SEED takes an integer, got "1.5"');
    expect(() => readSuiteOptions({ CONFORMANCE_BUDGET: 'some' })).toThrow(
      'CONFORMANCE_BUDGET takes a positive integer (property samples per provider) or all, got "some"',
    );
    expect(() => readSuiteOptions({ CONFORMANCE_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(
      'CONFORMANCE_REQUEST_TIMEOUT_MS takes a positive integer, got "soon"',
    );
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '{"runs":0}' })).toThrow('CONFORMANCE_OPTIONS.runs takes a positive integer, got 0');
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '{"providers":"a,b"}' })).not.toThrow();
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '{"providers":[1]}' })).toThrow('CONFORMANCE_OPTIONS.providers takes provider names');
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '{"runz":3}' })).toThrow('CONFORMANCE_OPTIONS: unknown option runz');
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '{seed' })).toThrow(/^CONFORMANCE_OPTIONS is not JSON/);
    expect(() => readSuiteOptions({ [OPTIONS_VAR]: '[1]' })).toThrow('CONFORMANCE_OPTIONS takes a JSON object of options');
  });
});

describe('job options', () => {
  it('take the flags first, then what was handed over', () => {
    const env = { CONFORMANCE_SEED: '5', CONFORMANCE_RUNS: '6', CONFORMANCE_PROVIDERS: 'salesive' };
    expect(parseJobArgs([], env)).toMatchObject({ seed: 5, seedGiven: true, runs: 6, names: ['salesive'], stage: undefined });
    expect(parseJobArgs(['--seed', '8', 'bitbybit'], env)).toMatchObject({ seed: 8, runs: 6, names: ['bitbybit'] });
    expect(parseJobArgs([], {})).toMatchObject({
      seed: DEFAULT_SEED,
      seedGiven: false,
      runs: DEFAULT_RUNS,
      requestTimeoutMs: undefined,
      budget: undefined,
    });
    // a budget is handed on only when given: by its flag, or by the job to its stage
    expect(parseJobArgs(['--budget', 'all'], {}).budget).toBeNull();
    expect(parseJobArgs(['--budget', '500'], {}).budget).toBe(500);
    expect(parseJobArgs([], optionsEnv({ seed: 1, budget: 700 }, {})).budget).toBe(700);
    expect(parseJobArgs([], { CONFORMANCE_BUDGET: '800' }).budget).toBe(800);
    const stageEnv = optionsEnv({ seed: 3, runs: 2 }, {});
    expect(parseJobArgs(['--stage', 'contract', 'salesive'], stageEnv)).toMatchObject({
      stage: 'contract',
      seed: 3,
      runs: 2,
      seedGiven: true,
    });
  });

  it('refuse a bad flag naming it', () => {
    expect(() => parseJobArgs(['--runs', '0'], {})).toThrow('--runs takes a positive integer, got "0"');
    expect(() => parseJobArgs(['--seed', 'x'], {})).toThrow('--seed takes an integer, got "x"');
    expect(() => parseJobArgs(['--budget', '0'], {})).toThrow(
      '--budget takes a positive integer (property samples per provider) or all, got "0"',
    );
    expect(() => parseJobArgs(['--stage', 'build', 'salesive'], {})).toThrow('--stage takes one of lint, contract, scenarios, got "build"');
    expect(() => parseJobArgs(['--stage', 'lint'], {})).toThrow('--stage runs one provider');
  });

  it('the CLI says which option is bad and exits 1, as a user runs it', async () => {
    const cli = join(appDir, 'src/cli.ts');
    const flag = await run([cli, '--stage', 'contract', '--runs', 'many', 'salesive']);
    expect(flag.status, flag.out).toBe(1);
    expect(flag.out).toContain('error: --runs takes a positive integer, got "many"');
    const budget = await run([cli, '--stage', 'contract', '--budget', 'many', 'salesive']);
    expect(budget.status, budget.out).toBe(1);
    expect(budget.out).toContain('error: --budget takes a positive integer (property samples per provider) or all, got "many"');
    const variable = await run([cli, '--stage', 'contract', 'salesive'], { env: { CONFORMANCE_OPTIONS: '{"seed":"x"}' } });
    expect(variable.status, variable.out).toBe(1);
    expect(variable.out).toContain('error: CONFORMANCE_OPTIONS.seed takes an integer, got "x"');
  }, 60_000);
});
