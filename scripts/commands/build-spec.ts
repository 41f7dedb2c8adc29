// `capi build-spec [--root DIR] [provider ... | .]` (no names: every provider): each provider's
// effective spec from its root document and overlays (scripts/lib/build/build-spec.ts). On failure the
// previous effective.yaml is left as it was.
import { buildSpec, builtLine } from '../lib/build/build-spec.ts';
import { runPerProvider } from '../lib/registry/per-provider.ts';

runPerProvider(
  'usage: npm run capi -- build-spec [provider ... | .]',
  (p, root) => builtLine(buildSpec(p, root), p, root),
  'their previous effective.yaml was kept.',
);
