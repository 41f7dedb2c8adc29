// `capi build-spec [--root DIR] [provider ... | .]` (no names: every provider): each provider's
// effective spec from its root document and overlays (scripts/lib/build/build-spec.ts). On failure the
// previous effective.yaml is left as it was.
import { relative } from 'node:path';
import { buildSpec } from '../lib/build/build-spec.ts';
import { runPerProvider } from '../lib/registry/per-provider.ts';

runPerProvider(
  'usage: npm run capi -- build-spec [provider ... | .]',
  (p, root) => {
    const n = buildSpec(p, root).overlays.reduce((sum, o) => sum + o.actions.length, 0);
    return `spec ${p.name}: ${relative(root, p.effective)}${n ? ` (${n} overlay action${n > 1 ? 's' : ''} applied)` : ''}`;
  },
  'their previous effective.yaml was kept.',
);
