// no-enum-type-mismatch (Redocly's rule): given the findings on a schema, want these actions
// (moved from scripts/test/lint/lint-hints.test.mjs).
import { expect } from 'vitest';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const schemaDoc = (schemas: Record<string, unknown>): Doc => ({ openapi: '3.0.3', paths: {}, components: { schemas } });
const mismatch = (name: string, i = 0) => finding('no-enum-type-mismatch', `#/components/schemas/${name}/enum/${i}`);

const cases: SuggestCase[] = [
  {
    name: 'moves an enum of item values on an array into its items: inline items, items by $ref, items without their own enum',
    doc: () =>
      schemaDoc({
        Tags: { type: 'array', enum: ['red', 'green'], items: { type: 'string' } },
        Refs: { type: 'array', enum: ['a'], items: { $ref: '#/components/schemas/Letter' } },
        Bare: { type: 'array', enum: [1, 2] },
        Letter: { type: 'string' },
      }),
    findings: [mismatch('Tags'), mismatch('Tags', 1), mismatch('Refs'), mismatch('Bare'), mismatch('Bare', 1)],
    check: (s, fixed) => {
      expect(s.rules).toEqual([{ rule: 'no-enum-type-mismatch', count: 5, treatment: 'overlay', actions: 7 }]);
      expect(s.accept).toEqual([]);
      const after = fixed.components.schemas;
      expect(after.Tags).toEqual({ type: 'array', items: { type: 'string', enum: ['red', 'green'] } });
      expect(after.Refs).toEqual({ type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Letter' }], enum: ['a'] } });
      expect(after.Bare).toEqual({ type: 'array', items: { enum: [1, 2] } });
      for (const a of s.actions) expect(a['x-fixes']).toEqual(['no-enum-type-mismatch']);
    },
  },
  {
    name: 'writes a scalar enum as values of its type, drops those that are none, and removes an enum with no value of its type',
    doc: () =>
      schemaDoc({
        Count: { type: 'integer', enum: ['1', 2, 'x', '1.5'] },
        Flag: { type: 'boolean', enum: ['true', 'false'] },
        Code: { type: 'string', nullable: true, enum: [200, 'ok', null] },
        Never: { type: 'integer', enum: ['none'] },
      }),
    findings: [mismatch('Count'), mismatch('Flag'), mismatch('Code'), mismatch('Never')],
    check: (_, fixed) => {
      const after = fixed.components.schemas;
      expect(after.Count).toEqual({ type: 'integer', enum: [1, 2] });
      expect(after.Flag).toEqual({ type: 'boolean', enum: [true, false] });
      expect(after.Code).toEqual({ type: 'string', nullable: true, enum: ['200', 'ok', null] });
      expect(after.Never).toEqual({ type: 'integer' });
    },
  },
];

suggestTable('no-enum-type-mismatch', cases);
