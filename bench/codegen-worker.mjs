// One generation of a large spec, in its own process (so its peak memory is its own):
//   node codegen-worker.mjs <ours|theirs|all> <spec file> <work dir>
// ours:   generateProvider as `npm run generate` runs it: read and parse the file, check its
//         references, validate (Redocly struct + refs, our checks), render schema.gen.ts,
//         api.gen.ts and the README, write them;
// theirs: openapi-typescript alone on the same file (it reads, parses, lints and bundles it
//         with Redocly, then renders), its output written.
// all:    every provider of the repository at <work dir> built and generated in this one process
//         (buildSpec + generateProvider each; the spec file argument is ignored).
// Modules are loaded before the clock starts (for `all`, process start is part of the
// comparison and is timed by the caller). Prints one JSON line: { ms, cpuMs, maxRssMiB }.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { generateProvider } from '@capi/scripts/lib/codegen/codegen.ts';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';

command({ usage: 'usage: node bench/codegen-worker.mjs <ours|theirs|all> <spec file> <work dir>' }, async ({ positionals }) => {
  const [which, file, work] = positionals;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (which === 'ours') {
    const packageDir = join(work, 'packages', 'github');
    mkdirSync(packageDir, { recursive: true });
    const provider = { name: 'github', specDir: dirname(file), packageDir, root: file, overlays: [], effective: file, upstream: true };
    await generateProvider(provider, work, { stage: (_label, fn) => fn() });
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
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
});
