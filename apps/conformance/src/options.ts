// The conformance options, parsed in one place. The job (src/cli.ts) reads its flags, falling
// back on the CONFORMANCE_* variables (`capi conformance` hands the options over as those), and
// hands what a contract run needs to its children as ONE variable, CONFORMANCE_OPTIONS (JSON):
// turbo's `contract` task has it in its cache key, the stage passes it on to vitest, and the
// contract suite reads it here (suiteOptions). A plain `npx vitest run` in apps/conformance (or
// apps/fakes) without the job reads the separate variables instead: CONFORMANCE_PROVIDERS,
// CONFORMANCE_SEED, CONFORMANCE_RUNS, CONFORMANCE_ROOT, CONFORMANCE_REQUEST_TIMEOUT_MS and
// CONFORMANCE_SPLIT, CONFORMANCE_BUDGET.
// Every bad value is refused with the option's name, what it takes and what it got.
import { resolve } from 'node:path';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import type { ParsedCli } from '@capi/scripts/lib/shared/cli-args.ts';
import { repoRoot as defaultRoot } from '@capi/scripts/lib/registry/registry.ts';
import { DEFAULT_BUDGET } from './request/budget.ts';

/**
 * The property-test seed when none is given. Fixed, so a run with unchanged inputs makes the same
 * cases and turbo's replay of a cached run is the truth; new cases need a new seed
 * (`npm run conformance -- --seed random`, or any number).
 */
export const DEFAULT_SEED = 1;
/** Property runs per property when none are given. */
export const DEFAULT_RUNS = 200;
/** How long a contract case waits for Prism's answer when CONFORMANCE_REQUEST_TIMEOUT_MS is not given; it answers in milliseconds. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** The one variable the job hands its options over in (JSON of SuiteOptions' fields). */
export const OPTIONS_VAR = 'CONFORMANCE_OPTIONS';
/** The separate variables a plain vitest run reads (and `capi conformance` sets for the job). */
export const OPTION_VARS = {
  providers: 'CONFORMANCE_PROVIDERS',
  seed: 'CONFORMANCE_SEED',
  runs: 'CONFORMANCE_RUNS',
  root: 'CONFORMANCE_ROOT',
  requestTimeoutMs: 'CONFORMANCE_REQUEST_TIMEOUT_MS',
  split: 'CONFORMANCE_SPLIT',
  budget: 'CONFORMANCE_BUDGET',
} as const;

/** What a contract run needs (the contract suite, and the fakes' scenarios). */
export interface SuiteOptions {
  /** The providers to test; undefined: every registered one. */
  readonly providers: readonly string[] | undefined;
  /** The property-test seed. */
  readonly seed: number;
  /** Property runs per property. */
  readonly runs: number;
  /** The repository whose providers are tested (a copy of it in the CLI's own tests). */
  readonly root: string;
  /** How long a case waits for Prism's answer. */
  readonly requestTimeoutMs: number;
  /**
   * The part files (src/parts.ts) the one selected provider's operations are split over, each
   * its own vitest worker and Prism (the contract stage sets it for a provider with many
   * operations, src/cli.ts); 1: not split, the parts split the selected providers instead.
   */
  readonly split: number;
  /**
   * Property samples the provider's properties share (src/request/budget.ts): each gets `runs`
   * while they all fit, else an equal share (at least MIN_RUNS); null (`all`): every property its runs.
   */
  readonly budget: number | null;
}

/** The stages of one provider, each a turbo task of its client package. */
export const STAGE_TASKS = { lint: 'lint:spec', contract: 'contract', scenarios: 'scenarios' } as const;
export type StageName = keyof typeof STAGE_TASKS;

/** What the job (`npm run conformance`) and one stage (`--stage`) are asked to do. */
export interface JobOptions {
  readonly stage: StageName | undefined;
  readonly pruneReport: boolean;
  readonly force: boolean;
  readonly seed: number;
  /** Whether the seed was given (else the default, said so in the output). */
  readonly seedGiven: boolean;
  readonly runs: number;
  readonly root: string;
  readonly names: readonly string[];
  /** Given (flag-less: CONFORMANCE_REQUEST_TIMEOUT_MS), else undefined: handed on only when given. */
  readonly requestTimeoutMs: number | undefined;
  /** Given (--budget, or handed over), else undefined (the default): handed on only when given. */
  readonly budget: number | null | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

const integer = (name: string, value: unknown, { min }: { min?: number } = {}): number => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || (min !== undefined && n < min)) {
    const what = min === undefined ? 'an integer' : min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
    throw new UserError(`${name} takes ${what}, got ${JSON.stringify(value)}`);
  }
  return n;
};

/** A property budget: a positive integer, or `all` (null: no budget). */
const budgetValue = (name: string, value: unknown): number | null =>
  value === null || (typeof value === 'string' && value.trim() === 'all')
    ? null
    : (() => {
        try {
          return integer(name, value, { min: 1 });
        } catch {
          throw new UserError(`${name} takes a positive integer (property samples per provider) or all, got ${JSON.stringify(value)}`);
        }
      })();

const providerList = (name: string, value: unknown): string[] => {
  const list = typeof value === 'string' ? value.split(',').filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' && x !== ''))
    throw new UserError(`${name} takes provider names (a comma-separated list), got ${JSON.stringify(value)}`);
  return list;
};

/** The options handed over in CONFORMANCE_OPTIONS, each field checked; null when it is not set. */
function handedOver(env: Env): Partial<Record<keyof SuiteOptions, unknown>> | null {
  const text = env[OPTIONS_VAR];
  if (text === undefined || text === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${OPTIONS_VAR} is not JSON (${(err as Error).message}); the conformance CLI writes it, or leave it unset`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UserError(`${OPTIONS_VAR} takes a JSON object of options, got ${text.slice(0, 80)}`);
  const known = new Set(Object.keys(OPTION_VARS));
  const unknown = Object.keys(parsed).filter((k) => !known.has(k));
  if (unknown.length) throw new UserError(`${OPTIONS_VAR}: unknown option ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return parsed as Partial<Record<keyof SuiteOptions, unknown>>;
}

/** The options of a contract run, from CONFORMANCE_OPTIONS, else from the separate variables. */
export function readSuiteOptions(env: Env = process.env): SuiteOptions {
  const given = handedOver(env);
  const from = (key: keyof typeof OPTION_VARS): [string, unknown] =>
    given ? [`${OPTIONS_VAR}.${key}`, given[key]] : [OPTION_VARS[key], env[OPTION_VARS[key]]];
  const [providersName, providers] = from('providers');
  const [seedName, seed] = from('seed');
  const [runsName, runs] = from('runs');
  const [rootName, root] = from('root');
  const [timeoutName, timeout] = from('requestTimeoutMs');
  const [splitName, split] = from('split');
  const [budgetName, budget] = from('budget');
  if (root !== undefined && (typeof root !== 'string' || root === ''))
    throw new UserError(`${rootName} takes a directory, got ${JSON.stringify(root)}`);
  return {
    providers: providers === undefined ? undefined : providerList(providersName, providers),
    seed: seed === undefined ? DEFAULT_SEED : integer(seedName, seed),
    runs: runs === undefined ? DEFAULT_RUNS : integer(runsName, runs, { min: 1 }),
    root: root === undefined ? defaultRoot : resolve(root),
    requestTimeoutMs: timeout === undefined || timeout === '' ? DEFAULT_REQUEST_TIMEOUT_MS : integer(timeoutName, timeout, { min: 1 }),
    split: split === undefined || split === '' ? 1 : integer(splitName, split, { min: 1 }),
    budget: budget === undefined || budget === '' ? DEFAULT_BUDGET : budgetValue(budgetName, budget),
  };
}

/**
 * The repository the options name (CONFORMANCE_OPTIONS' `root`, or CONFORMANCE_ROOT), or
 * undefined when they name none: the vitest configs then take the repository they sit in.
 */
export function givenRoot(env: Env = process.env): string | undefined {
  const handed = handedOver(env);
  const named = handed ? handed.root : env[OPTION_VARS.root];
  return named === undefined ? undefined : readSuiteOptions(env).root;
}

let cached: SuiteOptions | undefined;
/** This process's contract-run options (read once). */
export function suiteOptions(): SuiteOptions {
  cached ??= readSuiteOptions();
  return cached;
}

/**
 * The environment that hands `options` over to a child (turbo's tasks, vitest): CONFORMANCE_OPTIONS
 * set, the separate variables taken out (so nothing is read twice or stale). Only the fields
 * given are written: turbo's cache key of a default run is `{"seed":1,"runs":200}`.
 */
export function optionsEnv(options: Partial<SuiteOptions>, env: Env = process.env): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of Object.values(OPTION_VARS)) delete out[name];
  const fields = Object.fromEntries(
    Object.keys(OPTION_VARS).flatMap((k) =>
      options[k as keyof SuiteOptions] === undefined ? [] : [[k, options[k as keyof SuiteOptions]]],
    ),
  );
  out[OPTIONS_VAR] = JSON.stringify(fields);
  return out;
}

export const JOB_USAGE = 'usage: npm run conformance -- [--seed N] [--runs N] [--budget N|all] [--force] [provider ...]';

/** The job's flags, as command() takes them. */
export const JOB_OPTIONS = {
  seed: { type: 'string' },
  runs: { type: 'string' },
  budget: { type: 'string' },
  root: { type: 'string' },
  stage: { type: 'string' },
  force: { type: 'boolean' },
  'prune-report': { type: 'boolean' },
} as const;

/**
 * The job's options: its flags, each falling back on what was handed over (CONFORMANCE_OPTIONS
 * from the job to a stage, or the separate variables `capi conformance` sets). src/cli.ts starts
 * through command() (scripts/lib/shared/command.ts), which parses the flags.
 */
export function jobOptions({ values, positionals }: ParsedCli<typeof JOB_OPTIONS>, env: Env = process.env): JobOptions {
  const given = readSuiteOptions(env);
  const handed = handedOver(env);
  const seedGiven = values.seed !== undefined || (handed ? handed.seed !== undefined : env[OPTION_VARS.seed] !== undefined);
  const timeoutGiven = handed ? handed.requestTimeoutMs !== undefined : Boolean(env[OPTION_VARS.requestTimeoutMs]);
  const budgetGiven = handed ? handed.budget !== undefined : Boolean(env[OPTION_VARS.budget]);
  const stage = values.stage;
  if (stage !== undefined && !Object.hasOwn(STAGE_TASKS, stage))
    throw new UserError(`--stage takes one of ${Object.keys(STAGE_TASKS).join(', ')}, got "${stage}"`);
  const names = positionals.length ? positionals : [...(given.providers ?? [])];
  if (stage !== undefined && names.length !== 1) throw new UserError('--stage runs one provider: name it (or . in its package folder)');
  return {
    stage: stage as StageName | undefined,
    pruneReport: Boolean(values['prune-report']),
    force: Boolean(values.force),
    seed: values.seed === undefined ? given.seed : integer('--seed', values.seed),
    seedGiven,
    runs: values.runs === undefined ? given.runs : integer('--runs', values.runs, { min: 1 }),
    root: values.root ? resolve(values.root) : given.root,
    names,
    requestTimeoutMs: timeoutGiven ? given.requestTimeoutMs : undefined,
    budget: values.budget !== undefined ? budgetValue('--budget', values.budget) : budgetGiven ? given.budget : undefined,
  };
}
