// The spec-defect kinds of issue 19, each end to end with the real tools: the spec fragment in,
// the finding and its overlay action out (table-driven), and the action applied with the build's
// overlay checker makes the finding go away: Redocly (with the repository's rules and plugin)
// lints the fixed document without it; for the discriminator mapping, `redocly bundle` builds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { redoclyAsync } from '../lib/redocly.ts';
import { parseJsonStream } from '../lib/lint.ts';
import { repoRoot } from '../lib/registry.ts';
import { checkOverlay } from '../lib/overlay.ts';
import { suggestFixes } from '../lib/lint-hints.ts';
import { buildSpec } from '../lib/build-spec.ts';
import { applyPendingSuggestions, buildAndLint, fixProviders } from '../lib/lint-fix.ts';
import { danglingMappings, externalExamples } from '../lib/defect-actions.ts';

const base = () => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://api.test.invalid' }],
  security: [{ key: [] }],
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        summary: 'Get a thing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'ok',
            headers: { 'X-Request-Id': { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
          400: { description: 'bad' },
          401: { description: 'no auth' },
          404: { description: 'none' },
        },
      },
    },
  },
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'x-key' } },
    schemas: {
      Base: { type: 'object', properties: { id: { type: 'string' } } },
      Thing: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', properties: { name: { type: 'string' } } }] },
    },
  },
});
const ok200 = (d) => d.paths['/things/{id}'].get.responses[200];
const schemas = (d) => d.components.schemas;

/**
 * [case, rule, break the document, the pointer of the finding, the actions expected (target and
 * remove/update), what the fixed document has]
 */
const CASES = [
  [
    'Transfer-Encoding and Content-Length copied from a captured exchange',
    'capi/transport-response-header',
    (d) =>
      Object.assign(ok200(d).headers, {
        'Transfer-Encoding': { schema: { type: 'string' } },
        'Content-Length': { schema: { type: 'integer' } },
      }),
    '#/paths/~1things~1{id}/get/responses/200/headers/Transfer-Encoding',
    [
      { target: "$.paths['/things/{id}'].get.responses['200'].headers['Transfer-Encoding']", remove: true },
      { target: "$.paths['/things/{id}'].get.responses['200'].headers['Content-Length']", remove: true },
    ],
    (d) => expect(Object.keys(ok200(d).headers)).toEqual(['X-Request-Id']),
  ],
  [
    'connection and keep-alive (any case) on a shared response',
    'capi/transport-response-header',
    (d) => {
      d.components.responses = { Gone: { description: 'gone', headers: { connection: { schema: { type: 'string' } } } } };
      d.paths['/things/{id}'].get.responses[410] = { $ref: '#/components/responses/Gone' };
    },
    '#/components/responses/Gone/headers/connection',
    [{ target: '$.components.responses.Gone.headers.connection', remove: true }],
    (d) => expect(d.components.responses.Gone.headers).toEqual({}),
  ],
  [
    'an inline closed allOf part: the siblings\u2019 properties merged into it',
    'capi/closed-allof-part',
    (d) => {
      schemas(d).Thing.allOf[1] = { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } };
      schemas(d).Thing.allOf[0] = { $ref: '#/components/schemas/Base' };
    },
    '#/components/schemas/Thing/allOf/1',
    [{ target: '$.components.schemas.Thing.allOf[1]', update: { properties: { id: { type: 'string' } } } }],
    (d) => expect(schemas(d).Thing.allOf[1]).toMatchObject({ additionalProperties: false, properties: { name: {}, id: {} } }),
  ],
  [
    'a closed part referred to once: merged where it is defined',
    'capi/closed-allof-part',
    (d) => {
      schemas(d).Base.additionalProperties = false;
    },
    '#/components/schemas/Thing/allOf/0',
    [{ target: '$.components.schemas.Base', update: { properties: { name: { type: 'string' } } } }],
    (d) => expect(Object.keys(schemas(d).Base.properties)).toEqual(['id', 'name']),
  ],
  [
    'a shared closed part: this allOf gets its own merged copy, the other use keeps its shape',
    'capi/closed-allof-part',
    (d) => {
      schemas(d).Base.additionalProperties = false;
      d.paths['/things/{id}'].get.responses[400] = {
        description: 'bad',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Base' } } },
      };
    },
    '#/components/schemas/Thing/allOf/0',
    [
      { target: "$.components.schemas.Thing.allOf[0]['$ref']", remove: true },
      {
        target: '$.components.schemas.Thing.allOf[0]',
        update: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } }, additionalProperties: false },
      },
    ],
    (d) => {
      expect(Object.keys(schemas(d).Base.properties)).toEqual(['id']);
      expect(schemas(d).Thing.allOf[0].$ref).toBeUndefined();
    },
  ],
  [
    'a sibling that admits unnamed properties: the closed part is opened',
    'capi/closed-allof-part',
    (d) => {
      schemas(d).Thing.allOf[1] = { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: { type: 'string' } };
      schemas(d).Thing.allOf.push({ type: 'object', additionalProperties: false, properties: { id: { type: 'string' } } });
      schemas(d).Thing.allOf.shift();
    },
    '#/components/schemas/Thing/allOf/1',
    [{ target: '$.components.schemas.Thing.allOf[1].additionalProperties', remove: true }],
    (d) => expect(schemas(d).Thing.allOf[1].additionalProperties).toBeUndefined(),
  ],
  [
    'Content-Length documented as a required request header parameter (cpy.re peertube)',
    'capi/transport-request-header',
    (d) => {
      const get = d.paths['/things/{id}'].get;
      get.parameters.push({ $ref: '#/components/parameters/Length' }, { name: 'X-Trace', in: 'header', schema: { type: 'string' } });
      d.components.parameters = { Length: { name: 'Content-Length', in: 'header', required: true, schema: { type: 'integer' } } };
      d.paths['/things/{id}'].parameters = [{ name: 'transfer-encoding', in: 'header', schema: { type: 'string' } }];
    },
    '#/paths/~1things~1{id}/get/parameters/1',
    [
      { target: "$.paths['/things/{id}'].parameters[0]", remove: true },
      { target: "$.paths['/things/{id}'].get.parameters[1]", remove: true },
    ],
    (d) => {
      expect(d.paths['/things/{id}'].get.parameters.map((p) => p.name)).toEqual(['id', 'X-Trace']);
      expect(d.paths['/things/{id}'].parameters).toEqual([]);
    },
  ],
  [
    'a closed schema that requires a property it does not list (britbox.co.uk)',
    'capi/required-not-allowed',
    (d) =>
      (schemas(d).Pin = {
        type: 'object',
        additionalProperties: false,
        properties: { pinValid: { type: 'string' }, trackingHeader: { type: 'string' } },
        required: ['validationStatus', 'trackingHeader'],
      }),
    '#/components/schemas/Pin/required',
    [
      { target: '$.components.schemas.Pin.required', remove: true },
      { target: '$.components.schemas.Pin', update: { required: ['trackingHeader'] } },
    ],
    (d) => expect(schemas(d).Pin.required).toEqual(['trackingHeader']),
  ],
  [
    "a path parameter whose enum admits '' (cpy.re peertube: '' for no filter)",
    'capi/path-param-empty-value',
    (d) => {
      d.paths['/things/{id}'].get.parameters[0].schema = { type: 'string', enum: ['', 'active', '..'] };
    },
    '#/paths/~1things~1{id}/get/parameters/0/schema/enum',
    [
      { target: "$.paths['/things/{id}'].get.parameters[0].schema.enum", remove: true },
      { target: "$.paths['/things/{id}'].get.parameters[0].schema", update: { enum: ['active'] } },
    ],
    (d) => expect(d.paths['/things/{id}'].get.parameters[0].schema.enum).toEqual(['active']),
  ],
  [
    'a bearer token documented as an Authorization header parameter (npr.org): removed, the scheme required',
    'capi/ignored-header-parameter',
    (d) => {
      d.components.securitySchemes = {
        oauth2: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://t.invalid/token', scopes: {} } } },
      };
      d.security = [{}];
      d.paths['/things/{id}'].get.parameters.push({ name: 'Authorization', in: 'header', required: true, schema: { type: 'string' } });
    },
    '#/paths/~1things~1{id}/get/parameters/1',
    [
      { target: "$.paths['/things/{id}'].get.parameters[1]", remove: true },
      { target: "$.paths['/things/{id}'].get", update: { security: [{ oauth2: [] }] } },
    ],
    (d) => {
      expect(d.paths['/things/{id}'].get.parameters.map((p) => p.name)).toEqual(['id']);
      expect(d.paths['/things/{id}'].get.security).toEqual([{ oauth2: [] }]);
    },
  ],
  [
    'OAS 3.0 nullable beside an allOf without a type (cpy.re peertube): what generation asks for',
    'nullable-type-sibling',
    (d) => {
      d.openapi = '3.0.3';
      schemas(d).Thing.nullable = true;
    },
    '#/components/schemas/Thing/nullable',
    [{ target: '$..[?(@.nullable == true && !@.type)].nullable', remove: true }],
    (d) => expect(schemas(d).Thing.nullable).toBeUndefined(),
  ],
];

let dir;
const fileOf = (i, phase) => join(dir, `${phase}-${i}.yaml`);
/** Lints documents with the repository's rules and plugin, in one Redocly run; answers file name -> findings. */
async function lintAll(docs) {
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  const apis = {};
  for (const [file, doc] of docs) {
    writeFileSync(file, stringify(doc));
    apis[file.replace(/^.*\//, '').replace('.yaml', '')] = { root: file };
  }
  const cfg = { extends: config.extends, plugins: config.plugins.map((p) => resolve(repoRoot, p)), rules: config.rules, apis };
  writeFileSync(join(dir, 'redocly.yaml'), stringify(cfg));
  const res = await redoclyAsync(['lint', '--config', join(dir, 'redocly.yaml'), '--format=json'], { cwd: dir });
  const out = {};
  for (const p of parseJsonStream(res.stdout).problems) {
    const name = p.location[0].source.ref.replace(/^.*\//, '').replace('.yaml', '');
    (out[name] ??= []).push({ rule: p.ruleId, pointer: p.location[0].pointer, message: p.message, file: name });
  }
  return out;
}

/** Applies actions with the build's overlay checker; each must match and change something. */
function apply(doc, actions) {
  const file = join(dir, `overlay-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
  const res = checkOverlay(file, doc, { root: dir });
  for (const a of res.actions) expect(a.matched > 0 && a.changed, `action ${a.index} (${a.target}) must match and change`).toBe(true);
  return res.document;
}

const broken = new Map();
const suggested = new Map();
const fixed = new Map();
let before;
let after;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capi-defects-'));
  const docs = [[join(dir, 'good.yaml'), base()]];
  for (const [i, [, , breakIt]] of CASES.entries()) {
    const d = base();
    breakIt(d);
    broken.set(i, d);
    docs.push([fileOf(i, 'broken'), d]);
  }
  before = await lintAll(docs);
  for (const [i, [, rule]] of CASES.entries()) {
    const findings = (before[`broken-${i}`] ?? []).filter((f) => f.rule === rule);
    const s = suggestFixes(findings, { doc: broken.get(i), provider: 't' });
    suggested.set(i, s);
    fixed.set(i, apply(broken.get(i), s.actions));
  }
  after = await lintAll([...CASES.keys()].map((i) => [fileOf(i, 'fixed'), fixed.get(i)]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spec-defect kinds found by lint, each with its overlay action', () => {
  it('the valid document has none of them', () => {
    expect((before.good ?? []).map((f) => f.rule)).toEqual([]);
  });
  it.each(CASES.map((c, i) => [c[0], i]))('%s: the finding, its action, and no finding once applied', (_, i) => {
    const [, rule, , pointer, expected, check] = CASES[i];
    const found = (before[`broken-${i}`] ?? []).filter((f) => f.rule === rule).map((f) => f.pointer);
    expect(found, JSON.stringify(found)).toContain(pointer);
    const s = suggested.get(i);
    expect(s.accept).toEqual([]);
    expect(s.actions.map(({ target, remove, update }) => ({ target, ...(remove ? { remove } : { update }) }))).toEqual(expected);
    for (const a of s.actions) expect(a['x-fixes'][0]).toBe(rule);
    check(fixed.get(i));
    expect((after[`fixed-${i}`] ?? []).filter((f) => f.rule === rule)).toEqual([]);
  });
});

// --- the discriminator mapping: found before bundling -------------------------------------------

const petSpec = () => ({
  ...base(),
  paths: {
    '/pets': {
      get: {
        operationId: 'listPets',
        summary: 'List pets',
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
          400: { description: 'bad' },
          401: { description: 'no auth' },
        },
      },
    },
  },
  components: {
    securitySchemes: base().components.securitySchemes,
    schemas: {
      Pet: {
        type: 'object',
        required: ['kind'],
        properties: { kind: { type: 'string' } },
        discriminator: {
          propertyName: 'kind',
          mapping: {
            cat: './schemas/Cat.yaml',
            dog: 'models.yaml#/components/schemas/Dog',
            bird: '../Bird.json',
            fish: 'Fish',
          },
        },
        oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      },
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, meow: { type: 'boolean' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, bark: { type: 'boolean' } } },
    },
  },
});

/** A repository of one provider `pets` (upstream + empty overlay), as provider:add leaves it. */
function petRepo() {
  const root = mkdtempSync(join(tmpdir(), 'capi-mapping-'));
  mkdirSync(join(root, 'specs/pets'), { recursive: true });
  writeFileSync(join(root, 'specs/pets/upstream.yaml'), stringify(petSpec()));
  writeFileSync(join(root, 'specs/pets/overlay.yaml'), stringify({ overlay: '1.0.0', info: { title: 'pets', version: '1' }, actions: [] }));
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
  const cfg = {
    extends: config.extends,
    plugins: config.plugins.map((p) => resolve(repoRoot, p)),
    rules: config.rules,
    'x-reasons': config['x-reasons'],
    apis: { pets: { root: 'specs/pets/upstream.yaml', overlays: ['specs/pets/overlay.yaml'], output: 'specs/pets/effective.yaml' } },
  };
  writeFileSync(join(root, 'redocly.yaml'), stringify(cfg));
  const provider = {
    name: 'pets',
    specDir: join(root, 'specs/pets'),
    packageDir: join(root, 'packages/pets'),
    root: join(root, 'specs/pets/upstream.yaml'),
    overlays: [join(root, 'specs/pets/overlay.yaml')],
    effective: join(root, 'specs/pets/effective.yaml'),
    upstream: true,
  };
  return { root, provider };
}

describe('a discriminator mapping that names files which are not there (bundled from several files)', () => {
  it('is found on the root document: rewritten to the component the name denotes, removed where none', () => {
    const found = danglingMappings(petSpec(), '/nowhere/upstream.yaml');
    expect(found.map((f) => [f.pointer, f.component])).toEqual([
      ['#/components/schemas/Pet/discriminator/mapping/cat', '#/components/schemas/Cat'],
      ['#/components/schemas/Pet/discriminator/mapping/dog', '#/components/schemas/Dog'],
      ['#/components/schemas/Pet/discriminator/mapping/bird', null],
    ]); // `Fish` is a schema name, not a reference: the bundle does not resolve it (lint does: below)
  });

  it('the build names it before bundling, with the actions; once applied, redocly bundle builds and lint passes', async () => {
    const { root, provider } = petRepo();
    try {
      let err;
      try {
        buildSpec(provider, root);
      } catch (e) {
        err = e;
      }
      expect(err?.name).toBe('UserError');
      // the first line says what is wrong (the corpus summary shows it)
      expect(err.message.split('\n')[0]).toMatch(
        /3 discriminator mapping value\(s\) name files that are not there .*cat: \.\/schemas\/Cat\.yaml/,
      );
      expect(err.fix.map(({ target, remove, update }) => ({ target, ...(remove ? { remove } : { update }) }))).toEqual([
        { target: '$.components.schemas.Pet.discriminator.mapping', update: { cat: '#/components/schemas/Cat' } },
        { target: '$.components.schemas.Pet.discriminator.mapping', update: { dog: '#/components/schemas/Dog' } },
        { target: '$.components.schemas.Pet.discriminator.mapping.bird', remove: true },
      ]);
      // lint:specs --fix: the build's actions go into the overlay, then it builds and lints
      const logs = [];
      const run = await fixProviders([provider], root, await buildAndLint([provider], root), { log: (m) => logs.push(m) });
      expect(logs.join('\n')).toMatch(/--fix wrote 3 overlay action\(s\) that make it build/);
      // then lint's own: `fish` names no schema (Redocly lints it as unresolved), removed
      expect(logs.join('\n')).toMatch(/--fix wrote 1 overlay action\(s\) and accepted 0 rule/);
      expect(run.failures.get('pets') ?? [], logs.join('\n')).toEqual([]);
      const effective = parse(readFileSync(provider.effective, 'utf8'));
      expect(effective.components.schemas.Pet.discriminator.mapping).toEqual({
        cat: '#/components/schemas/Cat',
        dog: '#/components/schemas/Dog',
      });
      // the upstream's unresolved references are handled by those actions (x-fixes)
      const upstream = run.lint.get('pets').upstream.filter((f) => f.rule === 'no-unresolved-refs');
      expect(upstream.length).toBeGreaterThan(0);
      expect(upstream.every((f) => f.handled === 'overlay')).toBe(true);
      applyPendingSuggestions([provider], root, () => {}); // nothing waiting: a no-op
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a problem of the bundle other than those mappings still fails the build', async () => {
    const { root, provider } = petRepo();
    try {
      const doc = petSpec();
      doc.components.schemas.Dog.properties.owner = { $ref: '#/components/schemas/Owner' };
      writeFileSync(provider.root, stringify(doc));
      const overlay = parse(readFileSync(provider.overlays[0], 'utf8'));
      overlay.actions = [
        {
          target: '$.components.schemas.Pet.discriminator.mapping',
          update: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
        },
        { target: '$.components.schemas.Pet.discriminator.mapping.bird', remove: true },
      ];
      writeFileSync(provider.overlays[0], stringify(overlay));
      expect(() => buildSpec(provider, root)).toThrow(/redocly bundle failed with \d+ problem\(s\); the first: .*owner Can't resolve/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('an example whose externalValue the build cannot read (cpy.re peertube: a URL)', () => {
  const withExamples = () => {
    const doc = petSpec();
    delete doc.components.schemas.Pet.discriminator.mapping;
    const content = doc.paths['/pets'].get.responses[200].content['application/json'];
    content.examples = { nightly: { externalValue: 'https://example.invalid/config' }, shared: { $ref: '#/components/examples/Local' } };
    doc.components.examples = { Local: { externalValue: './examples/missing.json' } };
    return doc;
  };

  it('is found before bundling (a URL, or a file that is not there), a shared one with its uses', () => {
    const found = externalExamples(withExamples(), '/nowhere/upstream.yaml');
    expect(found.map((e) => [e.pointer, e.uses.length])).toEqual([
      ['#/paths/~1pets/get/responses/200/content/application~1json/examples/nightly', 0],
      ['#/components/examples/Local', 1],
    ]);
  });

  it('the build names them with their removal; once applied, redocly bundle builds and lint passes', async () => {
    const { root, provider } = petRepo();
    try {
      const doc = withExamples();
      doc.components.examples.Local.externalValue = './examples/missing.json'; // no network in the test: a missing file
      doc.paths['/pets'].get.responses[200].content['application/json'].examples.nightly.externalValue = './examples/nightly.json';
      writeFileSync(provider.root, stringify(doc));
      expect(() => buildSpec(provider, root)).toThrow(/^2 example\(s\) have an externalValue the build cannot read/);
      const logs = [];
      const run = await fixProviders([provider], root, await buildAndLint([provider], root), { log: (m) => logs.push(m) });
      expect(logs.join('\n')).toMatch(/--fix wrote 3 overlay action\(s\) that make it build/);
      expect(run.failures.get('pets') ?? [], logs.join('\n')).toEqual([]);
      const effective = parse(readFileSync(provider.effective, 'utf8'));
      expect(effective.paths['/pets'].get.responses[200].content['application/json'].examples).toEqual({});
      expect(effective.components.examples ?? {}).toEqual({});
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
