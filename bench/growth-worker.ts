// One measurement of the growth benchmark, in its own process (so its peak memory is its own):
//   node growth-worker.ts <providers> <codegen|lint|contract>
// Prints one JSON line: { n, stage, ms, maxRssMiB }.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadProviders } from '@capi/scripts/lib/registry/registry.ts';
import { generateProvider } from '@capi/scripts/lib/codegen/codegen.ts';
import { command } from '@capi/scripts/lib/shared/command.ts';

const AUTH = [
  { s: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
  { s: { type: 'http', scheme: 'bearer' } },
  { s: { type: 'http', scheme: 'basic' } },
  { s: { type: 'apiKey', in: 'query', name: 'api_key' } },
  { s: { type: 'apiKey', in: 'header', name: 'x-client-id' } },
];

/** A realistic small API: four operations, nested schemas, one of five auth kinds. */
export function syntheticSpec(i: number) {
  const err = { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } };
  const res = (schema: object, example: object) => ({ description: 'ok', content: { 'application/json': { schema, example } } });
  const e = (code: string) => res({ $ref: '#/components/schemas/Error' }, { code, message: code.toLowerCase() });
  const thing = { id: 't1', name: 'Thing', tags: ['a'], address: { city: 'Lagos', lines: ['1 Road'] }, items: [{ sku: 's1', qty: 1 }] };
  const errors = { 400: e('BAD_REQUEST'), 401: e('UNAUTHORIZED'), 404: e('NOT_FOUND') };
  const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
  return {
    openapi: '3.1.0',
    info: { title: `Synthetic ${i}`, version: '1.0.0', description: 'A synthetic API for the growth benchmark.' },
    servers: [{ url: `https://api${i}.example.test` }],
    tags: [{ name: 'things', description: 'Things' }],
    security: [{ auth: [] }],
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          summary: 'createThing',
          tags: ['things'],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } } },
          responses: { 200: res({ $ref: '#/components/schemas/Thing' }, thing), 400: errors[400], 401: errors[401] },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          summary: 'getThing',
          tags: ['things'],
          parameters: idParam,
          responses: { 200: res({ $ref: '#/components/schemas/Thing' }, thing), 401: errors[401], 404: errors[404] },
        },
        put: {
          operationId: 'updateThing',
          summary: 'updateThing',
          tags: ['things'],
          parameters: idParam,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } } },
          responses: { 200: res({ $ref: '#/components/schemas/Thing' }, thing), ...errors },
        },
        delete: {
          operationId: 'deleteThing',
          summary: 'deleteThing',
          tags: ['things'],
          parameters: idParam,
          responses: { 204: { description: 'gone' }, 401: errors[401], 404: errors[404] },
        },
      },
    },
    components: {
      securitySchemes: { auth: AUTH[i % AUTH.length].s },
      schemas: {
        Error: err,
        Address: {
          type: 'object',
          properties: { city: { type: 'string' }, lines: { type: 'array', items: { type: 'string', maxLength: 80 } } },
        },
        Item: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } },
        ThingInput: {
          type: 'object',
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1 },
            tags: { type: 'array', items: { type: 'string' } },
            address: { $ref: '#/components/schemas/Address' },
          },
        },
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
            address: { $ref: '#/components/schemas/Address' },
            items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
          },
        },
      },
    },
  };
}

command({ usage: 'usage: node bench/growth-worker.ts <providers> <codegen|lint|contract>' }, async ({ positionals }) => {
  const [n, stage] = [Number(positionals[0]), positionals[1]];
  const root = mkdtempSync(join(tmpdir(), 'capi-growth-'));
  try {
    const apis: Record<string, { root: string; output: string }> = {};
    for (let i = 0; i < n; i++) {
      const name = `p${i}`;
      mkdirSync(join(root, 'specs', name), { recursive: true });
      writeFileSync(join(root, 'specs', name, 'authored.yaml'), stringify(syntheticSpec(i)));
      writeFileSync(join(root, 'specs', name, 'effective.yaml'), stringify(syntheticSpec(i)));
      apis[name] = { root: `specs/${name}/authored.yaml`, output: `specs/${name}/effective.yaml` };
    }
    writeFileSync(
      join(root, 'redocly.yaml'),
      stringify({ extends: ['recommended'], rules: { 'info-license': 'off', 'no-server-example.com': 'off' }, apis }),
    );
    const providers = loadProviders(root);
    const t0 = performance.now();
    if (stage === 'codegen') {
      for (const p of providers) await generateProvider(p, root);
    } else if (stage === 'lint') {
      const { lintProviders } = await import('@capi/scripts/lib/lint/lint.ts');
      const results = await lintProviders(providers, root);
      const errors = [...results.values()].reduce((s, r) => s + r.errors, 0);
      if (errors)
        throw new Error(
          `synthetic specs have ${errors} lint errors: ${[...results.values()]
            .flatMap((r) => r.problems)
            .slice(0, 5)
            .map((x) => `${x.rule} ${x.message}`)
            .join('; ')}`,
        );
    } else if (stage === 'contract') {
      const { startPrism } = await import('@capi/conformance/prism.ts');
      for (const p of providers) {
        const server = await startPrism(p.effective);
        try {
          const auth = { 'x-api-key': 'k', 'x-client-id': 'c', authorization: 'Bearer t' };
          for (const [method, path] of [
            ['GET', '/things/t1'],
            ['PUT', '/things/t1'],
            ['POST', '/things'],
            ['DELETE', '/things/t1'],
          ]) {
            const basic = p.name && Number(p.name.slice(1)) % AUTH.length === 2 ? { authorization: 'Basic dTpw' } : {};
            const res = await fetch(`${server.url}${path}?api_key=k`, {
              method,
              headers: { ...auth, ...basic, 'content-type': 'application/json' },
              body: method === 'PUT' || method === 'POST' ? '{"name":"x"}' : undefined,
            });
            await res.arrayBuffer();
            if (res.status >= 300) throw new Error(`${p.name} ${method} ${path}: ${res.status} ${res.headers.get('sl-violations')}`);
          }
        } finally {
          await server.close();
        }
      }
    } else throw new Error(`unknown stage ${stage}`);
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ n, stage, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
