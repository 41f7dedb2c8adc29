// cases.ts: which requests verify may send to a real server, given the spec and the options.
import { describe, expect, it } from 'vitest';
import { specModel } from '../spec/spec-model.ts';
import { unknownIdFor, verifyCases } from './cases.ts';

const body = {
  required: true,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string', format: 'email' }, tier: { type: 'string', enum: ['gold', 'silver'] } },
      },
      example: { email: 'a@example.com', tier: 'gold' },
    },
  },
};
const model = specModel({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  security: [{ key: [] }],
  components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
  paths: {
    '/customers': { post: { operationId: 'create', requestBody: body, responses: { '201': { description: 'created' } } } },
    '/customers/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      get: { operationId: 'read', responses: { '200': { description: 'ok' } } },
      put: { operationId: 'update', requestBody: body, responses: { '200': { description: 'ok' } } },
    },
    '/status': { get: { operationId: 'status', security: [], responses: { '200': { description: 'ok' } } } },
  },
});
const ID = '11111111-2222-4333-8444-555555555555';
const names = (cases: ReturnType<typeof verifyCases>) =>
  cases.map((c) => `${c.op.id}: ${c.name}${c.body === undefined ? '' : ` ${JSON.stringify(c.body)}`} -> ${JSON.stringify(c.path)}`);

describe('verifyCases', () => {
  it('without --id and writes: provoked errors only, every one aimed at the unknown id; a create gets nothing', () => {
    const read = model.operation('GET /customers/{id}');
    if (!read) throw new Error('no operation');
    const unknown = unknownIdFor(read);
    expect(unknown).toBe('00000000-0000-4000-8000-000000000000');
    const cases = verifyCases(model, { allowWrites: false });
    expect(cases.every((c) => c.kind !== 'write' && c.op.id !== 'create')).toBe(true);
    expect(cases.filter((c) => c.op.id === 'update').every((c) => c.path.id === unknown)).toBe(true);
    expect(names(cases)).toEqual([
      `read: no credentials -> {"id":"${unknown}"}`,
      `read: wrong credentials -> {"id":"${unknown}"}`,
      `read: unknown id -> {"id":"${unknown}"}`,
      `update: no credentials {"email":"a@example.com","tier":"gold"} -> {"id":"${unknown}"}`,
      `update: wrong credentials {"email":"a@example.com","tier":"gold"} -> {"id":"${unknown}"}`,
      `update: unknown id {"email":"a@example.com","tier":"gold"} -> {"id":"${unknown}"}`,
      `update: invalid body: not an object (an array) [] -> {"id":"${unknown}"}`,
      `update: invalid body: email not a valid email {"email":"not-an-email","tier":"gold"} -> {"id":"${unknown}"}`,
      `update: invalid body: tier not in its enum {"email":"a@example.com","tier":"not-gold-silver"} -> {"id":"${unknown}"}`,
      `update: invalid body: required email missing {"tier":"gold"} -> {"id":"${unknown}"}`,
      'status: read -> {}',
    ]);
  });

  it('--id: the reads go to that record; --allow-writes adds one write to it and the create', () => {
    const reads = verifyCases(model, { id: ID, allowWrites: false });
    expect(reads.find((c) => c.op.id === 'read' && c.kind === 'read')?.path).toEqual({ id: ID });
    expect(reads.some((c) => c.kind === 'write')).toBe(false);
    const writes = verifyCases(model, { id: ID, allowWrites: true });
    expect(writes.filter((c) => c.kind === 'write').map((c) => [c.op.id, c.path])).toEqual([
      ['create', {}],
      ['update', { id: ID }],
    ]);
    // invalid bodies never go to the record that may be changed
    expect(writes.filter((c) => c.kind === 'invalid-body' && c.op.id === 'update').every((c) => c.path.id !== ID)).toBe(true);
  });
});
