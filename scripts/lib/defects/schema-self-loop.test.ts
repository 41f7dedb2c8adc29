// generation/schema-self-loop: given schemas, want these problems and actions (the whole path
// through generation: scripts/test/codegen/generation-checks.test.mjs).
import { describe, expect, it } from 'vitest';
import { kind } from './schema-self-loop.ts';
import { wanted } from './testing.ts';

const doc = (schemas: Record<string, unknown>) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas },
});

const cases: [string, Record<string, unknown>, { message: RegExp; actions: ReturnType<typeof wanted>[] }[]][] = [
  [
    'an allOf that names its own schema: that item removed',
    { Wrap: { allOf: [{ $ref: '#/components/schemas/Wrap' }, { type: 'object' }] } },
    [
      {
        message: /^Wrap → Wrap: the schema refers to itself through allOf/,
        actions: [{ target: '$.components.schemas.Wrap.allOf[0]', remove: true }],
      },
    ],
  ],
  [
    'references that only point at each other: named, no action to guess',
    { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
    [{ message: /only refer to each other/, actions: [] }],
  ],
  [
    'recursion through a property or an array item is legal: nothing',
    {
      Node: { type: 'object', properties: { parent: { $ref: '#/components/schemas/Node' } } },
      Tree: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
    },
    [],
  ],
];

describe('generation/schema-self-loop', () => {
  it.each(cases)('%s', (_, schemas, want) => {
    const found = kind.detect?.(doc(schemas), 'upstream.yaml') ?? [];
    expect(found.map((p) => p.message)).toEqual(want.map((w) => expect.stringMatching(w.message)));
    expect(found.map((p) => p.fix.map(wanted))).toEqual(want.map((w) => w.actions));
    for (const a of found.flatMap((p) => p.fix)) expect(a['x-fixes']).toEqual(['generation']);
  });
});
