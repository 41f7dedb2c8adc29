// The specs: one registry, verbatim upstream documents, overlay corrections visible in the
// effective specs, and overlay rot caught with file and line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProviders, repoRoot, specFolders } from '../../lib/registry/registry.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { pointerToPath } from '../../lib/spec/yaml-source.ts';
import { extractFencedYaml } from '../../lib/pull/extract-seed.ts';
import { repoCopy, runScript } from '../helpers.mjs';

const providers = loadProviders();
const upstream = providers.filter((p) => p.upstream);
let built;
const effective = (name) => parse(readFileSync(join(built.dir, 'specs', name, 'effective.yaml'), 'utf8'));

beforeAll(async () => {
  built = repoCopy();
  const res = await runScript('commands/build-spec.ts', ['--root', built.dir]);
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
});
afterAll(() => built.cleanup());

describe('registry (redocly.yaml apis)', () => {
  it('registers every folder in specs/ exactly once, each with its client package', () => {
    const names = providers.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(specFolders().sort());
    for (const p of providers) {
      expect(existsSync(p.root), p.root).toBe(true);
      expect(existsSync(join(p.packageDir, 'src', 'index.ts')), p.packageDir).toBe(true);
      for (const o of p.overlays) expect(existsSync(o), o).toBe(true);
    }
  });
});

describe('upstream documents', () => {
  const seeds = join(repoRoot, '..', 'shared', 'seeds');
  const source = (p) => parse(readFileSync(p.overlays[0], 'utf8'))['x-upstream'];
  // vendored from a seed page (the first providers); a provider added later from a spec file
  // (npm run provider:add) records that file instead
  const fromSeeds = upstream.filter((p) => /^shared\/seeds\//.test(source(p)?.document ?? ''));
  it('the first upstream providers come from the seed pages', () => {
    expect(fromSeeds.map((p) => p.name)).toEqual(expect.arrayContaining(['bitbybit', 'imprint', 'salesive']));
  });
  it.runIf(existsSync(seeds)).each(fromSeeds.map((p) => [p.name, p]))(
    '%s: upstream.yaml is the fenced block of its source page, byte for byte',
    (_n, p) => {
      const page = readFileSync(join(repoRoot, '..', source(p).document), 'utf8');
      expect(readFileSync(p.root, 'utf8')).toBe(extractFencedYaml(page));
    },
  );

  it.each(upstream.map((p) => [p.name, p]))('%s: the overlay names its source and says why for every action', (_n, p) => {
    for (const o of p.overlays) {
      const doc = parse(readFileSync(o, 'utf8'));
      expect(doc.overlay).toBe('1.0.0');
      expect(doc['x-upstream']).toMatchObject({ document: expect.stringMatching(/^shared\/seeds\/\d{3}_|\.(ya?ml|json)$/) });
      expect('url' in doc['x-upstream']).toBe(true);
      for (const a of doc.actions) expect(a.description?.length, a.target).toBeGreaterThan(20);
    }
  });
});

describe('effective specs carry the corrections', () => {
  const walk = (node, visit, path = '$') => {
    if (node && typeof node === 'object') {
      visit(node, path);
      for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}.${k}`);
    }
  };

  it('bitbybit: no OAS 3.0 `nullable` is left; nullable fields are type [string, "null"]', () => {
    expect(readFileSync(join(repoRoot, 'specs/bitbybit/upstream.yaml'), 'utf8')).toMatch(/nullable: true/);
    const doc = effective('bitbybit');
    walk(doc, (n, path) => expect('nullable' in n, path).toBe(false));
    expect(doc.components.schemas.Customer.properties.email.type).toEqual(['string', 'null']);
    expect(doc.components.schemas.Address.properties.zip.type).toEqual(['string', 'null']);
    expect(doc.components.schemas.Customer.properties.id.type).toBe('string');
  });

  it('imprint: every security requirement names a defined scheme (basicAuth is defined)', () => {
    const raw = parse(readFileSync(join(repoRoot, 'specs/imprint/upstream.yaml'), 'utf8'));
    expect(raw.components.securitySchemes.basicAuth).toBeUndefined();
    const doc = effective('imprint');
    expect(doc.components.securitySchemes.basicAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'basic' }));
    for (const p of providers) {
      const d = effective(p.name);
      for (const req of d.security ?? [])
        for (const name of Object.keys(req)) {
          expect(d.components.securitySchemes[name], `${p.name}: ${name}`).toBeDefined();
        }
    }
  });

  it.each(providers.map((p) => [p.name]))('%s: effective.yaml is marked generated and names its sources', (name) => {
    const text = readFileSync(join(built.dir, 'specs', name, 'effective.yaml'), 'utf8');
    expect(text).toMatch(/^# GENERATED FILE - do not edit\./);
    expect(text).toContain(`specs/${name}/`);
  });

  it.each(upstream.map((p) => [p.name, p]))('%s: our overlay check applies actions exactly as redocly bundle does', (_n, p) => {
    let doc = parse(readFileSync(p.root, 'utf8'));
    const pointers = [];
    for (const o of p.overlays) {
      const r = checkOverlay(o, doc, { provider: p.name });
      pointers.push(...r.actions.flatMap((a) => a.paths));
      doc = r.document;
    }
    const eff = effective(p.name);
    // every node an action touched ends up the same
    const at = (d, ptr) => pointerToPath(ptr).reduce((n, k) => n?.[k], d);
    for (const ptr of pointers) expect(at(eff, ptr), ptr).toEqual(at(doc, ptr));
    // and for the seed providers nothing else differs (bundling a larger document may also
    // rewrite things of its own, e.g. resolve a $ref inside an example, as GitHub's spec has)
    if (['bitbybit', 'imprint', 'salesive'].includes(p.name)) expect(eff).toEqual(doc);
  });
});

describe('overlay rot', () => {
  it.each([
    [
      'a target that matches nothing',
      (t) => t.replace("$.paths['/v2/customers/{customer_id}'].post.responses", "$.paths['/v3/customers/{customer_id}'].post.responses"),
      /action 2 \(\$\.paths\['\/v3\/customers\/\{customer_id\}'\]\.post\.responses\): target matches nothing/,
    ],
    [
      'an action that has become a no-op',
      (t) =>
        t.replace(
          'description: the RFC-3339 date when the customer was last updated',
          'description: the RFC-3339 date when the customer was created',
        ),
      /action 3 .*changes nothing \(no-op\)/,
    ],
  ])('fails the build on %s, naming overlay file and line, keeping the old effective spec', async (_n, edit, message) => {
    const overlay = join(built.dir, 'specs/imprint/overlay.yaml');
    const original = readFileSync(overlay, 'utf8');
    const before = readFileSync(join(built.dir, 'specs/imprint/effective.yaml'), 'utf8');
    try {
      writeFileSync(overlay, edit(original));
      const res = await runScript('commands/build-spec.ts', ['--root', built.dir, 'imprint']);
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(/^error: \[imprint\] specs\/imprint\/overlay\.yaml:\d+: overlay rot/);
      expect(res.stderr).toMatch(message);
      expect(res.stderr).toMatch(/previous effective\.yaml was kept/);
      expect(readFileSync(join(built.dir, 'specs/imprint/effective.yaml'), 'utf8')).toBe(before);
    } finally {
      writeFileSync(overlay, original);
    }
  });
});
