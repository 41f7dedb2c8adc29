// `capi codegen [--root DIR] [provider ... | .]` ('.' = the provider whose specs/ or packages/
// folder is the current directory): each provider's client types and README from its effective
// spec (scripts/lib/codegen/codegen.ts). A provider that fails keeps its previous generated files.
import { relative } from 'node:path';
import { generateProvider } from '../lib/codegen/codegen.ts';
import { runPerProvider } from '../lib/registry/per-provider.ts';

runPerProvider(
  'usage: npm run capi -- codegen [provider ... | .]',
  async (p, root) => `types ${p.name}: ${(await generateProvider(p, root)).map((f) => relative(root, f)).join(', ')}`,
  'their previous generated files were kept.',
);
