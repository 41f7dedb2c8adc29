// A client without an optional feature carries none of its code: an application module per
// feature (scripts/lib/dev/feature-bundles.ts, the same ones bench/features.ts measures),
// bundled with esbuild from @capi/core's sources, and a string only the feature's module holds.
// oauth2, rateLimit, telemetry and webhooks are left out unless imported; a provider's response
// validators are a chunk of their own, loaded by import() only with `validate` on, and so is
// pagination's page loop (pages.ts), loaded by the first page `client.paginate` asks for.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleModule, consumerModule, FEATURES, MARKERS } from '../../lib/dev/feature-bundles.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

const core = join(repoRoot, 'packages/core/src/index.ts');
const salesive = join(repoRoot, 'packages/salesive/src/generated/api.gen.ts');
const alias = { '@capi/core/validators-runtime': join(repoRoot, 'packages/core/src/validators-runtime.ts'), '@capi/core': core };
const bundle = (feature) => bundleModule(consumerModule(feature, core, salesive), { alias });

describe('tree-shaking of the optional client features', () => {
  it('a client with no optional feature has no oauth2, rate-limit, telemetry, webhooks or pagination code, and no validators at start', async () => {
    const none = await bundle('none');
    for (const feature of ['oauth2', 'rateLimit', 'telemetry', 'webhooks', 'pagination', 'validate']) {
      expect(none.text, `${feature} (${MARKERS[feature]})`).not.toContain(MARKERS[feature]);
    }
    // the validators and the page loop are there, in the chunks import() loads when `validate` is
    // on or a first page is asked for
    expect(none.lazy.text).toContain(MARKERS.validate);
    expect(none.lazy.text).toContain(MARKERS.pagination);
  }, 60_000);

  it.each(['oauth2', 'rateLimit', 'telemetry', 'webhooks'])(
    'a client using %s carries its code (the control)',
    async (feature) => {
      expect((await bundle(feature)).text).toContain(MARKERS[feature]);
    },
    60_000,
  );

  it('a client using pagination loads the page loop when it pages (the control)', async () => {
    const used = await bundle('pagination');
    expect(used.text).not.toContain(MARKERS.pagination);
    expect(used.lazy.text).toContain(MARKERS.pagination);
  }, 60_000);

  it('knows every feature the bench measures', () => {
    expect(FEATURES).toEqual(['none', 'oauth2', 'rateLimit', 'telemetry', 'webhooks', 'pagination', 'validate']);
  });
});
