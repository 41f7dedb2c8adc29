// capi/file-format: given a spec fragment, want these findings and these actions.
import { expect } from 'vitest';
import { type LintCase, lintTable, putOp } from './testing.ts';

const cases: LintCase[] = [
  {
    // azure.com/automation-runbook: the runbook's PowerShell text as Swagger 2's file, converted
    name: 'a text body written `type: object, format: file` becomes a binary string',
    given: (d) =>
      (putOp(d).requestBody = { required: true, content: { 'text/powershell': { schema: { type: 'object', format: 'file' } } } }),
    findings: ['#/paths/~1things~1{id}/put/requestBody/content/text~1powershell/schema/format'],
    actions: [
      {
        target: "$.paths['/things/{id}'].put.requestBody.content['text/powershell'].schema",
        update: { type: 'string', format: 'binary' },
      },
    ],
    fixed: (d) => expect(putOp(d).requestBody.content['text/powershell'].schema).toEqual({ type: 'string', format: 'binary' }),
  },
  {
    name: 'a multipart file part in a component schema, with no type',
    given: (d) => {
      d.components.schemas.Upload = { type: 'object', properties: { image: { format: 'file', description: 'the image' } } };
      putOp(d).requestBody = { content: { 'multipart/form-data': { schema: { $ref: '#/components/schemas/Upload' } } } };
    },
    findings: ['#/components/schemas/Upload/properties/image/format'],
    actions: [{ target: '$.components.schemas.Upload.properties.image', update: { type: 'string', format: 'binary' } }],
    fixed: (d) =>
      expect(d.components.schemas.Upload.properties.image).toEqual({ format: 'binary', description: 'the image', type: 'string' }),
  },
  {
    name: 'a string with `format: file`, and an object with properties besides the format, are no finding',
    given: (d) => {
      d.components.schemas.Named = { type: 'string', format: 'file' };
      d.components.schemas.Shaped = { type: 'object', format: 'file', properties: { name: { type: 'string' } } };
    },
    findings: [],
  },
];

lintTable('capi/file-format', cases);
