// struct (Redocly's structural findings): given the findings, want these actions (the meaning of
// each for generation: scripts/test/codegen/generation-checks.test.mjs).
import { expect } from 'vitest';
import { type Doc, finding, type SuggestCase, suggestTable } from './testing.ts';

const doc = (): Doc => ({
  openapi: '3.0.3',
  paths: {},
  components: {
    schemas: {
      A: { type: 'object', properties: { f: { type: 'file' } }, xml: { name: 'a', wrapped: true, foo: 1 } },
      B: { allOf: [{ $ref: '#/components/schemas/A' }], nullable: true },
    },
  },
});

const cases: SuggestCase[] = [
  {
    name: '`type: file` becomes a binary string; an unknown keyword in an object that only documents is removed',
    doc,
    findings: [
      finding('struct', '#/components/schemas/A/properties/f/type', '`type` can be one of the following only: "object", "array".'),
      finding('struct', '#/components/schemas/A/xml/foo', 'Property `foo` is not expected here.'),
    ],
    actions: [
      { target: '$.components.schemas.A.properties.f', update: { type: 'string', format: 'binary' } },
      { target: '$.components.schemas.A.xml.foo', remove: true },
    ],
    check: (s) => expect(s.accept).toEqual([]),
  },
  {
    name: 'findings that are all `nullable` without a type: the keyword dropped',
    doc,
    findings: [finding('struct', '#/components/schemas/B/nullable', 'The `type` field must be defined when the `nullable` field is used.')],
    actions: [{ target: '$.components.schemas.B.nullable', remove: true }],
  },
  {
    name: 'a finding without a mechanical correction beside one with: that one accepted',
    doc,
    findings: [
      finding('struct', '#/components/schemas/A/xml/foo', 'Property `foo` is not expected here.'),
      finding('struct', '#/paths', 'Something else.'),
    ],
    actions: [{ target: '$.components.schemas.A.xml.foo', remove: true }],
    check: (s) => expect(s.accept).toEqual([expect.objectContaining({ rule: 'struct', count: 1 })]),
  },
];

suggestTable('struct', cases);
