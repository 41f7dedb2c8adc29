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
    name: 'a finding without a mechanical correction that does not stop generation, beside one with: that one accepted',
    doc: () => ({
      openapi: '3.0.3',
      paths: {},
      components: {
        schemas: {
          A: { xml: { foo: 1 } },
          B: { type: 'object', definitions: { C: { type: 'string' } } },
          D: { $ref: '#/components/schemas/B/definitions/C' },
        },
      },
    }),
    findings: [
      finding('struct', '#/components/schemas/A/xml/foo', 'Property `foo` is not expected here.'),
      // an unknown keyword references point into: it stays, and generation goes on
      finding('struct', '#/components/schemas/B/definitions', 'Property `definitions` is not expected here.'),
    ],
    actions: [{ target: '$.components.schemas.A.xml.foo', remove: true }],
    check: (s) => {
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'struct', count: 1 })]);
      expect(s.rules).toEqual([expect.objectContaining({ rule: 'struct', treatment: 'overlay' })]);
    },
  },
  {
    name: 'a finding that stops generation and has no correction is never accepted (--accept-all would only move the failure to the build)',
    doc,
    findings: [
      finding('struct', '#/components/schemas/A/xml/foo', 'Property `foo` is not expected here.'),
      finding('struct', '#/paths', 'Something else.'),
    ],
    actions: [{ target: '$.components.schemas.A.xml.foo', remove: true }],
    check: (s) => {
      expect(s.accept).toEqual([]);
      expect(s.rules).toEqual([expect.objectContaining({ rule: 'struct', treatment: 'by-hand', actions: 1 })]);
    },
  },
  {
    name: 'a finding inside a vendor extension (x-webhooks holding a flag) is accepted, not left for a person: generation does not read it',
    doc: () => ({ openapi: '3.0.3', paths: {}, 'x-webhooks': { 'x-sdk-exclude': true } }),
    findings: [finding('struct', '#/x-webhooks/x-sdk-exclude', 'Expected type `PathItem` (object) but got `boolean`')],
    actions: [],
    check: (s) => {
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'struct', count: 1 })]);
      expect(s.rules).toEqual([expect.objectContaining({ rule: 'struct', treatment: 'accept' })]);
    },
  },
  {
    name: 'a value of the wrong type: written as its type asks where that loses nothing, else removed from its schema',
    doc: () => ({
      openapi: '3.0.3',
      paths: {},
      components: {
        schemas: {
          T: {
            type: 'object',
            properties: {
              code: { type: 'string', pattern: 0, maxLength: '10', description: 5 },
              tags: { type: 'array', uniqueItems: 'true', items: { enum: 'a' } },
            },
          },
        },
      },
    }),
    findings: [
      finding('struct', '#/components/schemas/T/properties/code/pattern', 'Expected type `string` but got `integer`.'),
      finding('struct', '#/components/schemas/T/properties/code/maxLength', 'Expected type `integer` but got `string`.'),
      finding('struct', '#/components/schemas/T/properties/code/description', 'Expected type `string` but got `integer`.'),
      finding('struct', '#/components/schemas/T/properties/tags/uniqueItems', 'Expected type `boolean` but got `string`.'),
      finding('struct', '#/components/schemas/T/properties/tags/items/enum', 'Expected type `array` but got `string`.'),
    ],
    actions: [
      { target: '$.components.schemas.T.properties.code.pattern', remove: true },
      { target: '$.components.schemas.T.properties.code', update: { maxLength: 10 } },
      { target: '$.components.schemas.T.properties.code', update: { description: '5' } },
      { target: '$.components.schemas.T.properties.tags', update: { uniqueItems: true } },
      { target: '$.components.schemas.T.properties.tags.items.enum', remove: true },
      { target: '$.components.schemas.T.properties.tags.items', update: { enum: ['a'] } },
    ],
    check: (s) => expect(s.accept).toEqual([]),
  },
  {
    name: 'a schema `$ref` that points at a parameter: the parameter keeps its `name`, `in` and `schema` (the reference is the defect), and the findings are accepted',
    // enode: the items of one operation's `field[]` parameter refer to another operation's parameter
    doc: () => ({
      openapi: '3.0.0',
      paths: {
        '/vehicles': {
          get: {
            parameters: [
              { in: 'query', name: 'field[]', schema: { type: 'array', items: { $ref: '#/paths/~1vehicles~1%7Bid%7D/get/parameters/0' } } },
            ],
            responses: { 200: { description: 'ok' } },
          },
        },
        '/vehicles/{id}': {
          get: {
            parameters: [{ in: 'query', name: 'field[]', explode: true, schema: { type: 'array', items: { type: 'string' } } }],
            responses: { 200: { description: 'ok' } },
          },
        },
      },
    }),
    findings: ['explode', 'in', 'name', 'schema'].map((k) =>
      finding('struct', `#/paths/~1vehicles~1{id}/get/parameters/0/${k}`, `Property \`${k}\` is not expected here.`),
    ),
    actions: [],
    check: (s) => {
      expect(s.accept).toEqual([expect.objectContaining({ rule: 'struct', count: 4 })]);
      expect(s.rules).toEqual([expect.objectContaining({ rule: 'struct', treatment: 'accept' })]);
    },
  },
];

suggestTable('struct', cases);
