import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { generateProvider, validateSpec } from '@capi/scripts/lib/codegen/codegen.ts';
import { checkOverlay } from '@capi/scripts/lib/overlay/overlay.ts';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { repoCopy } from '@capi/scripts/testing/helpers.mjs';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { log, median, spread, table, verdict } from './lib.mjs';

const require = createRequire(import.meta.url);
const WORKER = fileURLToPath(new URL('./codegen-worker.mjs', import.meta.url));

async function time(fn, runs) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Runs a command to its end; resolves with its stdout, rejects with its output when it fails. */
function run(cmd, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
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

const worker = async (which, file, work) => JSON.parse((await run(process.execPath, [WORKER, which, file, work])).trim().split('\n').pop());

/**
 * GitHub's spec with the corrections our validation asks for applied (as `provider:add --fix`
 * would put them in its overlay): what `npm run generate` would read for it. Written as JSON (as
 * GitHub publishes it) and as YAML (as the pipeline writes effective.yaml).
 */
export async function correctedGithub(dir, specFile, text) {
  let doc = JSON.parse(text);
  const where = { provider: 'github', file: 'api.github.com.json' };
  let problems = 0;
  for (let round = 0; round < 3; round++) {
    try {
      await validateSpec(JSON.stringify(doc), specFile, where, structuredClone(doc));
      break;
    } catch (e) {
      if (round === 0) problems = Number(/\((\d+) problem/.exec(e.message)?.[1] ?? 0);
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

export async function codegen({ runs = 10, largeRuns = 3, formats = ['json', 'yaml'], turboRuns = 2 } = {}) {
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
    // the validation pass on the spec as published (it fails: the error path, lines named)
    let published = 0;
    const failing = await time(async () => {
      try {
        await validateSpec(text, specFile, { provider: 'github', file: 'api.github.com.json' }, JSON.parse(text));
      } catch (e) {
        published = Number(/\((\d+) problem/.exec(e.message)?.[1] ?? 0);
      }
    }, 1);
    const files = await correctedGithub(dir, specFile, text);
    log(`codegen: github corrected (${files.problems} problems as published)`);
    for (const format of formats) {
      const ours = [];
      const theirs = [];
      for (let r = 0; r < largeRuns; r++) {
        // alternate which goes first, so drift in machine load hits both alike
        const pair = r % 2 ? ['theirs', 'ours'] : ['ours', 'theirs'];
        for (const which of pair) (which === 'ours' ? ours : theirs).push(await worker(which, files[format], dir));
        load.push(loadavg()[0]);
      }
      log(`codegen: github (${format}) done`);
      const ms = (xs) => xs.map((x) => x.ms);
      const cpu = (xs) => xs.map((x) => x.cpuMs);
      const rss = (xs) => xs.map((x) => x.maxRssMiB);
      const name = format === 'json' ? 'GitHub REST, JSON as published' : 'GitHub REST, as YAML (as effective.yaml is written)';
      rows.push([`${name}: our generation (parse, validate, render, write)`, spread(ms(ours)), spread(cpu(ours)), spread(rss(ours))]);
      rows.push([`${name}: openapi-typescript alone`, spread(ms(theirs)), spread(cpu(theirs)), spread(rss(theirs))]);
      // time ratios per interleaved pair (each pair ran back to back), then their median
      const timeRatio = median(ours.map((o, i) => o.ms / theirs[i].ms));
      const cpuRatio = median(ours.map((o, i) => o.cpuMs / theirs[i].cpuMs));
      const rssRatio = median(rss(ours)) / median(rss(theirs));
      rows.push([`${name}: ours / theirs`, `${timeRatio.toFixed(2)}x`, `${cpuRatio.toFixed(2)}x`, `${rssRatio.toFixed(2)}x`]);
      if (format === 'json') {
        verdicts.push(
          verdict(
            timeRatio <= 1.1,
            `GitHub's spec within 1.1x openapi-typescript's time, parse and validation included: ${timeRatio.toFixed(2)}x (CPU ${cpuRatio.toFixed(2)}x)`,
          ) +
            (timeRatio > 1.1
              ? " — what limits it: Redocly's walk of the document. openapi-typescript lints (Redocly's `minimal` rules) and bundles the document it is given, each a resolve and a walk of every node, and its API offers no way to skip or share them; our validation (Redocly struct + unresolved refs, which its lint does not report with lines, and which we filter: generation-checks.ts) is a third walk of the same kind, about half of openapi-typescript's own time on this spec. Everything else we add (JSON.parse and the guards, reference check, self-loop and path checks, the spec model, api.gen.ts, README, lifting nested references, hoisting) is a few hundred ms of CPU. Profile (node --cpu-prof, bench/codegen-worker.mjs ours): Redocly walkDocument/walkNode and resolveDocument lead, then openapi-typescript's transformSchema and TypeScript's printer (astToString), then the garbage collector; before this change the top frames were Redocly's positionsToLoc (a scan of the whole text per problem: 17 s of 44 s on the spec as published) and js-yaml reading the JSON text twice. On a machine this loaded wall time swings by whole seconds between runs; the CPU ratio is the steadier figure."
              : ''),
          verdict(rssRatio <= 1.2, `GitHub's spec within 1.2x openapi-typescript's memory (peak RSS): ${rssRatio.toFixed(2)}x`),
        );
      }
    }
    rows.push([
      `GitHub REST as published: our validation pass alone, failing (${published} problems, lines named for the first 10)`,
      spread(failing),
      '',
      '',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // cold generation of every provider: turbo (one task per spec and per package, each its own
  // process) against one process building and generating them all
  const ws = await workspaceCopy();
  const tasks = loadProviders(ws.dir).length * 2;
  const one = [];
  const viaTurbo = [];
  try {
    const cacheDir = join(ws.dir, '.bench-turbo-cache');
    for (let r = 0; r < turboRuns; r++) {
      const pair = r % 2 ? ['turbo', 'one'] : ['one', 'turbo'];
      for (const which of pair) {
        rmSync(cacheDir, { recursive: true, force: true });
        const t0 = performance.now();
        if (which === 'one') await run(process.execPath, [WORKER, 'all', '-', ws.dir], { cwd: ws.dir });
        else
          await run(join(ws.dir, 'node_modules/.bin/turbo'), ['run', 'generate', `--cache-dir=${cacheDir}`, '--output-logs=errors-only'], {
            cwd: ws.dir,
            env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
          });
        (which === 'one' ? one : viaTurbo).push(performance.now() - t0);
      }
      load.push(loadavg()[0]);
    }
    log('codegen: turbo against one process done');
  } finally {
    ws.cleanup();
  }
  const turboRatio = median(viaTurbo.map((t, i) => t / one[i]));
  rows.push([`every provider, cold: one process (build-spec + generate each, process start included)`, spread(one), '', '']);
  rows.push([`every provider, cold: turbo run generate (empty cache)`, spread(viaTurbo), '', '']);
  verdicts.push(
    verdict(turboRatio <= 1.5, `cold generation of every provider through turbo within 1.5x one process: ${turboRatio.toFixed(2)}x`) +
      (turboRatio > 1.5
        ? ` — what limits it: process starts. turbo runs ${tasks} tasks (build-spec per spec, codegen per package, the second waiting for the first), each \`npm run\` → \`capi\` → the command: three Node processes, the last loading TypeScript, Redocly and openapi-typescript (about 0.4 s of CPU with Node's compile cache, which capi now gives its children; 0.65 s without) to do 30 ms of work; one process loads them once. With 2 cores shared by other sessions the tasks hardly run in parallel, so the starts add up.`
        : ''),
  );

  const md = [
    `Each small spec generated ${runs} times in one process after the modules were loaded. GitHub's spec (@octokit/openapi api.github.com.json, 13 MB, with the corrections our validation asks for applied, as \`provider:add --fix\` would put them in its overlay) generated ${largeRuns} times each way, each run a fresh process (modules loaded before the clock starts), ours and openapi-typescript's interleaved. ms, peak RSS MiB; median (min–max). Load average (1 min) during the section: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} on ${cpus().length} cores.`,
    '',
    table(['what', 'ms', 'CPU ms', 'peak RSS MiB'], rows),
    '',
    `- ${verdict(Math.max(...medians) < 100, `under 100 ms per small spec: slowest median ${Math.max(...medians).toFixed(1)} ms`)}`,
    ...verdicts.map((v) => `- ${v}`),
  ];
  return { md: md.join('\n') };
}
