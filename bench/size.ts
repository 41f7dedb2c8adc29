// Size of what each client package adds at run time: minified and gzipped, with openapi-fetch
// (and, for a provider, @capi/core) left out as shared dependencies. A provider's response
// validators (src/generated/validators.gen.ts) are loaded by a dynamic import only with option
// `validate` on: measured on their own rows, left out of the package's.
import { build, type Platform, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProviders, repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { table, verdict } from './lib.ts';

// a dynamic import esbuild would otherwise inline into the one output file
const validatorsApart: Plugin = {
  name: 'validators-apart',
  setup(b) {
    b.onResolve({ filter: /validators\.gen\.js$/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path, external: true }));
  },
};

async function measure(entry: string | undefined, external: string[], platform: Platform = 'neutral', stdin?: string) {
  const out = await build({
    plugins: [validatorsApart],
    ...(stdin ? { stdin: { contents: stdin, resolveDir: repoRoot, loader: 'js' } } : { entryPoints: entry ? [entry] : [] }),
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform,
    external,
    logLevel: 'silent',
  });
  const code = out.outputFiles?.[0]?.contents;
  if (!code) throw new Error(`esbuild wrote nothing for ${entry ?? 'its input'}`);
  return { min: code.byteLength, gz: gzipSync(code).byteLength };
}

export async function size() {
  const rows = [];
  const core = join(repoRoot, 'packages/core/dist/index.js');
  if (!existsSync(core)) throw new Error('packages are not built: run `npm run build` first');
  const c = await measure(core, ['openapi-fetch']);
  rows.push(['@capi/core (shared by all)', (c.min / 1024).toFixed(1), (c.gz / 1024).toFixed(1)]);
  const n = await measure(join(repoRoot, 'packages/core/dist/node.js'), ['undici'], 'node');
  rows.push(['@capi/core/node (Node transport, the default on Node)', (n.min / 1024).toFixed(1), (n.gz / 1024).toFixed(1)]);
  // Telemetry is tree-shaken: an application that never calls telemetry() bundles none of it
  const app = (names: string[]) => `import { ${names.join(', ')} } from ${JSON.stringify(core)};\nconsole.log(${names.join(', ')});`;
  const without = await measure(undefined, ['openapi-fetch'], 'neutral', app(['createProviderClient']));
  const withTel = await measure(undefined, ['openapi-fetch'], 'neutral', app(['createProviderClient', 'telemetry']));
  rows.push([
    'an application using createProviderClient (telemetry tree-shaken away)',
    (without.min / 1024).toFixed(1),
    (without.gz / 1024).toFixed(1),
  ]);
  rows.push([
    `the same with telemetry() (+${((withTel.gz - without.gz) / 1024).toFixed(1)} kB gzipped)`,
    (withTel.min / 1024).toFixed(1),
    (withTel.gz / 1024).toFixed(1),
  ]);
  const rt = await measure(join(repoRoot, 'packages/core/dist/validators-runtime.js'), []);
  rows.push(['@capi/core/validators-runtime (shared, only with `validate` on)', (rt.min / 1024).toFixed(1), (rt.gz / 1024).toFixed(1)]);
  let worst = 0;
  const validatorRows = [];
  for (const p of loadProviders()) {
    const s = await measure(join(p.packageDir, 'dist/index.js'), ['openapi-fetch', '@capi/core']);
    worst = Math.max(worst, s.gz);
    rows.push([`@capi/${p.name}`, (s.min / 1024).toFixed(1), (s.gz / 1024).toFixed(1)]);
    const v = await measure(join(p.packageDir, 'dist/generated/validators.gen.js'), ['@capi/core', '@capi/core/validators-runtime']);
    validatorRows.push([
      `@capi/${p.name} response validators (only with \`validate\` on)`,
      (v.min / 1024).toFixed(1),
      (v.gz / 1024).toFixed(1),
    ]);
  }
  rows.push(...validatorRows);
  const withCore = (worst + c.gz) / 1024;
  return {
    md: [
      table(['package', 'minified kB', 'gzipped kB'], rows),
      '',
      `- ${verdict(worst / 1024 < 10, `under 10 kB per provider: largest provider ${(worst / 1024).toFixed(1)} kB gzipped (${withCore.toFixed(1)} kB with @capi/core)`)}`,
    ].join('\n'),
  };
}
