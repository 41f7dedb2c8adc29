// `npm run lint:specs` (src/lint-cli.mjs): the lint stage alone, with the conformance job's pass
// criteria, on copies of the specs.
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoCopy } from '@capi/scripts/testing/helpers.mjs';
import { loadProviders } from '@capi/scripts/lib/registry.mjs';
import { appDir, run } from './helpers.mjs';

let repo;
afterEach(() => repo?.cleanup());

describe('lint:specs', () => {
  it('passes on the registered specs', async () => {
    repo = repoCopy();
    const res = await run([join(appDir, 'src/lint-cli.mjs'), '--root', repo.dir]);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/^salesive: ok {2}0 error\(s\), 0 warning\(s\), upstream \d+ finding\(s\) handled \d+/m);
    expect(res.out).toMatch(new RegExp(`lint ok: ${loadProviders(repo.dir).length} provider\\(s\\)`));
  });

  it('counts every finding of a large spec (Redocly stops at 100 per document unless told otherwise) and says what fixes them', async () => {
    repo = repoCopy();
    // 150 operations without an operationId, without any 4xx and without a 401 (the spec requires a token): 450 findings
    const extra = Array.from({ length: 150 }, (_, i) => `  /extra/${i}:\n    get:\n      summary: Extra ${i}\n      responses:\n        '200':\n          description: ok\n`).join('');
    repo.edit('specs/profiles/authored.yaml', (t) => t.replace(/^paths:\n/m, `paths:\n${extra}`));
    const res = await run([join(appDir, 'src/lint-cli.mjs'), '--root', repo.dir, 'profiles']);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/^profiles: FAILED {2}450 error\(s\)/m);
    expect(res.out).toMatch(/^ {2}\.\.\. and 440 more$/m);
    expect(res.out).toMatch(/^ {4}operation-4xx-response +150 finding\(s\) +accept in redocly\.yaml \(more than 25 operations; or document each status in the overlay\)$/m);
    expect(res.out).toMatch(/^ {4}operation-operationId +150 finding\(s\) +accept in redocly\.yaml with your reason, or correct it in the overlay$/m);
    expect(res.out).toMatch(/npm run lint:specs -- --suggest profiles: writes the corrections to specs\/profiles\/overlay\.suggested\.yaml .*\(profiles is authored: make them in specs\/profiles\/authored\.yaml itself\)/);
  });

  it('fails, naming file and line, on a lint error, an unhandled upstream defect and overlay rot; the others still pass', async () => {
    repo = repoCopy();
    // without its overlay action, salesive documents no 400 again
    repo.edit('specs/salesive/overlay.yaml', (t) => `${t.slice(0, t.indexOf('\nactions:'))}\nactions: []\n`);
    repo.edit('specs/imprint/overlay.yaml', (t) => t.replace('$.components.schemas.Customer.properties.updated_at', '$.components.schemas.Customer.properties.modified_at'));
    const res = await run([join(appDir, 'src/lint-cli.mjs'), '--root', repo.dir]);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/^salesive: FAILED {2}1 error\(s\).*\n {2}specs\/salesive\/effective\.yaml:\d+ .*\(capi\/operation-4xx-documented\)/m);
    expect(res.out).toMatch(/ {2}upstream defect not handled: specs\/salesive\/upstream\.yaml:\d+ .*\(capi\/operation-4xx-documented\): still present in the effective spec/);
    expect(res.out).toMatch(/^imprint: FAILED {2}not linted .*\n {2}\[imprint\] specs\/imprint\/overlay\.yaml:\d+: overlay rot/m);
    expect(res.out).toMatch(/^bitbybit: ok/m);
    const n = loadProviders(repo.dir).length;
    expect(res.out).toMatch(new RegExp(`lint FAILED: ${n - 2} of ${n} provider\\(s\\) passed`));
  });
});
