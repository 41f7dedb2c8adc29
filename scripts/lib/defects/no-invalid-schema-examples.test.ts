// no-invalid-schema-examples (Redocly's rule): given a spec fragment, want this finding and this action.
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    name: "a schema's example of the wrong type",
    given: (d) => (d.components.schemas.Thing.properties.name.example = 5),
    findings: 'some',
    actions: [{ target: '$.components.schemas.Thing.properties.name.example', remove: true }],
    fixed: (d) => expect(d.components.schemas.Thing.properties.name).toEqual({ type: 'string' }),
  },
  {
    // wowza.com's stream_target_create_input: removing the example alone left `{ allOf: [{ $ref }] }`
    name: 'the example of an allOf of one member: removed, and the member written in the allOf’s place',
    given: (d) => {
      d.components.schemas.Input = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
      d.components.schemas.CreateInput = { allOf: [{ $ref: '#/components/schemas/Input' }], example: { name: 5 } };
      d.components.schemas.Thing.properties.input = { $ref: '#/components/schemas/CreateInput' };
    },
    findings: 'some',
    actions: [
      { target: '$.components.schemas.CreateInput.example', remove: true },
      { target: '$.components.schemas.CreateInput', update: { $ref: '#/components/schemas/Input' } },
      { target: '$.components.schemas.CreateInput.allOf', remove: true },
    ],
    fixed: (d) => expect(d.components.schemas.CreateInput).toEqual({ $ref: '#/components/schemas/Input' }),
  },
  {
    // shutterstock's AudioDataList: a response example's value is `{ $ref: '#/components/schemas/AudioDataList/example' }`;
    // removing the schema's example alone left that $ref dangling and the build refused the effective spec
    name: 'a schema example another example names by $ref: removed with that use',
    given: (d) => {
      d.components.schemas.Thing.example = { name: 5 };
      putOp(d).requestBody.content['application/json'].examples = {
        shared: { value: { $ref: '#/components/schemas/Thing/example' } },
        own: { value: { name: 'fine' } },
      };
    },
    findings: 'some',
    actions: [
      { target: "$.paths['/things/{id}'].put.requestBody.content['application/json'].examples.shared", remove: true },
      { target: '$.components.schemas.Thing.example', remove: true },
    ],
    fixed: (d) => {
      expect(d.components.schemas.Thing.example).toBeUndefined();
      expect(putOp(d).requestBody.content['application/json'].examples).toEqual({ own: { value: { name: 'fine' } } });
    },
  },
];

lintTable('no-invalid-schema-examples', cases);
