// One generation of a large spec, in its own process (so its peak memory is its own):
//   node codegen-worker.ts <ours|thread|types|theirs|all> <spec file> <work dir>
// ours:   generateProvider as `npm run generate` runs it: read and parse the file, check its
//         references, validate (Redocly struct + refs, our checks), render schema.gen.ts,
//         api.gen.ts and the README, write them;
//         Its stages (reading, validating, validators, fake, types; those of the worker thread
//         making validators.gen.ts and fake.gen.ts as that thread timed them) are timed too
//         (`stages`; CPU of the thread that ran each).
// thread: as ours, with validators.gen.ts and fake.gen.ts made in a worker thread alongside
//         the validation and the types (generateProvider's default on 4 or more CPUs);
// types:  what openapi-typescript makes, our way, as generateProvider does it: read and parse,
//         check references, validate, then schema.gen.ts and api.gen.ts (without the
//         validators.gen.ts and fake.gen.ts openapi-typescript has no counterpart of), written;
// theirs: openapi-typescript alone on the same file (it reads, parses, lints and bundles it
//         with Redocly, then renders), its output written.
// all:    every provider of the repository at <work dir> built and generated in this one process
//         (buildSpec + generateProvider each; the spec file argument is ignored).
// Modules are loaded before the clock starts (for `all`, process start is part of the
// comparison and is timed by the caller). Prints one JSON line: { ms, cpuMs, maxRssMiB, stages? }.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { generateProvider, renderTypes, validateSpec } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadYamlSource } from '@capi/scripts/lib/spec/yaml-source.ts';
import { checkRefs } from '@capi/scripts/lib/spec/spec-loader.ts';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';

/** generateProvider's progress hook: each stage's wall and CPU ms (sync or async) */
type Stages = Record<string, { ms: number; cpuMs: number }>;
function timer(stages: Stages) {
  return <T>(label: string, fn: () => T): T => {
    // this thread's CPU: validators.gen.ts and fake.gen.ts may be made in a worker thread meanwhile
    const c = process.threadCpuUsage();
    const t = performance.now();
    const done = <R>(result: R): R => {
      const d = process.threadCpuUsage(c);
      stages[label.replace(/ \(.*$/, '')] = { ms: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
      return result;
    };
    const result = fn();
    return (result instanceof Promise ? result.then(done) : done(result)) as T;
  };
}

command({ usage: 'usage: node bench/codegen-worker.ts <ours|thread|types|theirs|all> <spec file> <work dir>' }, async ({ positionals }) => {
  const [which, file, work] = positionals;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stages = {};
  if (which === 'ours' || which === 'thread') {
    const packageDir = join(work, 'packages', 'github');
    mkdirSync(packageDir, { recursive: true });
    const provider = { name: 'github', specDir: dirname(file), packageDir, root: file, overlays: [], effective: file, upstream: true };
    await generateProvider(provider, work, {
      // `thread`: validators.gen.ts and fake.gen.ts in a worker thread whatever the CPUs (useThread)
      ...(which === 'thread' ? { thread: true } : {}),
      stage: timer(stages),
      threadStages: (times) => Object.assign(stages, times),
    });
  } else if (which === 'types') {
    const where = { provider: 'github', file: 'github.json' };
    const spec = loadYamlSource(file);
    checkRefs(spec, { base: file, scopeDir: dirname(file), provider: 'github', label: (p) => p });
    await validateSpec(spec.text, file, where, spec.data);
    const { schemaTs, apiTs } = await renderTypes(spec.data, where);
    writeFileSync(join(work, 'schema.gen.ts'), schemaTs);
    writeFileSync(join(work, 'api.gen.ts'), apiTs);
  } else if (which === 'all') {
    for (const p of loadProviders(work)) {
      buildSpec(p, work);
      await generateProvider(p, work);
    }
  } else {
    const text = readFileSync(file, 'utf8');
    writeFileSync(join(work, 'schema.d.ts'), astToString(await openapiTS(text, { silent: true })));
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, stages }));
});
