// check.ts: given a spec and an exchange, want these divergences and actions.
import { describe, expect, it } from 'vitest';
import { specModel } from '../spec/spec-model.ts';
import { checkExchange, type Exchange } from './check.ts';

const spec = (openapi: string) =>
  specModel({
    openapi,
    info: { title: 't', version: '1' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '4XX': { description: 'error', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            size: { type: 'number' },
            name: openapi.startsWith('3.0') ? { type: 'string' } : { type: ['string'] },
          },
        },
      },
    },
  });

const answer = (status: number, body: unknown, contentType = 'application/json'): Exchange => ({
  request: { method: 'GET', url: 'http://127.0.0.1/things/1', headers: {} },
  response: { status, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) },
});

const check = (openapi: string, exchange: Exchange, redact?: (v: unknown) => unknown) => {
  const model = spec(openapi);
  const op = model.operation('GET /things/{id}');
  if (!op) throw new Error('no operation');
  return checkExchange(model, op, 'read', exchange, redact ? { redact } : {});
};

describe('checkExchange', () => {
  it('an answer as documented: none (an integer where a number is documented, a status its range covers)', () => {
    expect(check('3.1.0', answer(200, { id: 'a', size: 3 }))).toEqual([]);
    expect(check('3.1.0', answer(409, { message: 'taken' }))).toEqual([]);
  });

  it('null in an OAS 3.0 spec: nullable: true; in 3.1 a type list gets null appended', () => {
    const [d30] = check('3.0.3', answer(200, { id: 'a', name: null }));
    expect(d30?.actions).toEqual([
      expect.objectContaining({ target: '$.components.schemas.Thing.properties.name', update: { nullable: true } }),
    ]);
    const [d31] = check('3.1.0', answer(200, { id: 'a', name: null }));
    expect(d31?.actions).toEqual([
      expect.objectContaining({ target: '$.components.schemas.Thing.properties.name', update: { type: ['null'] } }),
    ]);
  });

  it('another type: admitted too, a single type removed first', () => {
    const [d] = check('3.1.0', answer(200, { id: 'a', size: 'big' }));
    expect(d?.actions.map((a) => [a.target, a.remove ?? a.update])).toEqual([
      ['$.components.schemas.Thing.properties.size.type', true],
      ['$.components.schemas.Thing.properties.size', { type: ['number', 'string'] }],
    ]);
  });

  it('an undeclared media type: declared with the observed body as example; text is kept out of a JSON check', () => {
    const [d] = check('3.1.0', answer(200, 'plain words', 'text/plain'));
    expect(d).toMatchObject({
      kind: 'media-type',
      actions: [{ target: "$.paths['/things/{id}'].get.responses['200']", update: { content: { 'text/plain': {} } } }],
    });
  });

  it('an undocumented status: the example redacted as told', () => {
    const [d] = check('3.1.0', answer(503, { retry: 'later', token: 'tok-secret-value' }), (v) => ({
      ...(v as object),
      token: '[REDACTED]',
    }));
    expect(d?.kind).toBe('status');
    expect(JSON.stringify(d?.actions)).not.toContain('tok-secret-value');
    expect(d?.actions[0]?.update).toMatchObject({
      '503': { content: { 'application/json': { example: { retry: 'later', token: '[REDACTED]' } } } },
    });
  });

  it('a value under a credential-like key is shown and added as the redacted body has it', () => {
    const model = specModel({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { type: 'object', properties: { apiKey: { type: 'string', enum: ['none'] } } } } },
              },
            },
          },
        },
      },
    });
    const op = model.operation('GET /x');
    if (!op) throw new Error('no operation');
    const redact = (v: unknown) => ({ ...(v as object), apiKey: '[REDACTED]' });
    const out = checkExchange(model, op, 'read', answer(200, { apiKey: 'sk_live_9f8e7d' }), { redact });
    expect(out).toHaveLength(1);
    expect(JSON.stringify(out)).not.toContain('sk_live_9f8e7d');
  });

  it('a violation with no mechanical correction: reported, no action', () => {
    const model = specModel({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string', pattern: '^a' } } } } },
          },
        },
      },
    });
    const op = model.operation('GET /x');
    if (!op) throw new Error('no operation');
    const out = checkExchange(model, op, 'read', answer(200, '"b"'));
    expect(out).toHaveLength(1);
    expect(out[0]?.actions).toEqual([]);
    expect(out[0]?.message).toMatch(/no mechanical action/);
  });
});
