// Bundles suite.mjs for one runtime with esbuild, from the packages' sources as their
// package.json exports resolve them: on Node @capi/core's "node" entry (index.node.ts, the
// undici transport), elsewhere its default entry (index.ts, the global fetch).
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';

/** @param {'node' | 'browser' | 'workerd'} runtime  @param {string} outfile  @param {string} entry */
export async function bundleSuite(runtime, outfile, entry = join(import.meta.dirname, 'suite.mjs')) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: runtime === 'node' ? 'node' : runtime === 'browser' ? 'browser' : 'neutral',
    target: 'es2022',
    conditions: runtime === 'workerd' ? ['workerd', 'worker'] : [],
    mainFields: ['module', 'main'],
    alias: {
      'capi-suite-client': join(repoRoot, 'packages/salesive/src/index.ts'),
      // the response validators' helpers (loaded only with `validate` on: a chunk of their own)
      '@capi/core/validators-runtime': join(repoRoot, 'packages/core/src/validators-runtime.ts'),
      '@capi/core': join(repoRoot, runtime === 'node' ? 'packages/core/src/index.node.ts' : 'packages/core/src/index.ts'),
      // the suite's own name for it (@capi/scripts declares no dependency on @capi/core): the same module
      'capi-suite-core': join(repoRoot, runtime === 'node' ? 'packages/core/src/index.node.ts' : 'packages/core/src/index.ts'),
    },
    logLevel: 'error',
  });
}
