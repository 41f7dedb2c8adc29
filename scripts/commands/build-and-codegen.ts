// `capi build-and-codegen [--root DIR] [provider ... | .]` (no names: every provider): what each
// client package's turbo `generate` task runs (`.` in packages/<p>): the provider's effective spec
// built (as `capi build-spec`, scripts/lib/build/build-spec.ts), then its client generated from it
// (as `capi codegen`, scripts/lib/codegen/codegen.ts), in one process. A provider whose build
// fails keeps its previous effective.yaml and generated files; one whose generation fails keeps
// its previous generated files.
import { relative } from 'node:path';
import { buildSpec, builtLine } from '../lib/build/build-spec.ts';
import { generateProvider } from '../lib/codegen/codegen.ts';
import { runPerProvider } from '../lib/registry/per-provider.ts';

runPerProvider(
  'usage: npm run capi -- build-and-codegen [provider ... | .]',
  async (p, root) => {
    console.log(builtLine(buildSpec(p, root), p, root));
    return `types ${p.name}: ${(await generateProvider(p, root)).map((f) => relative(root, f)).join(', ')}`;
  },
  'their previous generated files were kept (and their previous effective.yaml, when the build failed).',
);
