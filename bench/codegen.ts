import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generateProvider, validateSpec } from '@capi/scripts/lib/codegen/codegen.ts';
import { checkOverlay } from '@capi/scripts/lib/overlay/overlay.ts';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { repoCopy } from '@capi/scripts/testing/helpers.mjs';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { log, median, spread, table, verdict } from './lib.ts';

const require = createRequire(import.meta.url);
const WORKER = fileURLToPath(new URL('./codegen-worker.ts', import.meta.url));

/** What codegen-worker.ts prints (its last line): wall and CPU ms, peak RSS, each stage's share. */
type WorkerRun = { ms: number; cpuMs: number; maxRssMiB: number; stages: Record<string, { ms: number; cpuMs: number }> };
type RunOptions = { cwd?: string; env?: NodeJS.ProcessEnv };
/** errors of validateSpec: the message, and the overlay actions that fix them */
type SpecError = { message?: string; fix?: unknown[] };

async function time(fn: () => Promise<unknown>, runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Runs a command to its end; resolves with its stdout, rejects with its output when it fails. */
function run(cmd: string, args: string[], { cwd, env = process.env }: RunOptions = {}) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}${err.slice(-2000)}`)),
    );
  });
}

/**
 * Runs a command through `sh` and returns the CPU ms (user + system) of it and every process it
 * waited for (the shell's `times`: its children's line), so turbo's tasks are counted.
 */
async function withChildrenCpu(cmd: string, args: string[], { cwd, env = process.env }: RunOptions = {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'capi-bench-times-')), 'times');
  try {
    await run('sh', ['-c', '"$0" "$@"; s=$?; times > "$CAPI_TIMES"; exit $s', cmd, ...args], { cwd, env: { ...env, CAPI_TIMES: file } });
    const children = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
    return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
}

const worker = async (which: string, file: string, work: string): Promise<WorkerRun> =>
  JSON.parse((await run(process.execPath, [WORKER, which, file, work])).trim().split('\n').at(-1) ?? '');

/**
 * GitHub's spec with the corrections our validation asks for applied (as `provider:add --fix`
 * would put them in its overlay): what `npm run generate` would read for it. Written as JSON (as
 * GitHub publishes it) and as YAML (as the pipeline writes effective.yaml).
 */
export async function correctedGithub(dir: string, specFile: string, text: string) {
  let doc = JSON.parse(text);
  const where = { provider: 'github', file: 'api.github.com.json' };
  let problems = 0;
  for (let round = 0; round < 3; round++) {
    try {
      await validateSpec(JSON.stringify(doc), specFile, where, structuredClone(doc));
      break;
    } catch (caught) {
      const e = caught as SpecError;
      if (round === 0) problems = Number(/\((\d+) problem/.exec(e.message ?? '')?.[1] ?? 0);
      if (!e.fix?.length) throw e;
      const overlay = join(dir, `overlay-${round}.yaml`);
      writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 'bench', version: '1' }, actions: e.fix }));
      doc = checkOverlay(overlay, doc, { root: dir }).document;
    }
  }
  const json = join(dir, 'github.json');
  const yaml = join(dir, 'github.yaml');
  writeFileSync(json, JSON.stringify(doc, null, 2));
  writeFileSync(yaml, stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }));
  return { json, yaml, problems };
}

export async function codegen({
  runs = 10,
  largeRuns = 5,
  formats = ['json', 'yaml'] as ('json' | 'yaml')[],
  turboRuns = 2,
  failing: measureFailing = true,
} = {}) {
  const load = [loadavg()[0]];
  const copy = repoCopy();
  const rows = [];
  const medians = [];
  try {
    const providers = loadProviders(copy.dir);
    for (const p of providers) buildSpec(p, copy.dir);
    await generateProvider(providers[0], copy.dir); // load modules once (not measured)
    for (const p of providers) {
      const ms = await time(() => generateProvider(p, copy.dir), runs);
      medians.push(median(ms));
      rows.push([p.name, spread(ms, 1), '', '']);
    }
    log('codegen: providers done');
  } finally {
    copy.cleanup();
  }

  // GitHub's REST API description, generated end to end in fresh processes: ours (read, parse,
  // check references, validate, render, write) against openapi-typescript alone on the same file
  // (read, parse, its own Redocly lint and bundle, render, write), interleaved.
  const specFile = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const text = readFileSync(specFile, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'capi-bench-github-'));
  const verdicts = [];
  try {
    // the validation pass on the spec as published (it fails: the error path, lines named);
    // not in --quick (no target rides on it)
    let published = 0;
    const failing = measureFailing
      ? await time(async () => {
          try {
            await validateSpec(text, specFile, { provider: 'github', file: 'api.github.com.json' }, JSON.parse(text));
          } catch (e) {
            published = Number(/\((\d+) problem/.exec((e as SpecError).message ?? '')?.[1] ?? 0);
          }
        }, 1)
      : [];
    const files = await correctedGithub(dir, specFile, text);
    log(`codegen: github corrected (${files.problems} problems as published)`);
    for (const format of formats) {
      const ours: WorkerRun[] = [];
      const types: WorkerRun[] = [];
      const theirs: WorkerRun[] = [];
      const threaded: WorkerRun[] = [];
      const into: Record<string, WorkerRun[]> = { ours, types, theirs, thread: threaded };
      for (let r = 0; r < largeRuns; r++) {
        // rotate which goes first, so drift in machine load hits each alike
        const order = [
          ['ours', 'types', 'theirs', 'thread'],
          ['theirs', 'thread', 'ours', 'types'],
          ['types', 'ours', 'thread', 'theirs'],
        ][r % 3];
        for (const which of order) into[which].push(await worker(which, files[format], dir));
        load.push(loadavg()[0]);
      }
      log(`codegen: github (${format}) done`);
      const ms = (xs: WorkerRun[]) => xs.map((x) => x.ms);
      const cpu = (xs: WorkerRun[]) => xs.map((x) => x.cpuMs);
      const rss = (xs: WorkerRun[]) => xs.map((x) => x.maxRssMiB);
      const name = format === 'json' ? 'GitHub REST, JSON as published' : 'GitHub REST, as YAML (as effective.yaml is written)';
      rows.push([
        `${name}: our generation, everything \`npm run generate\` writes (parse, validate, schema.gen.ts, api.gen.ts, validators.gen.ts, fake.gen.ts, README)`,
        spread(ms(ours)),
        spread(cpu(ours)),
        spread(rss(ours)),
      ]);
      for (const stage of Object.keys(ours[0].stages)) {
        const st = ours.map((o) => o.stages[stage]);
        rows.push([`… of which: ${stage}`, spread(st.map((x) => x.ms)), spread(st.map((x) => x.cpuMs)), '']);
      }
      rows.push([
        `${name}: our generation of what openapi-typescript makes (parse, validate, schema.gen.ts and api.gen.ts)`,
        spread(ms(types)),
        spread(cpu(types)),
        spread(rss(types)),
      ]);
      rows.push([`${name}: openapi-typescript alone`, spread(ms(theirs)), spread(cpu(theirs)), spread(rss(theirs))]);
      rows.push([
        `${name}: everything \`npm run generate\` writes, validators.gen.ts and fake.gen.ts in a worker thread alongside (its default on 4 or more CPUs)`,
        spread(ms(threaded)),
        spread(cpu(threaded)),
        spread(rss(threaded)),
      ]);
      // ratios per interleaved run (each ran back to back with the others), then their median
      const ratios = (xs: WorkerRun[]) => ({
        time: median(xs.map((o, i) => o.ms / theirs[i].ms)),
        cpu: median(xs.map((o, i) => o.cpuMs / theirs[i].cpuMs)),
        rss: median(rss(xs)) / median(rss(theirs)),
      });
      const all = ratios(ours);
      const same = ratios(types);
      const x = (n: number) => `${n.toFixed(2)}x`;
      rows.push([`${name}: everything / openapi-typescript`, x(all.time), x(all.cpu), x(all.rss)]);
      rows.push([`${name}: what openapi-typescript makes / openapi-typescript`, x(same.time), x(same.cpu), x(same.rss)]);
      const withThread = ratios(threaded);
      rows.push([
        `${name}: everything, with the worker thread / openapi-typescript`,
        x(withThread.time),
        x(withThread.cpu),
        x(withThread.rss),
      ]);
      if (format === 'json') {
        // per stage: the median CPU ms (of the thread that ran it) of the stages picked
        const stageCpu = (xs: WorkerRun[], pick: (name: string) => boolean) =>
          median(xs.map((o) => Object.entries(o.stages).reduce((sum, [k, v]) => sum + (pick(k) ? v.cpuMs : 0), 0)));
        const clientStage = (k: string) =>
          k.startsWith('worker thread') || k === 'compiling response validators' || k === 'writing the fake model';
        const s1 = (n: number) => `${(n / 1000).toFixed(1)} s`;
        const inThread = Object.keys(ours[0].stages).some((k) => k.startsWith('worker thread'));
        const limits = ` — what limits it: validators.gen.ts and fake.gen.ts (a validator for every JSON response and request body schema, written by own-validators.ts, or by Ajv for a body reaching a keyword it leaves to Ajv), which openapi-typescript does not make: ${s1(stageCpu(ours, clientStage))} of CPU (${s1(stageCpu(ours, (k) => k === 'compiling response validators'))} of it the response validators with the spec model's JSON Schema form they are read from; the fake's the rest: its copy of the document and its request body validators) against openapi-typescript's whole ${s1(median(cpu(theirs)))}, ${inThread ? 'made in a worker thread alongside the validation and the types' : `made in the main thread on this machine of ${cpus().length} CPUs (a worker thread alongside is the default on 4 or more)`}. In a worker thread (the row above: ${x(withThread.time)} time, ${x(withThread.cpu)} CPU, ${x(withThread.rss)} memory) the thread's own start, second parse of the spec and extra garbage collection come on top (${s1(stageCpu(threaded, (k) => k.startsWith('worker thread')))} for its start and parse), its heap is alive beside the main thread's, and on 2 CPUs, which V8's garbage collector already shares with the main thread (on a quiet machine openapi-typescript alone keeps about 1.3 CPUs busy), there is no idle CPU for it to use`;
        const memoryLimits = ` — what limits it: the peak is while validators.gen.ts and fake.gen.ts are made, which openapi-typescript does not make (their garbage is collected before the types are rendered): the document's JSON Schema form, the annotation-free copy the validators are written from and the garbage of writing them, beside the parsed document the types are rendered from (what openapi-typescript makes, our way, is ${x(same.rss)}); in a worker thread its heap is alive beside the main thread's (${x(withThread.rss)})`;
        verdicts.push(
          verdict(
            all.time <= 1.1,
            `GitHub's spec, everything \`npm run generate\` writes, within 1.1x openapi-typescript's time, parse and validation included: ${x(all.time)} (CPU ${x(all.cpu)})`,
          ) + (all.time > 1.1 ? `${limits}.` : ''),
          verdict(
            all.rss <= 1.2,
            `GitHub's spec, everything \`npm run generate\` writes, within 1.2x openapi-typescript's memory (peak RSS): ${x(all.rss)}`,
          ) + (all.rss > 1.2 ? `${memoryLimits}.` : ''),
          verdict(
            same.time <= 1.1,
            `GitHub's spec, what openapi-typescript makes (our parse, validation, schema.gen.ts and api.gen.ts), within 1.1x its time: ${x(same.time)} (CPU ${x(same.cpu)})`,
          ) +
            (same.time > 1.1
              ? same.cpu <= 1.1
                ? ' — by CPU it is within (the steadier figure on a loaded machine); the wall-time ratio of single runs swings by the load between them.'
                : " — what limits it: Redocly's walk in our validation (struct, unresolved references, unique operationIds), the one walk left: openapi-typescript's own lint and bundle are no longer run (its transform is called directly)."
              : ''),
          verdict(same.rss <= 1.2, `GitHub's spec, what openapi-typescript makes, within 1.2x its memory (peak RSS): ${x(same.rss)}`),
        );
      }
    }
    if (failing.length) {
      rows.push([
        `GitHub REST as published: our validation pass alone, failing (${published} problems, lines named for the first 10)`,
        spread(failing),
        '',
        '',
      ]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // cold generation of every provider: turbo (one generate task per provider, each its own
  // process building its spec and generating its package) against one process doing them all
  const ws = await workspaceCopy();
  const tasks = loadProviders(ws.dir).length;
  const one: { ms: number; cpuMs: number }[] = [];
  const viaTurbo: { ms: number; cpuMs: number }[] = [];
  try {
    const cacheDir = join(ws.dir, '.bench-turbo-cache');
    for (let r = 0; r < turboRuns; r++) {
      const pair = r % 2 ? ['turbo', 'one'] : ['one', 'turbo'];
      for (const which of pair) {
        rmSync(cacheDir, { recursive: true, force: true });
        const t0 = performance.now();
        let cpuMs: number;
        if (which === 'one') cpuMs = await withChildrenCpu(process.execPath, [WORKER, 'all', '-', ws.dir], { cwd: ws.dir });
        else
          cpuMs = await withChildrenCpu(
            join(ws.dir, 'node_modules/.bin/turbo'),
            ['run', 'generate', `--cache-dir=${cacheDir}`, '--output-logs=errors-only'],
            {
              cwd: ws.dir,
              env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
            },
          );
        (which === 'one' ? one : viaTurbo).push({ ms: performance.now() - t0, cpuMs });
      }
      load.push(loadavg()[0]);
    }
    log('codegen: turbo against one process done');
  } finally {
    ws.cleanup();
  }
  const turboRatio = median(viaTurbo.map((t, i) => t.ms / one[i].ms));
  const turboCpuRatio = median(viaTurbo.map((t, i) => t.cpuMs / one[i].cpuMs));
  const ms = (xs: { ms: number }[]) => xs.map((x) => x.ms);
  const cpu = (xs: { cpuMs: number }[]) => xs.map((x) => x.cpuMs);
  rows.push([
    `every provider, cold: one process (build-spec + generate each, process start included)`,
    spread(ms(one)),
    spread(cpu(one)),
    '',
  ]);
  rows.push([`every provider, cold: turbo run generate (empty cache)`, spread(ms(viaTurbo)), spread(cpu(viaTurbo)), '']);
  verdicts.push(
    verdict(
      turboRatio <= 1.5,
      `cold generation of every provider through turbo within 1.5x one process: ${turboRatio.toFixed(2)}x (CPU, every process included: ${turboCpuRatio.toFixed(2)}x)`,
    ) +
      (turboRatio > 1.5
        ? ` — what limits it: process starts. turbo runs ${tasks} tasks (one \`generate\` per provider: its spec built and its package generated in one process, \`capi build-and-codegen\`; it was two tasks per provider until #25.4), each \`npm run\` (npm's own Node process, about 0.2 s of CPU) → \`capi\`, which runs the command in its own process: that process loads TypeScript, Redocly, Ajv and openapi-typescript (about 0.4 s of CPU with Node's compile cache) to do 30 ms of work, and the build starts the Redocly CLI besides, as the one process does too; one process loads the libraries once. With 2 cores shared by other sessions the tasks hardly run in parallel, so the starts add up.`
        : ''),
  );

  const md = [
    `Each small spec generated ${runs} times in one process after the modules were loaded. GitHub's spec (@octokit/openapi api.github.com.json, 13 MB, with the corrections our validation asks for applied, as \`provider:add --fix\` would put them in its overlay) generated ${largeRuns} times each of four ways, each run a fresh process (modules loaded before the clock starts), interleaved: everything \`npm run generate\` writes for it (on this machine of ${cpus().length} CPUs, as it runs by default); the same with validators.gen.ts and fake.gen.ts made in a worker thread alongside the validation and the types (the default on 4 or more CPUs); our generation of what openapi-typescript makes (the same functions, without validators.gen.ts and fake.gen.ts); openapi-typescript alone. Each stage of the first is timed within its run (\`… of which\`; CPU of the thread that ran it). ms, CPU ms (user + system; for the cold runs every process included), peak RSS MiB; median (min–max). Load average (1 min) during the section: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus().length} cores.`,
    '',
    table(['what', 'ms', 'CPU ms', 'peak RSS MiB'], rows),
    '',
    `- ${verdict(Math.max(...medians) < 100, `under 100 ms per small spec: slowest median ${Math.max(...medians).toFixed(1)} ms`)}`,
    ...verdicts.map((v) => `- ${v}`),
  ];
  return { md: md.join('\n') };
}
