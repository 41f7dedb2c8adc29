// What stops generation and what does not (scripts/lib/codegen/generation-checks.ts), the overlay
// actions for what does, and the generated types of shapes openapi-typescript alone cannot
// compile (scripts/lib/codegen/type-shapes.ts), each on a small spec written for it. The actions are
// applied with the build's overlay checker and the types are checked by the real compiler.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderTypes, validateSpec } from '../../lib/codegen/codegen.ts';
import { selfLoops, structKind } from '../../lib/codegen/generation-checks.ts';
import { pathTemplateProblems, splitTemplate } from '../../lib/codegen/path-templates.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { specLocation, typecheckAdvice, typecheckGenerated } from '../../lib/codegen/generated-typecheck.ts';
import { suggestFixes } from '../../lib/lint/lint-hints.ts';
import { backtracks, linearPattern, unicodePattern, unicodeProblem } from '../../lib/lint/patterns.ts';
import { backtrackingPatterns } from '../../lib/lint/lint.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import ts from 'typescript';

const dirs = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'capi-gen-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const doc = (version, schemas, paths = {}) => ({ openapi: version, info: { title: 't', version: '1' }, paths, components: { schemas } });

/** validateSpec on a document: null when it passes, else the UserError (message, fix). */
async function validate(d) {
  const dir = tmp();
  const file = join(dir, 'effective.yaml');
  const text = stringify(d);
  writeFileSync(file, text);
  try {
    await validateSpec(text, file, { provider: 't', file: 'effective.yaml' }, structuredClone(d));
    return null;
  } catch (err) {
    return err;
  }
}

/** The document with overlay actions applied the way the build checks them. */
function applied(d, actions) {
  const dir = tmp();
  const overlay = join(dir, 'overlay.yaml');
  writeFileSync(overlay, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
  const r = checkOverlay(overlay, structuredClone(d), { root: dir });
  expect(
    r.actions.filter((a) => !a.matched),
    'every action matches',
  ).toEqual([]);
  return r.document;
}

/** The generated files of `d`, typechecked with the repository's compiler options. */
async function typesOf(d, extra = '') {
  const dir = tmp();
  const generated = join(dir, 'src', 'generated');
  mkdirSync(generated, { recursive: true });
  const { schemaTs, apiTs } = await renderTypes(structuredClone(d), { provider: 't', file: 'effective.yaml' });
  writeFileSync(join(generated, 'schema.gen.ts'), schemaTs);
  writeFileSync(join(generated, 'api.gen.ts'), `${apiTs}${extra}`);
  writeFileSync(join(generated, 'validators.gen.ts'), 'export const validators = {};\n'); // api.gen.ts imports it (the types are what is checked here)
  const check = await typecheckGenerated({ packageDir: dir, effective: join(dir, 'effective.yaml') }, repoRoot);
  return { schemaTs, ...check };
}

describe('what stops generation', () => {
  it('an unknown keyword in an OAS 3.1 schema is an annotation: it generates, and it is no finding at all', async () => {
    const d = doc('3.1.0', {
      Thing: { type: 'object', properties: { id: { type: 'string', name: 'id', regex: '^[a-z]+$' }, tag: { type: 'string', 'x-ok': 1 } } },
    });
    expect(await validate(d)).toBeNull();
    const k = structKind(
      { rule: 'struct', message: 'Property `regex` is not expected here.', pointer: '#/components/schemas/Thing/properties/id/regex' },
      d,
    );
    expect(k).toMatchObject({ kind: 'annotation', blocking: false, finding: false });
  });

  it('an unknown keyword in an OAS 3.0 schema generates too; lint gets the action that removes it', async () => {
    const d = doc('3.0.3', { Thing: { type: 'object', properties: { id: { type: 'string', regex: '^[a-z]+$' } } } });
    expect(await validate(d)).toBeNull();
    const f = {
      rule: 'struct',
      message: 'Property `regex` is not expected here.',
      pointer: '#/components/schemas/Thing/properties/id/regex',
    };
    expect(structKind(f, d)).toMatchObject({ kind: 'unknown-keyword', blocking: false, finding: true });
    const { actions } = suggestFixes([{ ...f, file: 'upstream.yaml' }], { doc: d, provider: 't' });
    expect(actions).toEqual([expect.objectContaining({ target: '$.components.schemas.Thing.properties.id.regex', remove: true })]);
    expect(applied(d, actions).components.schemas.Thing.properties.id).toEqual({ type: 'string' });
  });

  it("a schema `$ref` that points at a parameter (enode): the parameter keywords Redocly finds are the reference's defect, never removed, in 3.0 and 3.1", async () => {
    for (const openapi of ['3.0.3', '3.1.0']) {
      const d = {
        openapi,
        info: { title: 't', version: '1' },
        paths: {
          '/a': {
            get: {
              parameters: [{ in: 'query', name: 'f', schema: { type: 'array', items: { $ref: '#/components/parameters/Field' } } }],
              responses: { 200: { description: 'ok' } },
            },
          },
        },
        components: { parameters: { Field: { in: 'query', name: 'field', schema: { type: 'string' } } } },
      };
      expect(await validate(d)).toBeNull();
      const k = structKind(
        { rule: 'struct', message: 'Property `in` is not expected here.', pointer: '#/components/parameters/Field/in' },
        d,
      );
      expect(k).toMatchObject({ kind: 'ref-to-non-schema', blocking: false, finding: true });
      expect(k.fix).toBeUndefined();
      expect(k.why).toContain('Parameter object at #/components/parameters/Field');
      expect(k.why).toContain('from #/paths/~1a/get/parameters/0/schema/items');
    }
  });

  it('an unknown property in an object that only documents (an XML object: opensuse.org/obs; info, a tag) generates; lint gets the removal', async () => {
    const d = {
      ...doc('3.0.3', { Thing: { type: 'object', properties: { ns: { type: 'string', xml: { attribute: true, example: 'x' } } } } }),
      tags: [{ name: 't', summary: 'no such field' }],
    };
    expect(await validate(d)).toBeNull();
    const f = {
      rule: 'struct',
      message: 'Property `example` is not expected here.',
      pointer: '#/components/schemas/Thing/properties/ns/xml/example',
    };
    expect(structKind(f, d)).toMatchObject({ kind: 'unknown-keyword', blocking: false, finding: true });
    const { actions } = suggestFixes([{ ...f, file: 'upstream.yaml' }], { doc: d, provider: 't' });
    expect(applied(d, actions).components.schemas.Thing.properties.ns.xml).toEqual({ attribute: true });
    // an unknown property where requests are made of it still stops generation (a parameter with a Swagger 2.0 `type`)
    const param = {
      ...doc('3.0.3', {}),
      paths: { '/a': { get: { parameters: [{ name: 'q', in: 'query', type: 'string' }], responses: { 200: { description: 'ok' } } } } },
    };
    expect((await validate(param))?.message).toMatch(/not expected here/);
  });

  it('`nullable: false` without a type (box.com) changes nothing and does not stop generation; `nullable: true` without one does', async () => {
    const quiet = doc('3.0.3', { A: { allOf: [{ type: 'string' }, { nullable: false }] } });
    expect(await validate(quiet)).toBeNull();
    const loud = doc('3.0.3', { A: { allOf: [{ type: 'string' }, { nullable: true }] } });
    const err = await validate(loud);
    expect(err.message).toMatch(/The `type` field must be defined when the `nullable` field is used/);
    expect(err.fix).toEqual([expect.objectContaining({ target: '$..[?(@.nullable == true && !@.type)].nullable', remove: true })]);
    expect(await validate(applied(loud, err.fix))).toBeNull();
  });

  it('OAS 3.0 `nullable` in a 3.1 schema stops generation, with the conversion to type [T, null]', async () => {
    const d = doc('3.1.0', { A: { type: 'object', properties: { n: { type: 'string', nullable: true } } } });
    const err = await validate(d);
    expect(err.message).toMatch(/Property `nullable` is not expected here/);
    const fixed = applied(d, err.fix);
    expect(fixed.components.schemas.A.properties.n).toEqual({ type: ['string', 'null'] });
    expect(await validate(fixed)).toBeNull();
  });

  it('a `type` holding a whole schema (codat.io) is unwrapped; `type: file` becomes a binary string', async () => {
    const d = doc('3.1.0', {
      Item: {
        type: 'object',
        properties: { kind: { $ref: '#/components/schemas/ItemType' }, blob: { type: 'file' } },
      },
      ItemType: { type: { description: 'Type of the item.', enum: ['A', 'B'], type: 'string' } },
    });
    const err = await validate(d);
    expect(err.message).toMatch(/`type` can be one of the following only/);
    expect(err.unfixed).toBe(0);
    const fixed = applied(d, err.fix);
    expect(fixed.components.schemas.ItemType).toEqual({ description: 'Type of the item.', enum: ['A', 'B'], type: 'string' });
    expect(fixed.components.schemas.Item.properties.blob).toEqual({ type: 'string', format: 'binary' });
    expect(await validate(fixed)).toBeNull();
  });

  it("a value of the wrong type (api.video's `pattern: 0`) stops generation, with actions that write it as its type asks or remove it; then it generates", async () => {
    const d = doc('3.0.3', {
      Thumb: {
        type: 'object',
        properties: {
          timecode: { type: 'string', pattern: 0, maxLength: '12', description: 5 },
          tags: { type: 'array', uniqueItems: 'true', items: { type: 'string', enum: 'a' } },
        },
      },
    });
    const err = await validate(d);
    expect(err.message).toMatch(/Expected type `string` but got `integer`/);
    expect(err.unfixed).toBe(0);
    const fixed = applied(d, err.fix);
    expect(fixed.components.schemas.Thumb.properties).toEqual({
      timecode: { type: 'string', maxLength: 12, description: '5' },
      tags: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['a'] } },
    });
    expect(await validate(fixed)).toBeNull();
    // outside a schema nothing is guessed: a parameter's name of the wrong type is for a person
    const param = doc(
      '3.0.3',
      {},
      { '/x': { get: { parameters: [{ name: 5, in: 'query', schema: { type: 'string' } }], responses: { 200: { description: 'ok' } } } } },
    );
    const refused = await validate(param);
    expect(refused.unfixed).toBeGreaterThan(0);
  });

  it('a schema that loops on itself with nothing between stops generation; the action cuts the loop where an allOf closes it', async () => {
    const d = doc('3.1.0', {
      Wrap: { allOf: [{ $ref: '#/components/schemas/Wrap' }, { type: 'object', properties: { a: { type: 'string' } } }] },
      // a discriminated family whose member comes back to the parent through allOf
      Pet: { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }] },
      Cat: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', properties: { purrs: { type: 'boolean' } } }] },
      Dog: { type: 'object', properties: { barks: { type: 'boolean' } } },
      // legal recursion: a property, an array item
      Node: { type: 'object', properties: { parent: { $ref: '#/components/schemas/Node' } } },
      Tree: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
    });
    const loops = selfLoops(d);
    expect(loops.map((l) => l.message)).toEqual([
      expect.stringMatching(/^Wrap → Wrap: the schema refers to itself through allOf/),
      expect.stringMatching(/^(Pet → Cat → Pet|Cat → Pet → Cat): the schema refers to itself through allOf/),
    ]);
    const err = await validate(d);
    expect(err.fix.map((a) => a.target).sort()).toEqual(['$.components.schemas.Cat.allOf[0]', '$.components.schemas.Wrap.allOf[0]']);
    const fixed = applied(d, err.fix);
    expect(selfLoops(fixed)).toEqual([]);
    expect(await validate(fixed)).toBeNull();
    const { ok, errors } = await typesOf(fixed);
    expect(errors.map((e) => e.text)).toEqual([]);
    expect(ok).toBe(true);
  }, 60_000);

  it('references that only point at each other are named, with no action to guess', () => {
    const loops = selfLoops(doc('3.1.0', { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } }));
    expect(loops).toEqual([expect.objectContaining({ fix: [], message: expect.stringMatching(/only refer to each other/) })]);
  });

  it('two operations with one operationId stop generation at the validation, with the file, line and rule (openapi-typescript no longer lints)', async () => {
    const op = (id) => ({ get: { operationId: id, responses: { 200: { description: 'ok' } } } });
    const d = doc('3.1.0', {}, { '/a': op('getThing'), '/b': op('getThing') });
    const err = await validate(d);
    expect(err?.message).toMatch(/effective\.yaml:\d+:\d+ .*operationId.*\(operation-operationId-unique\)/);
    expect(await validate(doc('3.1.0', {}, { '/a': op('getA'), '/b': op('getB') }))).toBeNull();
  });

  it('keys named like what every JavaScript object has (a property valueOf, a schema hasOwnProperty) generate; a problem under one is named at its own line', async () => {
    // Redocly 1.34 threw "Cannot convert undefined or null to object" (no location) on valueOf and
    // hasOwnProperty, found a wrong type under constructor, and checked nothing under toString
    const names = ['valueOf', 'hasOwnProperty', 'constructor', 'toString', 'isPrototypeOf'];
    const thing = { type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])) };
    const answer = (ref) => ({ 200: { description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } } });
    const d = doc(
      '3.0.3',
      { hasOwnProperty: thing, Holder: { type: 'object', properties: { valueOf: { $ref: '#/components/schemas/hasOwnProperty' } } } },
      { '/things': { get: { operationId: 'getThing', responses: answer('#/components/schemas/Holder') } } },
    );
    expect(await validate(d)).toBeNull();
    const broken = structuredClone(d);
    broken.components.schemas.hasOwnProperty.properties.toString = { type: 'string', minLength: 'one' };
    const err = await validate(broken);
    const line =
      stringify(broken)
        .split('\n')
        .findIndex((l) => l.includes('minLength: one')) + 1;
    expect(err?.message).toMatch(new RegExp(`effective\\.yaml:${line}:\\d+ Expected type \`integer\` but got \`string\`\\. \\(struct\\)`));
  });

  it('a document that is not OAS 3.0 or 3.1 is refused by the types stage with what it says', async () => {
    const d = { swagger: '2.0', info: { title: 't', version: '1' }, paths: {} };
    await expect(renderTypes(d, { provider: 't', file: 'effective.yaml' })).rejects.toThrow(/OpenAPI 3\.0 and 3\.1 .*openapi: ""/);
  });
});

describe('paths with # (amazonaws, azure, box)', () => {
  const op = (operationId, params = []) => ({ operationId, parameters: params, responses: { 200: { description: 'ok' } } });
  const q = (name) => ({ name, in: 'query', required: true, schema: { type: 'string' } });
  const withBody = (o, prop) => ({
    ...o,
    requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { [prop]: { type: 'string' } } } } } },
  });
  const d = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      // the real path exists with another method: the operation moves there
      '/access-preview/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        post: op('ListFindings'),
      },
      '/access-preview/{id}#analyzerArn': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: op('GetAccessPreview', [q('analyzerArn')]),
      },
      // no real path yet, and a name=value pair: a new path with a required query parameter
      '/#Action=SendMessage': { post: op('SendMessage') },
      // the real path has this method already, with another request body: removed, not guessed
      '/files/{id}': { put: withBody(op('UpdateFile', [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]), 'name') },
      '/files/{id}#add_shared_link': {
        put: withBody(op('AddSharedLink', [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]), 'shared_link'),
      },
    },
  };

  it('stops generation: the part after # is never sent, and a query string after it is lost too', async () => {
    const problems = pathTemplateProblems(d);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^path \/access-preview\/\{id\}#analyzerArn: .*GET .* moved to GET \/access-preview\/\{id\}$/),
      expect.stringMatching(/^path \/#Action=SendMessage: .*moved to POST \/$/),
      expect.stringMatching(
        /^path \/files\/\{id\}#add_shared_link: .*PUT \/files\/\{id\} is also UpdateFile, with another request body; removed$/,
      ),
    ]);
    const err = await validate(d);
    expect(err.message).toMatch(/invalid OpenAPI document \(3 problem\(s\)\)/);
    expect(err.unfixed).toBe(0);
  });

  it('its actions move each operation to its real path (fragment pairs as a required query parameter) or remove it', async () => {
    const { fix } = await validate(d);
    const fixed = applied(d, fix);
    expect(Object.keys(fixed.paths).sort()).toEqual(['/', '/access-preview/{id}', '/files/{id}']);
    const moved = fixed.paths['/access-preview/{id}'].get;
    expect(moved.operationId).toBe('GetAccessPreview');
    expect(moved.parameters.map((p) => `${p.in} ${p.name}`).sort()).toEqual(['path id', 'query analyzerArn']);
    expect(fixed.paths['/access-preview/{id}'].post.operationId).toBe('ListFindings');
    expect(fixed.paths['/'].post.parameters).toEqual([
      { name: 'Action', in: 'query', required: true, schema: { type: 'string', enum: ['SendMessage'] } },
    ]);
    expect(fixed.paths['/files/{id}']).toEqual(d.paths['/files/{id}']);
    expect(await validate(fixed)).toBeNull();
  });
});

describe('references into a path item that moves (opensuse.org/obs)', () => {
  const view = { name: 'view', in: 'query', schema: { type: 'string', enum: ['collection'] } };
  const d = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/request?view=collection': {
        get: {
          operationId: 'listRequests',
          parameters: [view, { name: 'user', in: 'query', schema: { type: 'string' } }],
          responses: { 200: { description: 'ok', content: { 'application/xml': { schema: { type: 'string' } } } } },
        },
      },
      '/request/{id}': {
        get: {
          operationId: 'getRequest',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { $ref: '#/paths/~1request?view=collection/get/parameters/1' },
          ],
          responses: { 200: { $ref: '#/paths/~1request?view=collection/get/responses/200' } },
        },
      },
      '/request/{id}?cmd=diff': {
        post: {
          operationId: 'diffRequest',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { $ref: '#/paths/~1request?view=collection/get/responses/200' } },
        },
      },
    },
  };

  it('gives each reference into it a copy of its target, so nothing dangles once it goes', async () => {
    const { fix } = await validate(d);
    const fixed = applied(d, fix);
    expect(Object.keys(fixed.paths).sort()).toEqual(['/request', '/request/{id}']);
    const get = fixed.paths['/request/{id}'].get;
    expect(get.parameters[1]).toEqual({ name: 'user', in: 'query', schema: { type: 'string' } });
    expect(get.responses['200']).toEqual(d.paths['/request?view=collection'].get.responses[200]);
    // inside a moved operation too
    expect(fixed.paths['/request/{id}'].post.responses['200']).toEqual(d.paths['/request?view=collection'].get.responses[200]);
    expect(JSON.stringify(fixed)).not.toMatch(/\?view=collection/);
    expect(await validate(fixed)).toBeNull();
  });
});

describe('AWS: every operation at POST /#X-Amz-Target=Service.Action, each with its own body', () => {
  const target = (action) => ({ name: 'X-Amz-Target', in: 'header', required: true, schema: { type: 'string', enum: [`Svc.${action}`] } });
  const body = (prop) => ({
    required: true,
    content: { 'application/json': { schema: { type: 'object', required: [prop], properties: { [prop]: { type: 'string' } } } } },
  });
  const answer = (prop) => ({
    200: { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { [prop]: { type: 'string' } } } } } },
  });
  const d = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/#X-Amz-Target=Svc.Create': {
        post: { operationId: 'Create', parameters: [target('Create')], requestBody: body('name'), responses: answer('arn') },
      },
      '/#X-Amz-Target=Svc.Delete': {
        post: { operationId: 'Delete', parameters: [target('Delete')], requestBody: body('arn'), responses: answer('gone') },
      },
    },
  };

  it('keeps every action callable: one POST / with the header enum joined and the bodies and answers as unions', async () => {
    const problems = pathTemplateProblems(d);
    expect(problems[0].message).toMatch(
      /POST \/#X-Amz-Target=Svc.Create \(Create\): one operation with POST \/#X-Amz-Target=Svc.Delete \(Delete\) at POST \/$/,
    );
    const { fix } = await validate(d);
    const fixed = applied(d, fix);
    expect(Object.keys(fixed.paths)).toEqual(['/']);
    const op = fixed.paths['/'].post;
    expect(op.operationId).toBe('Create');
    // the fragment's pair is the header parameter it names, not a new query parameter
    expect(op.parameters).toEqual([
      { name: 'X-Amz-Target', in: 'header', required: true, schema: { type: 'string', enum: ['Svc.Create', 'Svc.Delete'] } },
    ]);
    expect(op.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: { anyOf: [body('name').content['application/json'].schema, body('arn').content['application/json'].schema] },
        },
      },
    });
    expect(op.responses['200'].content['application/json'].schema.anyOf).toHaveLength(2);
    expect(await validate(fixed)).toBeNull();
  });
});

describe('paths with a query string (weatherbit.io, flickr, icons8)', () => {
  const pathParam = (name, type = 'string') => ({ name, in: 'path', required: true, schema: { type } });
  const key = { name: 'key', in: 'query', required: true, schema: { type: 'string' } };
  const ok = (schema) => ({ 200: { description: 'ok', content: { 'application/json': { schema } } } });
  const get = (operationId, parameters, responses = ok({ $ref: '#/components/schemas/Weather' })) => ({
    get: { operationId, parameters, responses },
  });
  const d = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      // one endpoint per combination of query parameters: one operation with all of them
      '/current?lat={lat}&lon={lon}': get('ByLatLon', [pathParam('lat', 'number'), pathParam('lon', 'number'), key]),
      '/current?city={city}': get('ByCity', [pathParam('city'), key]),
      '/current?postal_code={postal_code}': get(
        'ByPostalCode',
        [pathParam('postal_code'), key],
        ok({ type: 'array', items: { type: 'string' } }),
      ),
      // RPC style: a name=value discriminator
      '/rest?method=photos.search': get('PhotosSearch', [key]),
      '/rest?method=photos.getInfo': get('PhotosGetInfo', [key]),
      // alone at its real path, the query name not the variable's
      '/users/{id}/pic?key={APIKEY}': get('UserPic', [pathParam('id'), pathParam('APIKEY')]),
      // the real path exists with this method and no body either: joined into it
      '/items': get('ListItems', []),
      '/items?full=true': get('ListItemsFull', []),
    },
    components: { schemas: { Weather: { type: 'object', properties: { temp: { type: 'number' } } } } },
  };

  it('splits a template where its path ends', () => {
    expect(splitTemplate('/a/{b}?c={c}&d=1#e')).toEqual({ real: '/a/{b}', query: 'c={c}&d=1', fragment: 'e' });
    expect(splitTemplate('/#Action=X')).toEqual({ real: '/', query: null, fragment: 'Action=X' });
    expect(splitTemplate('/a')).toEqual({ real: '/a', query: null, fragment: null });
  });

  it('stops generation with one problem per path, each saying where its operation goes', async () => {
    const problems = pathTemplateProblems(d);
    expect(problems.map((p) => p.pointer)).toEqual(
      Object.keys(d.paths)
        .filter((p) => p.includes('?'))
        .map((p) => `#/paths/${p.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    );
    expect(problems[0].message).toMatch(
      /^path \/current\?lat=\{lat\}&lon=\{lon\}: a query string is not part of a path template .*one operation with GET \/current\?city=\{city\} \(ByCity\), GET \/current\?postal_code=\{postal_code\} \(ByPostalCode\) at GET \/current$/,
    );
    expect(problems.find((p) => p.pointer.includes('pic')).message).toMatch(/UserPic\): moved to GET \/users\/\{id\}\/pic$/);
    const err = await validate(d);
    expect(err.message).toMatch(/invalid OpenAPI document \(7 problem\(s\)\)/);
    expect(err.unfixed).toBe(0);
    // the removals name Redocly's rule, so lint counts its finding as fixed by them
    const removals = err.fix.filter((a) => a.remove && a.target.startsWith("$.paths['/") && a.target.includes('?'));
    expect(removals).toHaveLength(7);
    for (const a of removals) expect(a['x-fixes']).toEqual(['generation', 'path-not-include-query']);
  });

  it('its actions give every operation its real path, with the query pairs as query parameters, and the spec then generates', async () => {
    const { fix } = await validate(d);
    const fixed = applied(d, fix);
    expect(Object.keys(fixed.paths).sort()).toEqual(['/current', '/items', '/rest', '/users/{id}/pic']);
    const params = (op) => Object.fromEntries(op.parameters.map((p) => [`${p.in} ${p.name}`, { required: p.required, schema: p.schema }]));

    const current = fixed.paths['/current'].get;
    expect(current.operationId).toBe('ByLatLon');
    expect(params(current)).toEqual({
      'query lat': { required: false, schema: { type: 'number' } },
      'query lon': { required: false, schema: { type: 'number' } },
      'query key': { required: true, schema: { type: 'string' } },
      'query city': { required: false, schema: { type: 'string' } },
      'query postal_code': { required: false, schema: { type: 'string' } },
    });
    expect(current.responses['200'].content['application/json'].schema).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Weather' }, { type: 'array', items: { type: 'string' } }],
    });
    expect(current.description).toMatch(/One operation for 3 written as: .*\(ByCity\)/);

    const rest = fixed.paths['/rest'].get;
    expect(params(rest)['query method']).toEqual({ required: true, schema: { type: 'string', enum: ['photos.search', 'photos.getInfo'] } });
    expect(rest.responses).toEqual(ok({ $ref: '#/components/schemas/Weather' }));

    expect(params(fixed.paths['/users/{id}/pic'].get)).toEqual({
      'path id': { required: true, schema: { type: 'string' } },
      'query key': { required: true, schema: { type: 'string' } },
    });

    const items = fixed.paths['/items'].get;
    expect(items.operationId).toBe('ListItems');
    expect(params(items)).toEqual({ 'query full': { required: false, schema: { type: 'string', enum: ['true'] } } });
    expect(await validate(fixed)).toBeNull();
  });
});

describe('types of shapes openapi-typescript alone does not compile', () => {
  it('recursion through arrays, unions and other components compiles (TS2502 before), with the types it means', async () => {
    const d = doc('3.1.0', {
      Tree: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      Json: {
        oneOf: [
          { type: 'string' },
          { type: 'number' },
          { type: 'null' },
          { type: 'array', items: { $ref: '#/components/schemas/Json' } },
          { type: 'object', additionalProperties: { $ref: '#/components/schemas/Json' } },
        ],
      },
      P: { type: 'array', items: { $ref: '#/components/schemas/Q' } },
      Q: { allOf: [{ $ref: '#/components/schemas/P' }, { type: 'object', required: ['a'], properties: { a: { type: 'string' } } }] },
    });
    const uses = `
type S = components['schemas'];
export const tree: S['Tree'] = [[], [[]]];
export const json: S['Json'] = { a: [1, 'x', null, { b: 2 }] };
// @ts-expect-error a boolean is no Json value
export const notJson: S['Json'] = { a: true };
`;
    const { ok, errors, schemaTs } = await typesOf(d, uses);
    expect(errors.map((e) => e.text)).toEqual([]);
    expect(ok).toBe(true);
    expect(schemaTs).toMatch(/Tree: Recursive_schemas_Tree;/);
    expect(schemaTs).toMatch(/export type Recursive_schemas_Tree = Recursive_schemas_Tree\[\];/);
  }, 60_000);

  it('a $ref into another schema (definitions, allOf branches, its own definitions: codat.io) gets a schema of its own and compiles (TS2339, TS2502 before)', async () => {
    const d = doc('3.1.0', {
      Holder: {
        type: 'object',
        properties: {
          line: { $ref: '#/components/schemas/Holder/definitions/line' },
          lines: { type: 'array', items: { $ref: '#/components/schemas/Holder/definitions/line' } },
          name: { $ref: '#/components/schemas/Other/allOf/0/properties/name' },
        },
        definitions: {
          line: {
            type: 'object',
            properties: { holder: { $ref: '#/components/schemas/Holder' }, sub: { $ref: '#/components/schemas/Holder/definitions/line' } },
          },
        },
      },
      Other: { allOf: [{ type: 'object', properties: { name: { type: 'string', enum: ['a', 'b'] } } }] },
    });
    const uses = `
type S = components['schemas'];
export const h: S['Holder'] = { line: { sub: { holder: { name: 'a' } } }, lines: [{}] };
// @ts-expect-error not one of the enum
export const bad: S['Holder'] = { name: 'c' };
`;
    const { ok, errors, schemaTs } = await typesOf(d, uses);
    expect(errors.map((e) => e.text)).toEqual([]);
    expect(ok).toBe(true);
    expect(schemaTs).toMatch(/"Holder\/definitions\/line": \{/);
    expect(schemaTs).not.toMatch(/\["definitions"\]|\["allOf"\]/);
  }, 60_000);

  it("a parameter $ref into another operation's parameters (digitalocean.com: 83 of them) gets a parameter of its own and compiles (TS2339 before)", async () => {
    const perPage = { name: 'per_page', in: 'query', schema: { type: 'integer' } };
    const ok200 = { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } };
    const d = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/keys': {
          get: {
            operationId: 'listKeys',
            parameters: [perPage, { $ref: '#/paths/~1keys/get/parameters/2' }, { name: 'tag', in: 'query', schema: { type: 'string' } }],
            responses: ok200,
          },
        },
        '/droplets': {
          parameters: [{ $ref: '#/paths/~1keys/get/parameters/0' }],
          get: {
            operationId: 'listDroplets',
            // through a chain of two references
            parameters: [{ $ref: '#/paths/~1keys/get/parameters/1' }, { $ref: '#/components/parameters/region' }],
            responses: ok200,
          },
        },
      },
      components: {
        parameters: {
          region: { name: 'region', in: 'query', schema: { type: 'string', enum: ['nyc1'] } },
          tag: { name: 'x', in: 'query', schema: { type: 'string' } },
        },
      },
    };
    const uses = `
type Q = NonNullable<operations['listDroplets']['parameters']['query']>;
export const q: Q = { per_page: 2, tag: 'a', region: 'nyc1' };
// @ts-expect-error per_page is a number
export const bad: Q = { per_page: 'two' };
`;
    const { ok, errors, schemaTs } = await typesOf(d, uses);
    expect(errors.map((e) => e.text)).toEqual([]);
    expect(ok).toBe(true);
    expect(schemaTs).not.toMatch(/paths\["\/keys"\]\["get"\]\["parameters"\]/);
    // named after the parameter; a name taken by another parameter gets a number
    expect(schemaTs).toMatch(/per_page\?: components\["parameters"\]\["per_page"\]/);
    expect(schemaTs).toMatch(/tag\?: components\["parameters"\]\["tag \(2\)"\]/);
  }, 60_000);

  it("an operationId with # or a quote (box.com's put_files_id#add_shared_link) gets aliases that compile", async () => {
    const d = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {
        '/files/{id}': {
          put: {
            operationId: 'put_files_id#add_shared_link',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } },
          },
          get: {
            operationId: "it's",
            responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } },
          },
        },
      },
    };
    const { ok, errors } = await typesOf(d, "\nexport const x: PutFilesIdAddSharedLinkResponse200 = 'a';\n");
    expect(errors.map((e) => e.text)).toEqual([]);
    expect(ok).toBe(true);
  }, 60_000);

  it('a compile error is reported with its file, line and the spec node it comes from, and what to do', async () => {
    const dir = tmp();
    const generated = join(dir, 'src', 'generated');
    mkdirSync(generated, { recursive: true });
    writeFileSync(
      join(generated, 'schema.gen.ts'),
      'export interface components {\n    schemas: {\n        Wrap: components["schemas"]["Wrap"];\n    };\n}\n',
    );
    writeFileSync(
      join(generated, 'api.gen.ts'),
      "import type { components } from './schema.gen.js';\nexport type Wrap = components['schemas']['Wrap'];\n",
    );
    const provider = { name: 't', packageDir: dir, effective: join(dir, 'effective.yaml') };
    const res = await typecheckGenerated(provider, repoRoot);
    expect(res.ok).toBe(false);
    expect(res.errors[0]).toMatchObject({ spec: '#/components/schemas/Wrap' });
    expect(res.errors[0].text).toMatch(
      /schema\.gen\.ts:3:9: TS2502 'Wrap' is referenced directly or indirectly in its own type annotation/,
    );
    const advice = typecheckAdvice('t', provider, dir, res.errors);
    expect(advice).toMatch(/the generated types do not compile \(1 error\(s\)\)/);
    expect(advice).toMatch(/from effective\.yaml #\/components\/schemas\/Wrap/);
    expect(advice).toMatch(/What to do: correct the schema named under "from" in specs\/t\/overlay\.yaml/);
    const source = ts.createSourceFile(
      'x.ts',
      'export interface paths {\n  "/a/{b}": {\n    get: never;\n  };\n}\n',
      ts.ScriptTarget.Latest,
      true,
    );
    expect(specLocation(source, 3)).toBe('#/paths/~1a~1{b}');
  }, 60_000);
});

describe('patterns that backtrack catastrophically (beezup.com)', () => {
  const beezup = '^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})([\\/\\w \\.-]*)*\\/?$';
  it('are found, and rewritten to the same language without the nesting where a group holds one repeated atom', () => {
    expect(backtracks(beezup)).toBe(true);
    expect(linearPattern(beezup)).toBe('^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})[\\/\\w \\.-]*\\/?$');
    expect(linearPattern('^(a+)+$')).toBe('^a+$');
    expect(linearPattern('(?:x*)+')).toBe('x*');
    expect(backtracks('^(\\w+\\s?)*$')).toBe(true);
    expect(linearPattern('^(\\w+\\s?)*$')).toBeNull(); // reported, not rewritten
    expect(linearPattern('(a*)*\\1')).toBeNull(); // a backreference: group numbers must stay
    for (const safe of ['^[a-z]+$', '^([a-z]\\d)*$', '^[0-9]{3}-[0-9]{4}$', '(a|b)*']) expect(backtracks(safe), safe).toBe(false);
    // the same answers on the strings that matter (the rewritten one in linear time)
    const [slow, fast] = [/^(a+)+$/, new RegExp(linearPattern('^(a+)+$'))];
    for (const s of ['', 'a', 'aaa', 'ab', 'aaab']) expect(fast.test(s), s).toBe(slow.test(s));
  });

  it('a repeated group of alternatives that share a character is found too (2^n ways to match n of them); disjoint ones are not', () => {
    // each took exponential time in a RegExp on a run of shared characters and one that ends the match
    for (const slow of ['^(\\w|\\d)+$', '^(a|a)*$', '^([a-z]|[a-z0-9])*$', '^(.|\\s)*$', '^((?:\\d|[0-9a-f]))+$', '^(\\d{12}|\\d{16})*$']) {
      expect(backtracks(slow), slow).toBe(true);
      expect(linearPattern(slow), slow).toBeNull(); // reported, not rewritten
    }
    for (const safe of ['^(\\w|-)+$', '(.|\\n)*', '^(GET|POST)+$', '^(?:[A-Z]|_)+$', '^(a|\\d)$', '^([a-z]|[0-9]){2,8}$'])
      expect(backtracks(safe), safe).toBe(false);
  });

  it('a repeated group whose alternatives spell one string in two ways is found (`(a|aa)+`); a code is not', () => {
    // n repetitions of the twice-spelt string match in 2^n ways: each is exponential on a value that does not match
    for (const slow of [
      '^(a|aa)+$',
      '^(ab|a|b)*$',
      '^(\\d|\\d\\d)+$',
      '^(?:[a-z]|[a-z]{2})+$',
      '^(abc|ab|c)+$',
      '^(x|xy|yz|z)*$',
      '^(?:(?:ab)|a(?:b))+$',
      '(foo|f(?:oo))+',
    ]) {
      expect(backtracks(slow), slow).toBe(true);
      expect(linearPattern(slow), slow).toBeNull(); // reported, not rewritten
    }
    // alternatives no string is spelt by in two ways (a code), or a bounded repetition
    for (const safe of [
      '^(ab|ac)+$',
      '^(ab|cd)+$',
      '^(a|bc|b)+$',
      '^([a-z]{2}|[0-9]{3})+$',
      '^(?:-[a-z]|_[0-9])*$',
      '^(aa|ab|ba)+$',
      '^(a|aa){1,3}$',
    ])
      expect(backtracks(safe), safe).toBe(false);
  });

  it('lint gets the overlay action that writes the linear pattern', () => {
    const d = doc('3.0.3', { Url: { type: 'string', pattern: beezup } });
    const [found] = backtrackingPatterns(d);
    expect(found).toMatchObject({ pointer: '#/components/schemas/Url/pattern', pattern: beezup });
    const { actions } = suggestFixes(
      [{ rule: 'capi/pattern-backtracking', message: 'backtracks', pointer: found.pointer, file: 'upstream.yaml' }],
      { doc: d, provider: 't' },
    );
    expect(applied(d, actions).components.schemas.Url.pattern).toBe(linearPattern(beezup));
  });
});

describe('patterns validators cannot compile (anchore.io: `\\:` under the u flag)', () => {
  const anchore = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:\\:\\d+)?[A-Z]?$';

  it('names them, and writes them so they compile with the meaning JavaScript gives them without u', () => {
    expect(unicodeProblem(anchore)).toMatch(/Invalid escape/);
    const fixed = unicodePattern(anchore);
    expect(fixed).toBe('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?::\\d+)?[A-Z]?$');
    for (const [bad, good] of [
      ['a\\-b', 'a-b'],
      ['x{', 'x\\{'],
      ['a]b', 'a\\]b'],
      ['a{2,3}}', 'a{2,3}\\}'],
    ])
      expect(unicodePattern(bad), bad).toBe(good);
    // what compiles already, or cannot be mended mechanically, is left alone
    for (const p of ['[a\\-z]', '(a)\\1', '^\\p{L}+$', 'a{2,3}']) expect(unicodePattern(p), p).toBeNull();
    expect(unicodePattern('[')).toBeNull();
    // the same answers as the original without u, on strings that tell them apart
    const [before, after] = [new RegExp(anchore), new RegExp(fixed, 'u')];
    for (const s of ['2020-01-02T03:04:05', '2020-01-02T03:04:05.5:7Z', '2020-01-02T03:04:05\\:7', 'x'])
      expect(after.test(s), s).toBe(before.test(s));
  });

  it('lint gets the overlay action that writes the pattern so it compiles', () => {
    const d = doc('3.0.3', { When: { type: 'string', pattern: anchore } });
    const { actions } = suggestFixes(
      [{ rule: 'capi/pattern-syntax', message: 'does not compile', pointer: '#/components/schemas/When/pattern', file: 'upstream.yaml' }],
      { doc: d, provider: 't' },
    );
    expect(actions).toHaveLength(1);
    expect(applied(d, actions).components.schemas.When.pattern).toBe(unicodePattern(anchore));
  });
});

describe('a 204, 205 or 304 that documents content (gitea.io)', () => {
  it("gets the action that removes the content of the operation's own response, or gives the status its own for a shared one", () => {
    const d = {
      ...doc('3.0.3', {}),
      paths: {
        '/n': {
          put: {
            responses: {
              205: { description: 'reset', content: { 'application/json': { schema: { type: 'object' } } } },
              304: { $ref: '#/components/responses/Shared' },
            },
          },
        },
      },
      components: { responses: { Shared: { description: 's', content: { 'text/plain': { schema: { type: 'string' } } } } } },
    };
    const { actions, accept } = suggestFixes(
      [
        { rule: 'capi/no-content-status', message: 'no content', pointer: '#/paths/~1n/put/responses/205/content', file: 'u.yaml' },
        { rule: 'capi/no-content-status', message: 'no content', pointer: '#/paths/~1n/put/responses/304', file: 'u.yaml' },
      ],
      { doc: d, provider: 't' },
    );
    const fixed = applied(d, actions);
    expect(fixed.paths['/n'].put.responses['205']).toEqual({ description: 'reset' });
    expect(fixed.paths['/n'].put.responses['304']).toEqual({ description: 's' });
    expect(fixed.components.responses.Shared).toEqual(d.components.responses.Shared); // still the 200s' elsewhere
    expect(accept).toEqual([]);
  });
});

describe("a nullable union written with type: 'null' beside it (vercel.com: null only)", () => {
  it('becomes the union with null as one more branch', () => {
    const d = doc('3.1.0', {
      R: { type: 'object', properties: { at: { type: 'null', oneOf: [{ type: 'number' }, { type: 'boolean' }] } } },
    });
    const { actions } = suggestFixes(
      [{ rule: 'capi/null-only-union', message: 'null only', pointer: '#/components/schemas/R/properties/at/type', file: 'u.yaml' }],
      { doc: d, provider: 't' },
    );
    expect(actions).toHaveLength(2);
    expect(applied(d, actions).components.schemas.R.properties.at).toEqual({
      oneOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'null' }],
    });
  });
});

describe('OAS 3.0 nullable beside a $ref in a 3.1 document (codat.io: Ajv refuses it)', () => {
  it('becomes anyOf [the reference, null]', () => {
    const d = doc('3.1.0', {
      D: { type: 'string', format: 'date-time' },
      R: { type: 'object', properties: { when: { $ref: '#/components/schemas/D', nullable: true, description: 'x' } } },
    });
    const { actions } = suggestFixes(
      [{ rule: 'capi/no-oas30-keywords', message: 'nullable', pointer: '#/components/schemas/R/properties/when/nullable', file: 'u.yaml' }],
      { doc: d, provider: 't' },
    );
    expect(applied(d, actions).components.schemas.R.properties.when).toEqual({
      description: 'x',
      anyOf: [{ $ref: '#/components/schemas/D' }, { type: 'null' }],
    });
  });
});

describe('an unknown keyword that references point into (OAS 3.0 `definitions`)', () => {
  it('is kept: removing it would leave the references dangling', () => {
    const d = doc('3.0.3', {
      A: { type: 'object', properties: { k: { $ref: '#/components/schemas/A/definitions/k' } }, definitions: { k: { type: 'string' } } },
    });
    const k = structKind(
      { rule: 'struct', message: 'Property `definitions` is not expected here.', pointer: '#/components/schemas/A/definitions' },
      d,
    );
    expect(k).toMatchObject({ kind: 'unknown-keyword', blocking: false, finding: true });
    expect(k.fix).toBeUndefined();
    expect(k.why).toMatch(/references point into it/);
  });
});
