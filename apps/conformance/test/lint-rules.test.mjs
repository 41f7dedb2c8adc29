// Each lint rule the clients rely on, against a small document that breaks it (the finding must
// appear) and the same document fixed (it must not). All cases are linted in one Redocly run
// with the repository's own redocly.yaml rules and plugin.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { redoclyAsync } from '@capi/scripts/lib/redocly.ts';
import { parseJsonStream } from '@capi/scripts/lib/lint.ts';
import { repoRoot } from '@capi/scripts/lib/registry.ts';

const base = () => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://api.test.invalid' }],
  security: [{ key: [] }],
  paths: {
    '/things/{id}': {
      put: {
        operationId: 'updateThing',
        summary: 'Update a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: { name: 'n' } } } },
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          400: { description: 'bad' },
          401: { description: 'no auth' },
          404: { description: 'none' },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: { Thing: { type: 'object', properties: { name: { type: 'string' } } } },
  },
});
const op = (d) => d.paths['/things/{id}'].put;

const cases = {
  'capi/operation-401-documented': (d) => delete op(d).responses[401],
  'capi/operation-4xx-documented': (d) => delete op(d).responses[404],
  'capi/no-oas30-keywords': (d) => (d.components.schemas.Thing.properties.name.nullable = true),
  // beside a $ref (after # the name of the case, not of the rule)
  'capi/no-oas30-keywords#ref': (d) => (op(d).responses[200].content['application/json'].schema.nullable = true),
  'capi/security-scheme-defined': (d) => d.security.push({ basicAuth: [] }),
  'operation-operationId': (d) => delete op(d).operationId,
  'no-invalid-media-type-examples': (d) => (op(d).requestBody.content['application/json'].example = { name: 42 }),
  'capi/content-media-type': (d) => (op(d).responses[400].content = { code: { examples: { response: { value: 400 } } } }),
  // with an example that does not match: the rule names the pattern, and the lint still ends
  // (the lint stage lints with the linear pattern; see the lint tests)
  'capi/pattern-backtracking': (d) =>
    Object.assign(d.components.schemas.Thing.properties.name, { pattern: '^([a-z]*)*$', example: 'abc1' }),
  // an identity escape JavaScript forgives without the u flag, and validators do not (anchore.io)
  // a nullable union written with `type: 'null'` beside it (vercel.com): null only
  'capi/null-only-union': (d) =>
    (d.components.schemas.Thing.properties.name = { type: 'null', oneOf: [{ type: 'string' }, { type: 'number' }] }),
  // a 205 that documents a body (gitea.io): no client ever receives one
  'capi/no-content-status': (d) =>
    (op(d).responses[205] = { description: 'reset', content: { 'application/json': { schema: { type: 'object' } } } }),
  // transport-level headers copied from a captured exchange: a mock sending them back breaks the answer
  'capi/transport-response-header': (d) =>
    (op(d).responses[200].headers = { 'Transfer-Encoding': { schema: { type: 'string' } }, 'X-Id': { schema: { type: 'string' } } }),
  // a transport-level header as a request header parameter: no client can send it as documented
  'capi/transport-request-header': (d) =>
    op(d).parameters.push({ name: 'Content-Length', in: 'header', required: true, schema: { type: 'integer' } }),
  // a closed schema that requires what it forbids (britbox.co.uk): no value is valid
  'capi/required-not-allowed': (d) =>
    Object.assign(d.components.schemas.Thing, { additionalProperties: false, required: ['name', 'status'] }),
  // a path parameter admitting '' (cpy.re peertube): no client can send it
  'capi/path-param-empty-value': (d) => (op(d).parameters[0].schema = { type: 'string', enum: ['', 'x'] }),
  // a header parameter OpenAPI ignores (npr.org documents its token so)
  'capi/ignored-header-parameter': (d) => op(d).parameters.push({ name: 'Authorization', in: 'header', schema: { type: 'string' } }),
  // a closed allOf part whose sibling adds a property: no value with it is valid
  'capi/closed-allof-part': (d) =>
    (d.components.schemas.Thing = {
      allOf: [
        { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
        { type: 'object', properties: { id: { type: 'string' } } },
      ],
    }),
  'capi/pattern-syntax': (d) => (d.components.schemas.Thing.properties.name.pattern = '^\\d{2}(?:\\:\\d+)?$'),
};

let findings; // case name -> rule ids found
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capi-rules-'));
  try {
    const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
    const apis = { good: { root: join(dir, 'good.yaml') }, open: { root: join(dir, 'open.yaml') } };
    writeFileSync(join(dir, 'good.yaml'), stringify(base()));
    const open = base();
    op(open).requestBody.content['application/json'].example = { name: 'n', nickname: 'extra' };
    writeFileSync(join(dir, 'open.yaml'), stringify(open));
    for (const [rule, breakIt] of Object.entries(cases)) {
      const doc = base();
      breakIt(doc);
      const file = join(dir, `${rule.replace(/[/#]/g, '_')}.yaml`);
      writeFileSync(file, stringify(doc));
      apis[rule.replace(/[/#]/g, '_')] = { root: file };
    }
    const cfg = { extends: config.extends, plugins: config.plugins.map((p) => resolve(repoRoot, p)), rules: config.rules, apis };
    writeFileSync(join(dir, 'redocly.yaml'), stringify(cfg));
    const res = await redoclyAsync(['lint', '--config', join(dir, 'redocly.yaml'), '--format=json'], { cwd: dir });
    findings = {};
    for (const p of parseJsonStream(res.stdout).problems) {
      const name = p.location[0].source.ref.replace(/^.*\//, '').replace('.yaml', '');
      (findings[name] ??= []).push(p.ruleId);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('lint rules', () => {
  it('the valid document has no findings', () => {
    expect(findings.good ?? []).toEqual([]);
  });
  it('an example with a property its open schema does not list is valid (only a schema that forbids it makes it invalid)', () => {
    expect(findings.open ?? []).toEqual([]);
  });
  it.each(Object.keys(cases))('%s reports the broken document', (rule) => {
    expect(findings[rule.replace(/[/#]/g, '_')] ?? []).toContain(rule.split('#')[0]);
  });
});
