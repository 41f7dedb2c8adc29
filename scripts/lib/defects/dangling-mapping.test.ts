// bundle/dangling-mapping: given a root document, want these entries and actions (the whole path
// through the build and lint:specs --fix: scripts/test/lint/defect-kinds.test.mjs).
import { describe, expect, it } from 'vitest';
import { kind } from './dangling-mapping.ts';
import { wanted } from './testing.ts';

const doc = (mapping: Record<string, string>) => ({
  openapi: '3.1.0',
  paths: {},
  components: { schemas: { Pet: { discriminator: { propertyName: 'kind', mapping } }, Cat: { type: 'object' } } },
});

const cases: [string, Record<string, string>, ReturnType<typeof wanted>[]][] = [
  [
    'a file named after a schema: the component instead',
    { cat: './schemas/Cat.yaml' },
    [{ target: '$.components.schemas.Pet.discriminator.mapping', update: { cat: '#/components/schemas/Cat' } }],
  ],
  [
    'a file named after no schema: removed',
    { bird: '../Bird.json' },
    [{ target: '$.components.schemas.Pet.discriminator.mapping.bird', remove: true }],
  ],
  ['a schema name or a local pointer that resolves: nothing', { cat: 'Cat', cat2: '#/components/schemas/Cat' }, []],
];

describe('bundle/dangling-mapping', () => {
  it.each(cases)('%s', (_, mapping, want) => {
    const found = kind.detect?.(doc(mapping), '/nowhere/upstream.yaml') ?? [];
    expect(found.flatMap((p) => p.fix.map(wanted))).toEqual(want);
    for (const a of found.flatMap((p) => p.fix)) expect(a['x-fixes']).toEqual(['no-unresolved-refs']);
  });
});
