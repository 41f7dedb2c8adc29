// The corpus run's `fake` stage (issue #23.5): a provider's stateful fake measured as a user
// runs it. Two commands, in the scratch copy:
//
//   capi fake <provider> --port 0        (`npm run fake`: the fake behind Prism and the front)
//   capi conformance-stage scenarios .   (the provider's `scenarios` task: its generated workflows)
//
// From the first: whether the fake starts (it prints its URL), and from what it prints (the
// resources, each operation's kind, the operations "answered from the schema") how many
// resources it infers and how many operations it answers statefully. From the second: the
// generated CRUD workflows passed / generated, each failure with its reason (the report the task
// writes, packages/<p>/reports/scenarios.json).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killTree, lastLines, run } from './processes.ts';

/** What the fake stage measured of one spec (bench/corpus.json `fake`). */
export interface FakeResult {
  /** `npm run fake -- <provider> --port 0` printed its URL. */
  starts: boolean;
  /** seconds until it did (or gave up) */
  startS?: number;
  /** why it did not start: the lines that say so */
  why?: string;
  /** resources inferred (top-level and nested) */
  resources?: number;
  /** of which nested under another resource */
  nested?: number;
  /** of which have an item path (a collection/item pair) */
  items?: number;
  /** operations the fake answers statefully (placed in a resource) */
  stateful?: number;
  /** operations it reads (stateful + answered from their schema) */
  operations?: number;
  /** resources with a create and an item path (where a generated workflow can run), by name */
  crud?: string[];
  /**
   * generated workflows passed and generated, from the scenarios task; declined: the resources of
   * `crud` that got no generated workflow, each with the generator's reason (they count against
   * the 95% target: a workflow not generated is no workflow that passed); leftOut: the steps a
   * generated workflow leaves out for another reason than a missing operation ("<resource>: <step>: <reason>")
   */
  workflows?: { passed: number; total: number; failures: string[]; declined?: string[]; leftOut?: string[] };
  /** the scenarios task itself did not run to a report: why */
  scenariosWhy?: string;
  /** seconds of the scenarios task */
  scenariosS?: number;
}

/** How long the fake may take to print its URL (it builds nothing: Prism's start is most of it). */
const START_MS = 180_000;
/** The scenarios task's time limit. */
const SCENARIOS_MS = 600_000;

/**
 * What `npm run fake` printed (describeInference in apps/fakes/src/serve.ts): resources at two
 * spaces (`  name  /collection ...`), their operations at four (`    kind  METHOD /path`), then
 * `  answered from the schema:` and its operations at four.
 */
export function readFakeOutput(out: string): Pick<FakeResult, 'resources' | 'nested' | 'items' | 'stateful' | 'operations' | 'crud'> {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'resources:');
  if (start < 0) return {};
  let resources = 0;
  let nested = 0;
  let items = 0;
  let stateful = 0;
  let schema = 0;
  let inOther = false;
  const crud: string[] = [];
  // the resource being read: its name, whether it has an item path
  let current: { name: string; item: boolean } | undefined;
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break; // the blank line after the resources
    if (/^ {2}answered from the schema:/.test(line)) inOther = true;
    else if (/^ {4}\S/.test(line)) {
      if (inOther) schema++;
      else stateful++;
      if (!inOther && current?.item && /^ {4}create\s/.test(line) && !crud.includes(current.name)) crud.push(current.name);
    } else if (/^ {2}\S/.test(line)) {
      resources++;
      if (/^ {2}\S*\.\S*\s/.test(line)) nested++;
      const item = /\s{2}item \//.test(line);
      if (item) items++;
      current = { name: line.trim().split(/\s+/)[0] as string, item };
    }
  }
  return { resources, nested, items, stateful, operations: stateful + schema, crud };
}

/**
 * The generated workflows in a provider's scenarios report: the tests with `workflow` (not the
 * "no generated workflow" ones), passed, and each other one's reason (a failing workflow is
 * reported, not gating: skipped with `failed` in its meta). With `crud` (the resources with a
 * create and an item path, readFakeOutput), also those of them that got no workflow, each with
 * the reason the report gives (its "no generated workflow for <resource>: <reason>" entry).
 */
export function readWorkflows(reportFile: string, crud?: readonly string[]): FakeResult['workflows'] | undefined {
  if (!existsSync(reportFile)) return undefined;
  try {
    // the fields of packages/<p>/reports/scenarios.json read here
    const report: {
      data?: {
        tests?: {
          workflow?: string;
          none?: boolean;
          name?: string;
          result?: string;
          failed?: string;
          failure?: string;
          skipped?: unknown;
        }[];
      };
    } = JSON.parse(readFileSync(reportFile, 'utf8'));
    const all = (report.data?.tests ?? []).filter((t) => typeof t.workflow === 'string');
    const tests = all.filter((t) => !t.none);
    const passed = tests.filter((t) => t.result === 'passed').length;
    const failures = tests
      .filter((t) => t.result !== 'passed')
      .map((t) => `${t.workflow}: ${String(t.failed ?? t.failure ?? t.result ?? 'not passed').slice(0, 300)}`);
    if (!crud) return { passed, total: tests.length, failures };
    const generated = new Set(tests.map((t) => t.workflow));
    const declined = crud
      .filter((r) => !generated.has(r))
      .map((r) => {
        const none = all.find((t) => t.none && t.workflow === r);
        const prefix = `no generated workflow for ${r}: `;
        const reason = none?.name?.startsWith(prefix) ? none.name.slice(prefix.length) : undefined;
        return `${r}: ${(reason ?? 'no generated workflow, and no reason given').slice(0, 300)}`;
      });
    // "list: no list operation" is the spec's; any other reason is the generator's choice
    const leftOut = tests.flatMap((t) =>
      (Array.isArray(t.skipped) ? t.skipped : [])
        .map(String)
        .filter((x) => !/^[\w-]+: no [\w ]+ operation$/.test(x))
        .map((x) => `${t.workflow}: ${x.slice(0, 300)}`),
    );
    return { passed, total: tests.length, failures, declined, ...(leftOut.length ? { leftOut } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Starts `capi fake <name> --port 0` in `copy` and waits (at most START_MS) for the lines it
 * prints once it listens; then ends it (SIGTERM, what Ctrl-C does, then every process it started).
 */
function startAndStop(copy: string, name: string): Promise<{ started: boolean; out: string; s: number }> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(copy, 'scripts/capi.mjs'), 'fake', name, '--port', '0'], {
      cwd: copy,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let settled = false;
    const finish = (started: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const s = (performance.now() - t0) / 1000;
      if (child.exitCode !== null || child.pid === undefined) return done({ started, out, s });
      // Ctrl-C's way first (the fake closes Prism), then whatever is left
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // gone already
      }
      const hard = setTimeout(() => killTree(child.pid as number), 10_000);
      child.once('close', () => {
        clearTimeout(hard);
        killTree(child.pid as number);
        done({ started, out, s });
      });
    };
    const timer = setTimeout(() => {
      out += `\nerror: the fake printed no URL within ${START_MS / 1000} s`;
      finish(false);
    }, START_MS);
    const read = (d: Buffer) => {
      out += d;
      // the last line `npm run fake` prints once it listens
      if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(out) && /Ctrl-C stops the fake/.test(out)) finish(true);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', () => finish(false));
    child.on('close', () => finish(false));
  });
}

/** The fake stage of one provider in the scratch copy `copy` (its effective spec and client generated). */
export async function fakeStage(copy: string, name: string): Promise<{ ok: boolean; s: number; result: FakeResult }> {
  // how the fake reads the spec, as `npm run fake -- <provider> --help` prints it (without
  // starting anything: known also of a fake that then does not start)
  const help = await run(process.execPath, [join(copy, 'scripts/capi.mjs'), 'fake', name, '--help'], { cwd: copy, limitMs: START_MS });
  const started = await startAndStop(copy, name);
  const result: FakeResult = {
    starts: started.started,
    startS: Math.round(started.s * 10) / 10,
    ...(started.started ? {} : { why: lastLines(started.out) }),
    ...readFakeOutput(help.out),
  };
  // the provider's scenarios task, as its package.json runs it (`capi conformance-stage scenarios .`)
  const pkg = join(copy, 'packages', name);
  const scen = await run(process.execPath, [join(copy, 'scripts/capi.mjs'), 'conformance-stage', 'scenarios', '.'], {
    cwd: pkg,
    limitMs: SCENARIOS_MS,
  });
  result.scenariosS = Math.round(scen.s * 10) / 10;
  const workflows = readWorkflows(join(pkg, 'reports/scenarios.json'), result.crud);
  if (workflows) result.workflows = workflows;
  else result.scenariosWhy = lastLines(scen.out);
  return { ok: result.starts && workflows !== undefined, s: help.s + started.s + scen.s, result };
}
