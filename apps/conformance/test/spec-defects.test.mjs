// Spec defects that only the contract tests can find: a response schema whose `oneOf`
// alternatives overlap, so Prism cannot answer any valid response. Against real Prism servers:
// the defect is named with the overlay actions that correct it, and with those actions applied
// (by the build's own overlay checker) the same request gets a valid answer.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startPrism } from '../src/prism.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation, prismViolations } from '../src/prism.ts';
import { answeredBodyViolations, assertNoResponseDefect, unrefusableBody, servedResponse, uncheckedReason } from '../src/judge/defects.ts';
import { checkOverlay } from '@capi/scripts/lib/overlay/overlay.ts';

const spec = {
  openapi: '3.1.0',
  info: { title: 'overlap', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                schema: { type: 'object', required: ['thing'], properties: { thing: { $ref: '#/components/schemas/Thing' } } },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      // both alternatives accept { name: "..." }: no value matches exactly one
      Thing: {
        oneOf: [
          { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' } } },
        ],
      },
    },
  },
};

let dir;
let servers = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(file) {
  const server = await startPrism(file);
  servers.push(server);
  const response = await fetch(`${server.url}/things/t1`, { headers: { Prefer: 'code=200' } });
  const body = await response.json();
  return { response, body };
}

describe('spec defects found by the contract tests', () => {
  it('names an overlapping oneOf with the overlay actions that correct it, and those actions make the answer valid', async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-defects-'));
    const file = join(dir, 'effective.yaml');
    writeFileSync(file, stringify(spec));
    const model = loadSpecModel(file);
    const op = model.operations[0];

    const before = await ask(file);
    expect(before.response.status).toBe(500);
    const violations = prismViolations(before.response, before.body);
    expect(violations).toContainEqual(expect.objectContaining({ where: 'response', at: 'body.thing', code: 'oneOf' }));
    let message = '';
    try {
      assertNoResponseDefect(violations, { model, response: op.responses[0], specFile: 'effective.yaml', status: 200 });
    } catch (err) {
      message = err.message;
    }
    expect(message).toMatch(
      /^Prism cannot answer a valid 200 from effective\.yaml: the spec's own response is invalid there \(a spec defect, not a client one\): body\.thing: .*oneOf/,
    );
    expect(message).toMatch(/put in the overlay:\n {2}- target: \$\.components\.schemas\.Thing\n/);

    // paste the actions into an overlay and build the corrected document the way the build does
    const actions = parse(message.slice(message.indexOf('put in the overlay:\n') + 'put in the overlay:\n'.length));
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
    const fixed = checkOverlay(overlay, spec, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    expect(fixed.document.components.schemas.Thing).toEqual({ anyOf: spec.components.schemas.Thing.oneOf });
    writeFileSync(file, stringify(fixed.document));

    const after = await ask(file);
    expect(prismViolations(after.response, after.body)).toEqual([]);
    expect(after.response.status).toBe(200);
    expect(after.body.thing).toHaveProperty('name');
  });

  it('tells a mock limitation apart from a spec defect: a recursive schema and format byte are valid specs Prism cannot mock', async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-mock-'));
    const file = join(dir, 'effective.yaml');
    const get = (operationId, schema) => ({
      get: { operationId, responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } },
    });
    writeFileSync(
      file,
      stringify({
        openapi: '3.1.0',
        info: { title: 'mock limits', version: '1' },
        paths: {
          '/tree': get('tree', { $ref: '#/components/schemas/Node' }),
          '/blob': get('blob', { type: 'object', required: ['data'], properties: { data: { type: 'string', format: 'byte' } } }),
        },
        components: {
          schemas: {
            Node: {
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
            },
          },
        },
      }),
    );
    const model = loadSpecModel(file);
    const server = await startPrism(file);
    servers.push(server);
    for (const [path, what] of [
      ['/tree', /children\.0.*must have required property 'name'/],
      ['/blob', /data.*must match format "byte"/],
    ]) {
      const response = await fetch(`${server.url}${path}`);
      const violations = prismViolations(response, await response.json());
      expect(
        violations.some((v) => v.where === 'response'),
        path,
      ).toBe(true);
      const op = model.operations.find((o) => o.path === path);
      const meta = {};
      let thrown;
      try {
        assertNoResponseDefect(violations, { model, response: op.responses[0], specFile: 'effective.yaml', status: 200, meta });
      } catch (err) {
        thrown = err;
      }
      expect(thrown, path).toBeInstanceOf(MockLimitation);
      expect(meta.limitation).toBe('mock');
      expect(meta.reason).toMatch(
        /^Prism's mock made an invalid 200 response although the schema at #\/paths\/.* has valid values \(a mock limitation, not a spec or client defect\)/,
      );
      expect(meta.reason).toMatch(what);
      expect(meta.fix).toBeUndefined();
    }
  });

  it('an invalid request answered with 500 because the only error response is `*/*` is a mock limitation, with the request violations named', async () => {
    // agco-ats.com's spec: an operation documents 204 and `default` with `*/*` content. Prism
    // finds the body invalid, picks `default` for the error, has no serializer for `*/*` and
    // answers 500 (errors#UNKNOWN), the request violations still in its header.
    dir = mkdtempSync(join(tmpdir(), 'capi-mock-'));
    const file = join(dir, 'effective.yaml');
    writeFileSync(
      file,
      stringify({
        openapi: '3.0.3',
        info: { title: 'wildcard error', version: '1' },
        paths: {
          '/things/{id}': {
            put: {
              operationId: 'putThing',
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } },
              },
              responses: {
                204: { description: 'done' },
                default: {
                  description: 'error',
                  content: { '*/*': { schema: { type: 'object', properties: { message: { type: 'string' } } } } },
                },
              },
            },
          },
        },
      }),
    );
    const server = await startPrism(file);
    servers.push(server);
    const response = await fetch(`${server.url}/things/1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '5',
    });
    expect(response.status).toBe(500);
    const violations = prismViolations(response, await response.json());
    expect(violations.filter((v) => v.where === 'request').map((v) => v.at)).toEqual(['body']);
    expect(violations.find((v) => v.where === 'prism')?.message).toMatch(/Cannot find serializer for \*\/\*/);
    const meta = {};
    expect(() =>
      assertNoResponseDefect(violations, {
        model: loadSpecModel(file),
        response: undefined,
        specFile: 'effective.yaml',
        status: 'error response',
        meta,
      }),
    ).toThrow(MockLimitation);
    expect(meta.limitation).toBe('mock');
    expect(meta.reason).toMatch(
      /^Prism's mock cannot answer error response from effective\.yaml \(a mock limitation\): Cannot find serializer for \*\/\* \(after finding the request invalid: request body: /,
    );
  });

  it('with no error response documented, judges the response Prism served by its documented status, not as a spec defect', async () => {
    // twilio.com's CreateSafelist: a form body that is not required, only a 201 documented, whose
    // `sid` has a pattern Prism's static mock does not make. A request Prism finds valid gets
    // that 201, which it cannot make valid: it answers its own 500 with the 201's violations.
    dir = mkdtempSync(join(tmpdir(), 'capi-served-'));
    const file = join(dir, 'effective.yaml');
    const sid = { type: 'string', pattern: '^GN[0-9a-fA-F]{32}$' };
    writeFileSync(
      file,
      stringify({
        openapi: '3.0.3',
        info: { title: 'served', version: '1' },
        paths: {
          '/numbers': {
            post: {
              operationId: 'createSafelist',
              requestBody: {
                content: {
                  'application/x-www-form-urlencoded': {
                    schema: { type: 'object', required: ['PhoneNumber'], properties: { PhoneNumber: { type: 'string' } } },
                  },
                },
              },
              responses: {
                201: {
                  description: 'created',
                  content: { 'application/json': { schema: { type: 'object', required: ['sid'], properties: { sid } } } },
                },
              },
            },
          },
        },
      }),
    );
    const server = await startPrism(file);
    servers.push(server);
    const response = await fetch(`${server.url}/numbers`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'PhoneNumber=',
    });
    expect(response.status).toBe(500);
    const violations = prismViolations(response, await response.json());
    expect(violations.map((v) => `${v.where} ${v.at}`)).toEqual(['response body.sid']);
    const model = loadSpecModel(file);
    const op = model.operations[0];
    expect(servedResponse(op, 500, violations)?.status).toBe('201');
    expect(servedResponse(op, 422, [{ where: 'request', at: 'body' }])).toBeUndefined();
    const meta = {};
    const given = { model, response: undefined, specFile: 'effective.yaml', status: 'error response', meta };
    // without the operation, nothing tells which schema the violations are about: a spec defect
    expect(() => assertNoResponseDefect(violations, given)).toThrow(/spec defect/);
    expect(() => assertNoResponseDefect(violations, { ...given, op, answered: 500 })).toThrow(MockLimitation);
    expect(meta.limitation).toBe('mock');
    expect(meta.reason).toMatch(
      /^Prism's mock made an invalid 201 response \(Prism served it to a request it found valid: it refused nothing\) although the schema at #\/paths\/~1numbers\/post\/responses\/201\/content\/application~1json\/schema has valid values/,
    );
  });

  it('a success Prism has no serializer for is named as the response it could not make, not "undefined"', async () => {
    // lgtm's PUT .../analysis-configuration: 200 only as application/x-yaml. A valid request gets
    // Prism's own 500 (no serializer); the property case's reason said it could not answer
    // "undefined response"
    dir = mkdtempSync(join(tmpdir(), 'capi-noserializer-'));
    const file = join(dir, 'effective.yaml');
    writeFileSync(
      file,
      stringify({
        openapi: '3.0.3',
        info: { title: 'yaml answers', version: '1' },
        paths: {
          '/config': {
            put: {
              operationId: 'setConfig',
              requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string' } } } } } },
              responses: {
                200: { description: 'the configuration', content: { 'application/x-yaml': { schema: { type: 'object' } } } },
                400: { description: 'invalid' },
              },
            },
          },
        },
      }),
    );
    const server = await startPrism(file);
    servers.push(server);
    const response = await fetch(`${server.url}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"a":"b"}',
    });
    expect(response.status).toBe(500);
    const violations = prismViolations(response, await response.json());
    expect(violations.map((v) => v.where)).toEqual(['prism']);
    expect(violations[0].message).toMatch(/Cannot find serializer for application\/x-yaml/);
    const op = loadSpecModel(file).operations[0];
    expect(servedResponse(op, 500, violations)?.status).toBe('200');
    // a request Prism refused: still not told
    expect(servedResponse(op, 500, [...violations, { where: 'request', at: 'body', message: 'x' }])).toBeUndefined();
  });

  it('a request body readOnly as a whole is a spec defect: Prism refuses no body, and the action that removes the keyword makes it refuse', async () => {
    // intellifi.nl's POST /locations: its body is the `Location` schema, `readOnly: true` as a
    // whole (its response too). Prism strips read-only parts of a request schema, the root with
    // them, and accepts any body: every negative case would fail as if the client were wrong.
    dir = mkdtempSync(join(tmpdir(), 'capi-readonly-'));
    const file = join(dir, 'effective.yaml');
    const readOnlySpec = {
      openapi: '3.0.3',
      info: { title: 'read-only body', version: '1' },
      paths: {
        '/locations': {
          post: {
            operationId: 'addLocation',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Location' } } } },
            responses: { 201: { description: 'created' } },
          },
        },
      },
      components: {
        schemas: {
          Location: {
            type: 'object',
            readOnly: true,
            properties: { id: { type: 'string', readOnly: true }, label: { type: 'string' } },
          },
        },
      },
    };
    writeFileSync(file, stringify(readOnlySpec));
    const post = async () => {
      const server = await startPrism(file);
      servers.push(server);
      const res = await fetch(`${server.url}/locations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ label: 5 }),
      });
      return res.status;
    };
    expect(await post(), 'Prism accepts a body its schema refuses').toBe(201);
    const model = loadSpecModel(file);
    const op = model.operations[0];
    const meta = {};
    const { limitation, message } = unrefusableBody(model, op, op.requestBody.media[0], { specFile: 'effective.yaml', meta });
    expect(limitation).toBe('spec');
    expect(message).toMatch(
      /^Prism cannot refuse any application\/json body of POST \/locations from effective\.yaml: its schema \(at #\/components\/schemas\/Location\) is readOnly as a whole.*\(a spec defect, not a client one\)\nput in the overlay:\n {2}- target: \$\.components\.schemas\.Location\.readOnly\n/,
    );
    expect(meta.fix).toHaveLength(1);

    const actions = parse(message.slice(message.indexOf('put in the overlay:\n') + 'put in the overlay:\n'.length));
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
    const fixed = checkOverlay(overlay, readOnlySpec, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    expect(fixed.document.components.schemas.Location.properties.id.readOnly, 'a property keeps its own').toBe(true);
    writeFileSync(file, stringify(fixed.document));
    expect(await post(), 'refused once the keyword is gone').toBe(422);
    const after = loadSpecModel(file);
    expect(unrefusableBody(after, after.operations[0], after.operations[0].requestBody.media[0])).toBeNull();
  });

  it('a request body whose pattern Prism cannot compile (u flag) refuses no body: a spec defect, with the rewrite that makes Prism refuse', async () => {
    // beezup.com's GetOrderInvoicePdf: `orderInvoiceUri` has the pattern `...([\\/\\w \\.?&\\%-=])*...`;
    // with the u flag validators use, `\\%` does not compile, Prism drops that error and accepts
    // any body (when lint's fix is not in the overlay yet, the contract tests meet it)
    dir = mkdtempSync(join(tmpdir(), 'capi-uncompiled-'));
    const file = join(dir, 'effective.yaml');
    const uncompiled = {
      openapi: '3.0.3',
      info: { title: 'uncompiled', version: '1' },
      paths: {
        '/invoices': {
          post: {
            operationId: 'getInvoicePdf',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['uri'],
                    properties: { uri: { $ref: '#/components/schemas/Uri' } },
                  },
                },
              },
            },
            responses: { 204: { description: 'ok' } },
          },
        },
      },
      components: { schemas: { Uri: { type: 'string', pattern: '^https?://[\\w\\%.-]+$' } } },
    };
    writeFileSync(file, stringify(uncompiled));
    const post = async (path, body) => {
      const server = await startPrism(file);
      servers.push(server);
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { server, status: res.status };
    };
    const before = await post('/invoices', '5');
    expect(before.status, 'Prism accepts a body its schema refuses').toBe(204);
    const model = loadSpecModel(file);
    const invoice = model.operation('POST /invoices');
    const compileError = before.server.uncheckedRequest('POST', '/invoices', 'application/json');
    expect(compileError).toMatch(/Invalid escape|invalid/i);
    const meta = {};
    const found = unrefusableBody(model, invoice, invoice.requestBody.media[0], { specFile: 'effective.yaml', meta, compileError });
    expect(found.limitation).toBe('spec');
    expect(found.message).toMatch(
      /^Prism cannot refuse any application\/json body of POST \/invoices from effective\.yaml: its validator cannot compile/,
    );
    expect(found.message).toMatch(/the pattern at #\/components\/schemas\/Uri /);

    const actions = parse(found.message.slice(found.message.indexOf('put in the overlay:\n') + 'put in the overlay:\n'.length));
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
    const fixed = checkOverlay(overlay, uncompiled, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    writeFileSync(file, stringify(fixed.document));
    const after = await post('/invoices', '5');
    expect(after.status, 'refused once the pattern compiles').toBe(422);
    expect(after.server.uncheckedRequest('POST', '/invoices', 'application/json')).toBeNull();
  });

  it('a request body pattern no rewrite makes compile (u flag): a spec defect, with the action that removes the keyword', async () => {
    // amazonaws.com/iot-jobs-data's DetailsValue, a converter's mangling of `[^\\p{C}]+`: no
    // rewrite compiles with the u flag and keeps the meaning the plain reading gives it
    dir = mkdtempSync(join(tmpdir(), 'capi-uncompiled-'));
    const file = join(dir, 'effective.yaml');
    const mangled = {
      openapi: '3.0.3',
      info: { title: 'uncompiled', version: '1' },
      paths: {
        '/details': {
          post: {
            operationId: 'putDetails',
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['v'], properties: { v: { $ref: '#/components/schemas/DetailsValue' } } },
                },
              },
            },
            responses: { 204: { description: 'ok' } },
          },
        },
      },
      components: { schemas: { DetailsValue: { type: 'string', pattern: '[^\\p\\{C\\}]*\\+' } } },
    };
    writeFileSync(file, stringify(mangled));
    const server = await startPrism(file);
    servers.push(server);
    const post = async () =>
      (await fetch(`${server.url}/details`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '5' })).status;
    expect(await post(), 'Prism accepts a body its schema refuses').toBe(204);
    const compileError = server.uncheckedRequest('POST', '/details', 'application/json');
    expect(compileError).toMatch(/invalid/i);
    const model = loadSpecModel(file);
    const op = model.operation('POST /details');
    const found = unrefusableBody(model, op, op.requestBody.media[0], { specFile: 'effective.yaml', meta: {}, compileError });
    expect(found?.limitation).toBe('spec');
    expect(found.message, 'no acceptance given: none named').not.toMatch(/accepted finding/);
    // with the finding accepted in redocly.yaml (as --accept-all once did), the failure names it
    const accepted = { provider: 'p', findings: [{ rule: 'capi/pattern-syntax', pointer: '#/components/schemas/DetailsValue/pattern' }] };
    const named = unrefusableBody(model, op, op.requestBody.media[0], { specFile: 'effective.yaml', compileError, accepted });
    expect(named.message.split('\n')[0]).toMatch(
      /accepted finding is: capi\/pattern-syntax at #\/components\/schemas\/DetailsValue\/pattern .*likely cause/,
    );
    const actions = parse(found.message.slice(found.message.indexOf('put in the overlay:\n') + 'put in the overlay:\n'.length));
    expect(actions).toMatchObject([{ target: '$.components.schemas.DetailsValue.pattern', remove: true }]);
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
    const fixed = checkOverlay(overlay, mangled, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    expect(fixed.document.components.schemas.DetailsValue).toEqual({ type: 'string' });
  });

  it('judges a response by what a response may hold: required readOnly and undeclared required properties are valid values Prism cannot make', async () => {
    // agco-ats.com: a page whose required Entities and TotalCount are readOnly; intellifi.nl: a
    // Blob that requires `key` but declares only `blob_key`. Both schemas have valid values, so
    // Prism's invalid answer (the literal "string" for format byte; no `key`) is its limit. A
    // generator that leaves readOnly properties out, or never makes an undeclared one, finds no
    // valid value and blamed the spec, with the violations cut off the report's first line.
    dir = mkdtempSync(join(tmpdir(), 'capi-mock-'));
    const file = join(dir, 'effective.yaml');
    const get = (operationId, schema) => ({
      get: { operationId, responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } },
    });
    writeFileSync(
      file,
      stringify({
        openapi: '3.1.0',
        info: { title: 'response values', version: '1' },
        paths: {
          '/page': get('page', {
            type: 'object',
            required: ['total', 'entities'],
            properties: {
              total: { type: 'integer', readOnly: true },
              entities: {
                type: 'array',
                readOnly: true,
                items: { type: 'object', required: ['version'], properties: { version: { type: 'string', format: 'byte' } } },
              },
            },
          }),
          '/blob': get('blob', { type: 'object', required: ['key'], properties: { blob_key: { type: 'string' } } }),
        },
      }),
    );
    const model = loadSpecModel(file);
    const server = await startPrism(file);
    servers.push(server);
    for (const [path, what] of [
      ['/page', /^body\.entities\.0\.version: .*must match format "byte"/],
      ['/blob', /^body: .*must have required property 'key'/],
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(500);
      const violations = prismViolations(response, await response.json());
      const op = model.operations.find((o) => o.path === path);
      const meta = {};
      let thrown;
      try {
        assertNoResponseDefect(violations, { model, response: op.responses[0], specFile: 'effective.yaml', status: 200, meta });
      } catch (err) {
        thrown = err;
      }
      expect(thrown, `${path}: ${thrown?.message}`).toBeInstanceOf(MockLimitation);
      expect(meta.limitation).toBe('mock');
      const [first] = meta.reason.split('\n');
      expect(first.slice(first.indexOf('defect): ') + 'defect): '.length), path).toMatch(what);
    }
  });

  it('finds an overlapping oneOf inside an allOf, names it on the first line, and its actions make the answer valid', async () => {
    // intellifi.nl's Item: allOf [ its properties, oneOf of three objects with only optional
    // properties ]: every object matches all three alternatives, so none is valid
    dir = mkdtempSync(join(tmpdir(), 'capi-defects-'));
    const file = join(dir, 'effective.yaml');
    const doc = {
      openapi: '3.1.0',
      info: { title: 'overlap in allOf', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            allOf: [
              { type: 'object', properties: { id: { type: 'string', readOnly: true } } },
              {
                oneOf: [
                  { type: 'object', properties: { location: { type: 'object', properties: { id: { type: 'string' } } } } },
                  { type: 'object', properties: { location_id: { type: 'string' } } },
                ],
              },
            ],
          },
        },
      },
    };
    writeFileSync(file, stringify(doc));
    const model = loadSpecModel(file);
    const before = await ask(file);
    expect(before.response.status).toBe(500);
    const violations = prismViolations(before.response, before.body);
    expect(violations).toContainEqual(expect.objectContaining({ where: 'response', at: 'body', code: 'oneOf' }));
    const meta = {};
    let message = '';
    try {
      assertNoResponseDefect(violations, {
        model,
        response: model.operations[0].responses[0],
        specFile: 'effective.yaml',
        status: 200,
        meta,
      });
    } catch (err) {
      message = err.message;
    }
    expect(message.split('\n')[0]).toMatch(/\(a spec defect, not a client one\): body: .*oneOf$/);
    expect(meta.fix?.map((a) => a.target)).toEqual(['$.components.schemas.Thing.allOf[1]', '$.components.schemas.Thing.allOf[1].oneOf']);

    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: meta.fix }));
    const fixed = checkOverlay(overlay, doc, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    writeFileSync(file, stringify(fixed.document));
    const after = await ask(file);
    expect(prismViolations(after.response, after.body)).toEqual([]);
    expect(after.response.status).toBe(200);
  });

  it('an answer Prism never checked is judged as sent: an invalid example is a spec defect with its removal, the rest a mock limitation', async () => {
    // box.com: a vendor extension (x-box-resource-id) with different values on allOf parts, so
    // Prism cannot merge the allOf; the unmerged schema has `{ nullable: false }` parts, which
    // Ajv refuses to compile ('"nullable" cannot be used without "type"'); Prism drops that
    // error and answers 200 with no violation. What it answered: the `example` of an allOf part
    // (an array where the schema wants an object: a spec defect) and a Link without its
    // undeclared required `accessed` (valid values exist: Prism's limit). Before, the client's
    // case failed on it.
    dir = mkdtempSync(join(tmpdir(), 'capi-unchecked-'));
    const file = join(dir, 'effective.yaml');
    const doc = {
      openapi: '3.0.2',
      info: { title: 'unchecked', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/File' } } } } },
          },
        },
      },
      components: {
        schemas: {
          File: {
            'x-resource-id': 'file',
            allOf: [
              { $ref: '#/components/schemas/Base' },
              {
                type: 'object',
                properties: {
                  shared_link: { allOf: [{ $ref: '#/components/schemas/Link' }, { nullable: false }] },
                  created_by: { allOf: [{ $ref: '#/components/schemas/User' }, { example: [{ id: 'u1' }, { type: 'user' }] }] },
                },
              },
            ],
          },
          Base: { 'x-resource-id': 'base', type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
          Link: { type: 'object', required: ['url', 'accessed'], properties: { url: { type: 'string' } } },
          User: { type: 'object', properties: { id: { type: 'string' }, type: { type: 'string' } } },
        },
      },
    };
    writeFileSync(file, stringify(doc));
    const judge = async () => {
      const model = loadSpecModel(file);
      const server = await startPrism(file);
      servers.push(server);
      const response = await fetch(`${server.url}/things/t1`, { headers: { Prefer: 'code=200' } });
      const body = await response.json();
      expect(response.status, 'Prism answers as if its answer were valid').toBe(200);
      expect(prismViolations(response, body)).toEqual([]);
      const r = model.operations[0].responses[0];
      const violations = answeredBodyViolations(model, r.schemaPointer, body);
      const unreported = uncheckedReason(server.uncheckedResponse('GET', '/things/{id}', 200), model, r.schemaPointer);
      const meta = {};
      let thrown;
      try {
        assertNoResponseDefect(violations, { model, response: r, specFile: 'effective.yaml', status: 200, meta, unreported });
      } catch (err) {
        thrown = err;
      }
      return { violations, unreported, meta, thrown };
    };

    const before = await judge();
    expect(before.unreported).toBe(
      'its validator cannot compile this schema (Ajv: "nullable" cannot be used without "type", e.g. at #/components/schemas/File/allOf/1/properties/shared_link/allOf/1; Prism 5.16 drops that error), so it never checked its answer',
    );
    expect(before.violations.map((v) => v.at)).toEqual(expect.arrayContaining(['body.created_by', 'body.shared_link']));
    expect(before.thrown).not.toBeInstanceOf(MockLimitation);
    expect(before.thrown.message.split('\n')[0]).toMatch(
      /^Prism cannot answer a valid 200 from effective\.yaml: the spec's own response is invalid there \(a spec defect, not a client one; Prism reported nothing: its validator cannot compile .*\): .*body\.created_by: must be object/,
    );
    expect(before.meta.fix).toEqual([
      expect.objectContaining({
        target: '$.components.schemas.File.allOf[1].properties.created_by.allOf[1].example',
        remove: true,
        'x-fixes': ['contract-tests'],
      }),
    ]);

    // the overlay action applied the way the build applies it: what is left is Prism's limit
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: before.meta.fix }));
    const fixed = checkOverlay(overlay, doc, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    writeFileSync(file, stringify(fixed.document));
    const after = await judge();
    expect(after.violations.map((v) => v.at)).toEqual(['body.shared_link']);
    expect(after.thrown).toBeInstanceOf(MockLimitation);
    expect(after.meta.reason).toMatch(
      /^Prism's mock made an invalid 200 response and reported nothing \(its validator cannot compile .*\) although .* has valid values .*: body\.shared_link: must have required property 'accessed'$/,
    );
  });

  it('a response Prism can check has no unchecked reason', async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-checked-'));
    const file = join(dir, 'effective.yaml');
    writeFileSync(file, stringify(spec));
    const server = await startPrism(file);
    servers.push(server);
    expect(server.uncheckedResponse('GET', '/things/{id}', 200)).toBeNull();
    expect(server.uncheckedResponse('GET', '/nowhere', 200)).toBeNull();
  });

  it("judges a header violation by the header's schema: a format Prism's mock does not make is its limit, a header no value fits a failure with no correction to suggest", async () => {
    // box.com: a 302 whose Location header is `format: url`; Prism's static mock answers "string"
    dir = mkdtempSync(join(tmpdir(), 'capi-header-'));
    const file = join(dir, 'effective.yaml');
    const redirect = (operationId) => ({
      get: {
        operationId,
        responses: { 302: { description: 'found', headers: { Location: { $ref: `#/components/headers/${operationId}` } } } },
      },
    });
    writeFileSync(
      file,
      stringify({
        openapi: '3.1.0',
        info: { title: 'headers', version: '1' },
        paths: { '/download': redirect('download'), '/never': redirect('never') },
        components: {
          headers: {
            download: { schema: { type: 'string', format: 'url' } },
            never: { schema: { type: 'string', minLength: 5, maxLength: 2 } },
          },
        },
      }),
    );
    const model = loadSpecModel(file);
    const server = await startPrism(file);
    servers.push(server);
    const judge = async (path) => {
      const response = await fetch(`${server.url}${path}`, { headers: { Prefer: 'code=302' }, redirect: 'manual' });
      const violations = prismViolations(response, await response.json().catch(() => undefined));
      expect(violations.map((v) => v.at)).toContain('header.location');
      const meta = {};
      try {
        assertNoResponseDefect(violations, {
          model,
          response: model.operations.find((o) => o.path === path).responses[0],
          specFile: 'effective.yaml',
          status: 302,
          meta,
        });
      } catch (err) {
        return { err, meta };
      }
      return { meta };
    };
    const download = await judge('/download');
    expect(download.err).toBeInstanceOf(MockLimitation);
    expect(download.meta.reason).toMatch(
      /although the schema at #\/components\/headers\/download\/schema has valid values .*: header\.location: .*must match format "url"/,
    );
    const never = await judge('/never');
    expect(never.err).not.toBeInstanceOf(MockLimitation);
    // no value fits, and no action corrects it: a failure left for a person, not a spec defect without an action
    expect(never.err.message).toMatch(
      /^Prism answered an invalid 302 from effective\.yaml, and the harness found no valid value of the schema at #\/components\/headers\/never\/schema either: a spec defect or the harness's limit, not told apart, so no correction is suggested: header\.location: /,
    );
    expect(never.err.message).not.toMatch(/a spec defect, not a client one/);
    expect(never.meta.fix).toBeUndefined();
  });

  it('an array whose enum lists item values (no-enum-type-mismatch) is a spec defect with its action: the enum moves into items, and Prism then answers valid', async () => {
    // a 326-operation spec: `type: array, enum: [...strings]`; no array equals a string, so no answer is valid
    dir = mkdtempSync(join(tmpdir(), 'capi-enum-'));
    const file = join(dir, 'effective.yaml');
    const doc = {
      openapi: '3.0.3',
      info: { title: 'enum on an array', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {
              200: {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      required: ['tags'],
                      properties: { tags: { type: 'array', enum: ['red', 'green'], items: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    writeFileSync(file, stringify(doc));
    const judge = async () => {
      const model = loadSpecModel(file);
      const server = await startPrism(file);
      servers.push(server);
      const response = await fetch(`${server.url}/things/t1`, { headers: { Prefer: 'code=200' } });
      const violations = prismViolations(response, await response.json());
      const meta = {};
      try {
        assertNoResponseDefect(violations, {
          model,
          response: model.operations[0].responses[0],
          specFile: 'effective.yaml',
          status: 200,
          meta,
        });
      } catch (err) {
        return { violations, err, meta };
      }
      return { violations, meta };
    };
    const before = await judge();
    expect(before.err).not.toBeInstanceOf(MockLimitation);
    expect(before.err.message.split('\n')[0]).toMatch(/\(a spec defect, not a client one\): body\.tags: /);
    expect(before.err.message).toMatch(/put in the overlay:\n/);
    expect(before.meta.fix).toEqual([
      expect.objectContaining({ target: expect.stringMatching(/\.properties\.tags\.enum$/), remove: true }),
      expect.objectContaining({ update: { items: { enum: ['red', 'green'] } }, 'x-fixes': ['no-enum-type-mismatch', 'contract-tests'] }),
    ]);

    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: before.meta.fix }));
    const fixed = checkOverlay(overlay, doc, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    expect(fixed.document.paths['/things/{id}'].get.responses[200].content['application/json'].schema.properties.tags).toEqual({
      type: 'array',
      items: { type: 'string', enum: ['red', 'green'] },
    });
    writeFileSync(file, stringify(fixed.document));
    const after = await judge();
    expect(after.violations).toEqual([]);
    expect(after.err).toBeUndefined();
  });

  it('a default its schema refuses is a spec defect: the value it writes as text is put in its place, and Prism then answers valid', async () => {
    // beezup.com: a map of link parameters, each with `required: { type: boolean, default: "false" }`;
    // Prism's static mock answers the default as written
    dir = mkdtempSync(join(tmpdir(), 'capi-default-'));
    const file = join(dir, 'effective.yaml');
    const doc = {
      openapi: '3.0.3',
      info: { title: 'defaults', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getThing',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Link' } } } } },
          },
        },
      },
      components: {
        schemas: {
          Link: {
            type: 'object',
            required: ['parameters'],
            properties: { parameters: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Param' } } },
          },
          Param: {
            type: 'object',
            required: ['required', 'name'],
            properties: { name: { type: 'string', default: 7 }, required: { type: 'boolean', default: 'false' } },
          },
        },
      },
    };
    writeFileSync(file, stringify(doc));
    const before = await ask(file);
    expect(before.response.status).toBe(500);
    const violations = prismViolations(before.response, before.body);
    const model = loadSpecModel(file);
    const meta = {};
    expect(() =>
      assertNoResponseDefect(violations, {
        model,
        response: model.operations[0].responses[0],
        specFile: 'effective.yaml',
        status: 200,
        meta,
      }),
    ).toThrow(
      /^Prism cannot answer a valid 200 from effective\.yaml: .*a spec defect.*: body\.parameters\.\w+\.(required|name): .*must be/,
    );
    expect(meta.fix).toHaveLength(2);
    expect(meta.fix).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: '$.components.schemas.Param.properties.required', update: { default: false } }),
        expect.objectContaining({ target: '$.components.schemas.Param.properties.name.default', remove: true }),
      ]),
    );
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: meta.fix }));
    const fixed = checkOverlay(overlay, doc, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    writeFileSync(file, stringify(fixed.document));
    const after = await ask(file);
    expect(prismViolations(after.response, after.body)).toEqual([]);
    expect(after.response.status).toBe(200);
  });

  it('an example above the violating value that its schema refuses is a spec defect: removing that example makes Prism answer valid', async () => {
    // beezup.com: `orderTransitionLinks`, an array of links with an example whose
    // `parameters.If-Match.value` is a string where the schema says object; Prism's static mock
    // answers the example of the outermost schema that has one, so the violation's own schema
    // (`value`) has no invalid example: the one to correct is the array's
    dir = mkdtempSync(join(tmpdir(), 'capi-outer-example-'));
    const file = join(dir, 'effective.yaml');
    const doc = {
      openapi: '3.0.3',
      info: { title: 'outer examples', version: '1' },
      paths: {
        '/things/{id}': {
          get: {
            operationId: 'getOrder',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
          },
        },
      },
      components: {
        schemas: {
          Order: {
            type: 'object',
            required: ['links'],
            properties: { links: { $ref: '#/components/schemas/Links' } },
          },
          Links: {
            type: 'array',
            items: { $ref: '#/components/schemas/Link' },
            example: [{ href: '/ship', parameters: { 'If-Match': { in: 'header', value: '"etag"' } } }],
          },
          Link: {
            type: 'object',
            required: ['href'],
            properties: {
              href: { type: 'string' },
              parameters: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Param' } },
            },
          },
          Param: { type: 'object', properties: { in: { type: 'string' }, value: { type: 'object' } } },
        },
      },
    };
    writeFileSync(file, stringify(doc));
    const before = await ask(file);
    expect(before.response.status).toBe(500);
    const violations = prismViolations(before.response, before.body);
    expect(violations.map((v) => v.at)).toContain('body.links.0.parameters.If-Match.value');
    const model = loadSpecModel(file);
    const meta = {};
    let err;
    try {
      assertNoResponseDefect(violations, {
        model,
        response: model.operations[0].responses[0],
        specFile: 'effective.yaml',
        status: 200,
        meta,
      });
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeInstanceOf(MockLimitation);
    expect(err.message).toMatch(
      /^Prism cannot answer a valid 200 from effective\.yaml: .*a spec defect.*: body\.links\.0\.parameters\.If-Match\.value: .*must be object/,
    );
    expect(err.message).toMatch(/put in the overlay:/);
    expect(meta.fix).toEqual([
      expect.objectContaining({
        target: '$.components.schemas.Links.example',
        remove: true,
        description: expect.stringMatching(/the example of #\/components\/schemas\/Links holds that value/),
      }),
    ]);
    const overlay = join(dir, 'overlay.yaml');
    writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: meta.fix }));
    const fixed = checkOverlay(overlay, doc, { root: dir });
    expect(fixed.actions.every((a) => a.matched && a.changed)).toBe(true);
    writeFileSync(file, stringify(fixed.document));
    const after = await ask(file);
    expect(prismViolations(after.response, after.body)).toEqual([]);
    expect(after.response.status).toBe(200);
  });

  it("reads violations from the header, from Prism's own problem, and from a shortened list", () => {
    const headers = (v) => new Headers(v === undefined ? {} : { 'sl-violations': v });
    const one = [{ location: ['request', 'body', 'a'], severity: 'Error', code: 'type', message: 'must be string' }];
    expect(prismViolations({ headers: headers(JSON.stringify(one)) }, {})).toEqual([
      { where: 'request', at: 'body.a', path: ['a'], code: 'type', message: 'must be string' },
    ]);
    expect(prismViolations({ headers: headers(`Too many violations! ${JSON.stringify(one)}`) }, {})[0].where).toBe('request');
    const problem = {
      type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
      validation: [{ location: ['body', 'a'], code: 'type', message: 'm' }],
    };
    expect(prismViolations({ headers: headers() }, problem)).toEqual([
      { where: 'request', at: 'body.a', path: ['a'], code: 'type', message: 'm' },
    ]);
    expect(prismViolations({ headers: headers() }, { type: 'about:blank' })).toEqual([]);
  });
});
