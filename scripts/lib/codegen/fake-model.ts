// The fake of one provider as its package publishes it (packages/<p>/src/generated/fake.gen.ts,
// exported as `@capi/<p>/fake`): what the fake engine of @capi/core/fake reads of the spec,
// written at codegen time so a consumer's tests need neither this repository nor the spec model.
// The module holds the document in its JSON Schema 2020-12 form (as spec-model.ts reads it, without
// descriptions), the operations (method, path, parameters, security, request body, responses and
// the JSON pointer of each), and Ajv's standalone validators of every JSON request body schema (no
// eval; the helpers come from @capi/core/validators-runtime); the response bodies are checked with
// the client's own validators.gen.ts, imported, not compiled twice. It exports
// `createFake(options)` bound to that model. See docs/fakes.md.
import type { Where } from '../shared/errors.ts';
import { sourceJson } from '../shared/names.ts';
import { isObject, type Media, type SpecModel, type SpecNode, specModel } from '../spec/spec-model.ts';
import {
  ajvDocument,
  bodySchemaPointers,
  type SchemaCompiler,
  schemaCompiler,
  standaloneValidators,
  strippedCopy,
  strippedKeys,
  VALIDATORS_RUNTIME,
} from './ajv-standalone.ts';

/** Where the generated module imports the engine from. */
export const FAKE_RUNTIME = '@capi/core/fake';

/** Keywords that are prose: the engine never reads them, and the module need not carry them. */
const PROSE = new Set(['description', 'summary', 'externalDocs', '$comment', 'xml']);
/** Keywords whose value maps names to nodes: every name is kept, whatever it is. */
const MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'paths',
  'responses',
  'headers',
  'links',
  'callbacks',
  'webhooks',
  'encoding',
  'variables',
]);
/** Keywords whose value is data, kept as written (an example may have a field named `description`). */
const DATA = new Set(['enum', 'const', 'default', 'example', 'value', 'examples', 'required']);

/**
 * A copy of the document without what the engine never reads: prose, `x-` extensions, and the
 * named Example objects (`examples` maps of media types, parameters, headers and components: a
 * media type's first example is in the operations already). Names in maps and data are kept;
 * a schema's `example`/`examples` stay (the generator uses them). `strip`: stripped for Ajv as
 * well, as stripForAjv (spec-model.ts) strips it, in the same one copy.
 */
function withoutProse(doc: SpecNode, { strip = false }: { strip?: boolean } = {}): SpecNode {
  const keysOf = (node: unknown): string[] | undefined => (strip ? strippedKeys(node) : isObject(node) ? Object.keys(node) : undefined);
  const data = (v: unknown): unknown => (strip ? strippedCopy(v) : v);
  const walk = (node: unknown, kind: 'node' | 'map' | 'media'): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, 'node') ?? null);
    const keys = keysOf(node);
    if (!keys) return data(node);
    const out: SpecNode = {};
    for (const k of keys) {
      const v = (node as SpecNode)[k];
      if (kind === 'map') out[k] = walk(v, 'node');
      else if (PROSE.has(k) || k.startsWith('x-') || (k === 'examples' && isObject(v)) || (kind === 'media' && k === 'example')) continue;
      else if (DATA.has(k)) out[k] = data(v);
      else if (k === 'content' && keysOf(v)) {
        out[k] = Object.fromEntries((keysOf(v) ?? []).map((type) => [type, walk((v as SpecNode)[type], 'media')]));
      } else if (k === 'components' && keysOf(v)) {
        out[k] = Object.fromEntries(
          (keysOf(v) ?? []).flatMap((c) => (c === 'examples' || c.startsWith('x-') ? [] : [[c, walk((v as SpecNode)[c], 'map')]])),
        );
      } else out[k] = walk(v, MAPS.has(k) || (k === 'parameters' && isObject(v)) ? 'map' : 'node');
    }
    return out;
  };
  return walk(doc, 'node') as SpecNode;
}

/**
 * A media type as the engine reads it. Its schema is found by its pointer (fakeModel puts
 * `{ $ref: schemaPointer }` back: one object per place); its example is kept for an error
 * answer only (the engine answers a success from the store, an error with the documented example).
 */
const media = (m: Media | undefined, status?: string) =>
  m && {
    type: m.type,
    json: m.json,
    schemaPointer: m.schemaPointer,
    ...(status !== undefined && !/^2/.test(status) && m.example !== undefined ? { example: m.example } : {}),
  };

/**
 * The text of fake.gen.ts (without the generated header) for a document. Reads the document,
 * never changes it. A body schema Ajv cannot compile is left unchecked by the fake, and the
 * module says which.
 */
export function fakeModule(
  source: unknown,
  {
    where,
    runtime = FAKE_RUNTIME,
    validatorsRuntime = VALIDATORS_RUNTIME,
    responseValidators = './validators.gen.js',
    model = specModel(source),
    compiler,
  }: {
    where?: Where;
    runtime?: string;
    validatorsRuntime?: string;
    responseValidators?: string;
    /** the document's model in its JSON Schema form (`specModel(source)`), when the caller has it already */
    model?: SpecModel;
    /**
     * the Ajv instance validators.gen.ts was compiled with (ajv-standalone.ts), so a schema both
     * reach is compiled once; by default one over the model's document
     */
    compiler?: SchemaCompiler;
  } = {},
): string {
  // model: the JSON Schema form (an OAS 3.0 document is converted)
  const doc = withoutProse(model.doc, { strip: true });
  const operations = model.operations.map((op) => ({
    key: op.key,
    method: op.method,
    path: op.path,
    operationId: op.operationId,
    security: op.security,
    anonymous: op.anonymous,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in })),
    requestBody: op.requestBody && { required: op.requestBody.required, preferred: media(op.requestBody.preferred) },
    responses: op.responses.map((r) => ({
      status: r.status,
      pointer: r.pointer,
      json: media(r.json, r.status),
      schemaPointer: r.schemaPointer,
    })),
  }));
  const securitySchemes = Object.fromEntries(Object.entries(model.securitySchemes).map(([name, scheme]) => [name, withoutProse(scheme)]));

  // the request bodies compiled from the document validators.gen.ts is compiled from (without
  // annotations: the same verdicts), not from `doc`, which keeps the examples the generator reads
  const validators = standaloneValidators(compiler ?? schemaCompiler(ajvDocument(model, bodySchemaPointers(model))), where);
  const pointers = [
    ...new Set(
      model.operations.flatMap((op) =>
        op.requestBody?.preferred?.json && op.requestBody.preferred.schemaPointer ? [op.requestBody.preferred.schemaPointer] : [],
      ),
    ),
  ];
  const table: [string, string][] = []; // pointer → validator name
  const unchecked: string[] = [];
  for (const pointer of pointers) {
    const name = validators.add(pointer, model.at(pointer));
    if (typeof name === 'string') table.push([pointer, name]);
    else unchecked.push(name.problem);
  }
  const { code, used } = validators.code("the fake's request body validators");
  const data = { doc, operations, securitySchemes };
  const lines = [
    '// @ts-nocheck: generated validator code (own-validators.ts, or Ajv standalone code), plain JavaScript, no eval; typed by the exports below',
    ...unchecked.map((u) => `// Not checked by the fake (its schema cannot be compiled): ${u.replace(/[\r\n\u2028\u2029]+/g, ' ')}`),
    `import { createFake as createFakeOf, type Fake, type FakeModel, type FakeOptions, fakeModel } from '${runtime}';`,
    ...(used.size ? [`import { ${[...used].sort().join(', ')} } from '${validatorsRuntime}';`] : []),
    `import { validators as responses } from '${responseValidators}';`,
    '',
    `export type { Fake, FakeOptions, Fault, LoggedRequest } from '${runtime}';`,
    '',
    code,
    '',
    `const data = ${sourceJson(data)};`,
    '',
    '/** The spec as the fake reads it: operations, schemas, the request body validators (by JSON pointer) and the response ones. */',
    `export const model: FakeModel = fakeModel(data, { ${table.map(([p, n]) => `${JSON.stringify(p)}: ${n}`).join(', ')} }, responses);`,
    '',
    '/**',
    ' * A stateful in-memory fake of this API for your tests: `fetch` (give it to the client as its',
    ' * `fetch` option: no port) or `listen(0)` (a server on 127.0.0.1), seed `records`, `reset()`,',
    ' * `requests()`, `records(resource)`, and faults (`fail()`). See docs/fakes.md.',
    ' */',
    'export function createFake(options: FakeOptions = {}): Fake {',
    '  return createFakeOf(model, options);',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
