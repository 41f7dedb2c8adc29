// capi/deep-object-nesting: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { getBase, getOp, type LintCase, lintTable } from './testing.ts';

const range = (schema: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'range',
  in: 'query',
  style: 'deepObject',
  explode: true,
  schema,
  ...extra,
});
const pair = { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer' } };

const cases: LintCase[] = [
  {
    name: 'an array of two items inside a deepObject parameter whose schema is a component (pandascore.co: range[id])',
    given: (d) => {
      d.components.schemas.Range = {
        type: 'object',
        additionalProperties: false,
        properties: { id: pair, name: { type: 'string' } },
      };
      getOp(d).parameters.push(range({ $ref: '#/components/schemas/Range' }, { example: { id: [1, 5], name: 'n' } }));
    },
    findings: ['#/components/schemas/Range/properties/id', '#/paths/~1things~1{id}/get/parameters/1/example/id'],
    actions: [
      { target: '$.components.schemas.Range.properties.id', remove: true },
      {
        target: '$.components.schemas.Range.properties',
        update: {
          id: {
            type: 'string',
            description:
              "(Upstream: an array of integer (2 items). OpenAPI leaves undefined how a value nested in a deepObject parameter is written: give it as one string, the way the API's docs say, such as items separated by commas.)",
          },
        },
      },
      { target: "$.paths['/things/{id}'].get.parameters[1].example.id", remove: true },
      { target: "$.paths['/things/{id}'].get.parameters[1].example", update: { id: '1,5' } },
    ],
    fixed: (d) => {
      expect(getOp(d).parameters[1].example).toEqual({ id: '1,5', name: 'n' });
      expect(d.components.schemas.Range.properties.id.type).toBe('string');
      expect(d.components.schemas.Range.properties.id).not.toHaveProperty('items');
      expect(d.components.schemas.Range.properties.name).toEqual({ type: 'string' });
    },
  },
  {
    name: 'an inline schema: a $ref to an array schema and a nested object, replaced under the parameter (the shared schema kept)',
    given: (d) => {
      d.components.schemas.Ids = { type: 'array', items: { type: 'string' }, description: 'Ids to keep' };
      getOp(d).parameters.push(
        range({
          type: 'object',
          properties: { ids: { $ref: '#/components/schemas/Ids' }, where: { type: 'object', properties: { a: { type: 'string' } } } },
        }),
      );
    },
    findings: [
      '#/paths/~1things~1{id}/get/parameters/1/schema/properties/ids',
      '#/paths/~1things~1{id}/get/parameters/1/schema/properties/where',
    ],
    fixed: (d) => {
      const props = getOp(d).parameters[1].schema.properties;
      expect(props.ids.type).toBe('string');
      expect(props.ids).not.toHaveProperty('$ref');
      expect(props.ids.description).toMatch(/^Ids to keep \(Upstream: an array of string\. /);
      expect(props.where.type).toBe('string');
      expect(props.where.description).toMatch(/^\(Upstream: an object\. /);
      expect(d.components.schemas.Ids.type).toBe('array');
    },
    actions: [
      { target: "$.paths['/things/{id}'].get.parameters[1].schema.properties.ids", remove: true },
      {
        target: "$.paths['/things/{id}'].get.parameters[1].schema.properties",
        update: {
          ids: {
            type: 'string',
            description:
              "Ids to keep (Upstream: an array of string. OpenAPI leaves undefined how a value nested in a deepObject parameter is written: give it as one string, the way the API's docs say, such as items separated by commas.)",
          },
        },
      },
      { target: "$.paths['/things/{id}'].get.parameters[1].schema.properties.where", remove: true },
      {
        target: "$.paths['/things/{id}'].get.parameters[1].schema.properties",
        update: {
          where: {
            type: 'string',
            description:
              "(Upstream: an object. OpenAPI leaves undefined how a value nested in a deepObject parameter is written: give it as one string, the way the API's docs say, such as items separated by commas.)",
          },
        },
      },
    ],
  },
  {
    name: 'arrays as the values of a free-form deepObject (additionalProperties)',
    given: (d) => {
      getOp(d).parameters.push(range({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 } }));
    },
    findings: ['#/paths/~1things~1{id}/get/parameters/1/schema/additionalProperties'],
    actions: [
      { target: "$.paths['/things/{id}'].get.parameters[1].schema.additionalProperties", remove: true },
      {
        target: "$.paths['/things/{id}'].get.parameters[1].schema",
        update: {
          additionalProperties: {
            type: 'string',
            description:
              "(Upstream: an array of string (at least 1). OpenAPI leaves undefined how a value nested in a deepObject parameter is written: give it as one string, the way the API's docs say, such as items separated by commas.)",
          },
        },
      },
    ],
    fixed: (d) => expect(getOp(d).parameters[1].schema.additionalProperties.type).toBe('string'),
  },
  {
    name: 'primitive values in a deepObject, and an array in a form-style object parameter: no finding',
    given: (d) => {
      getOp(d).parameters.push(
        range({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'string', format: 'date' } } }),
      );
      getOp(d).parameters.push({ name: 'tags', in: 'query', schema: { type: 'object', properties: { any: pair } } });
    },
    findings: [],
  },
];

lintTable('capi/deep-object-nesting', cases, getBase);
