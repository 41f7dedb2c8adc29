// The spec-defect kind the build finds before bundling (a discriminator mapping naming files that
// are not there; an example's externalValue it renames, spec/external-values.ts), end to end with the real
// tools: the build names them with their overlay actions, `lint:specs --fix` writes them, and
// `redocly bundle` builds.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { buildSpec } from '../../lib/build/build-spec.ts';
import { applyPendingSuggestions, buildAndLint, fixProviders } from '../../lib/lint/lint-fix.ts';
import { danglingMappings } from '../../lib/build/defect-actions.ts';
import { getBase } from '../../lib/defects/testing.ts';

/** The base document: one GET whose answer is an allOf (the kinds' tables share it). */
const base = getBase;
// The kinds found by lint (transport headers, closed allOf parts, nullable-type-sibling) are
// tested beside each kind (scripts/lib/defects/<kind>.test.ts, the same end-to-end table).

// --- the discriminator mapping: found before bundling -------------------------------------------

const petSpec = () => ({
  ...base(),
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        summary: 'List pets',
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
          400: { description: 'bad' },
          401: { description: 'no auth' },
        },
      },
    },
  },
  components: {
    securitySchemes: base().components.securitySchemes,
    schemas: {
      Pet: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string' } },
        discriminator: {
          propertyName: 'kind',
          mapping: {
            cat: './schemas/Cat.yaml',
            dog: 'models.yaml#/components/schemas/Dog',
            bird: '../Bird.json',
            fish: 'Fish',
          },
        },
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      },
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, meow: { type: 'boolean' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, bark: { type: 'boolean' } } },
    },
  },
});

/** A repository of one provider `pets` (upstream + empty overlay), as provider:add leaves it. */
function petRepo() {
  const root = mkdtempSync(join(tmpdir(), 'capi-mapping-'));
  mkdirSync(join(root, 'specs/pets'), { recursive: true });
  writeFileSync(join(root, 'specs/pets/upstream.yaml'), stringify(petSpec()));
  writeFileSync(join(root, 'specs/pets/overlay.yaml'), stringify({ overlay: '1.0.0', info: { title: 'pets', version: '1' }, actions: [] }));
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  const cfg = {
    extends: config.extends,
    plugins: config.plugins.map((p) => resolve(repoRoot, p)),
    rules: config.rules,
    'x-reasons': config['x-reasons'],
    apis: { pets: { root: 'specs/pets/upstream.yaml', overlays: ['specs/pets/overlay.yaml'], output: 'specs/pets/effective.yaml' } },
  };
  writeFileSync(join(root, 'redocly.yaml'), stringify(cfg));
  const provider = {
    name: 'pets',
    specDir: join(root, 'specs/pets'),
    packageDir: join(root, 'packages/pets'),
    root: join(root, 'specs/pets/upstream.yaml'),
    overlays: [join(root, 'specs/pets/overlay.yaml')],
    effective: join(root, 'specs/pets/effective.yaml'),
    upstream: true,
  };
  return { root, provider };
}

describe('a discriminator mapping that names files which are not there (bundled from several files)', () => {
  it('is found on the root document: rewritten to the component the name denotes, removed where none', () => {
    const found = danglingMappings(petSpec(), '/nowhere/upstream.yaml');
    expect(found.map((f) => [f.pointer, f.component])).toEqual([
      ['#/components/schemas/Pet/discriminator/mapping/cat', '#/components/schemas/Cat'],
      ['#/components/schemas/Pet/discriminator/mapping/dog', '#/components/schemas/Dog'],
      ['#/components/schemas/Pet/discriminator/mapping/bird', null],
    ]); // `Fish` is a schema name, not a reference: the bundle does not resolve it (lint does: below)
  });

  it('the build names it before bundling, with the actions; once applied, redocly bundle builds and lint passes', async () => {
    const { root, provider } = petRepo();
    try {
      let err;
      try {
        buildSpec(provider, root);
      } catch (e) {
        err = e;
      }
      expect(err?.name).toBe('UserError');
      // the first line says what is wrong (the corpus summary shows it)
      expect(err.message.split('\n')[0]).toMatch(
        /3 discriminator mapping value\(s\) name files that are not there .*cat: \.\/schemas\/Cat\.yaml/,
      );
      expect(err.fix.map(({ target, remove, update }) => ({ target, ...(remove ? { remove } : { update }) }))).toEqual([
        { target: '$.components.schemas.Pet.discriminator.mapping', update: { cat: '#/components/schemas/Cat' } },
        { target: '$.components.schemas.Pet.discriminator.mapping', update: { dog: '#/components/schemas/Dog' } },
        { target: '$.components.schemas.Pet.discriminator.mapping.bird', remove: true },
      ]);
      // lint:specs --fix: the build's actions go into the overlay, then it builds and lints
      const logs = [];
      const run = await fixProviders([provider], root, await buildAndLint([provider], root), { log: (m) => logs.push(m) });
      expect(logs.join('\n')).toMatch(/--fix wrote 3 overlay action\(s\) that make it build/);
      // then lint's own: `fish` names no schema (Redocly lints it as unresolved), removed
      expect(logs.join('\n')).toMatch(/--fix wrote 1 overlay action\(s\) and accepted 0 rule/);
      expect(run.failures.get('pets') ?? [], logs.join('\n')).toEqual([]);
      const effective = parse(readFileSync(provider.effective, 'utf8'));
      expect(effective.components.schemas.Pet.discriminator.mapping).toEqual({
        cat: '#/components/schemas/Cat',
        dog: '#/components/schemas/Dog',
      });
      // the upstream's unresolved references are handled by those actions (x-fixes)
      const upstream = run.lint.get('pets').upstream.filter((f) => f.rule === 'no-unresolved-refs');
      expect(upstream.length).toBeGreaterThan(0);
      expect(upstream.every((f) => f.handled === 'overlay')).toBe(true);
      applyPendingSuggestions([provider], root, () => {}); // nothing waiting: a no-op
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a problem of the bundle other than those mappings still fails the build', async () => {
    const { root, provider } = petRepo();
    try {
      const doc = petSpec();
      doc.components.schemas.Dog.properties.owner = { $ref: '#/components/schemas/Owner' };
      writeFileSync(provider.root, stringify(doc));
      const overlay = parse(readFileSync(provider.overlays[0], 'utf8'));
      overlay.actions = [
        {
          target: '$.components.schemas.Pet.discriminator.mapping',
          update: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
        },
        { target: '$.components.schemas.Pet.discriminator.mapping.bird', remove: true },
      ];
      writeFileSync(provider.overlays[0], stringify(overlay));
      expect(() => buildSpec(provider, root)).toThrow(/redocly bundle failed with \d+ problem\(s\); the first: .*owner Can't resolve/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
