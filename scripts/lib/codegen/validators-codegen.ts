// The response validators of one provider, compiled at codegen time (packages/<p>/src/generated/
// validators.gen.ts): Ajv's standalone code for every documented JSON response body, so a client
// run with `validate: 'warn' | 'throw'` checks bodies with no `eval` or `new Function` (it works
// under a strict Content-Security-Policy). The schemas are read as the contract tests read them
// (spec-model.ts: JSON Schema 2020-12, an OAS 3.0 document in its 2020-12 form, the same Ajv
// options and formats), so verify, the contract tests and the client agree on what drifted.
//
// Ajv's output `require`s a few run-time helpers (deep equality, string length in code points,
// the formats of ajv-formats). The generated module is ESM and imports them from
// @capi/core/validators-runtime instead (see docs/decisions-and-lessons.md); a helper that module
// does not provide stops generation with the schema keyword to change.
import type { Where } from '../shared/errors.ts';
import { type SpecModel, specModel } from '../spec/spec-model.ts';
import {
  ajvDocument,
  bodySchemaPointers,
  type SchemaCompiler,
  schemaCompiler,
  standaloneValidators,
  VALIDATORS_RUNTIME,
} from './ajv-standalone.ts';

interface ValidatorsOptions {
  /** The module the helpers are imported from (tests point it at a file). */
  runtime?: string;
  where?: Where;
  /** the document's model in its JSON Schema form (`specModel(doc)`), when the caller has it already */
  model?: SpecModel;
  /** the Ajv instance over the model's document, when the caller shares it with fake.gen.ts (ajv-standalone.ts) */
  compiler?: SchemaCompiler;
}

/**
 * The text of validators.gen.ts (without the generated header) for a document: one validator per
 * distinct response schema, and `validators`: "METHOD /path" → status → media type → validator,
 * for every response media type that is JSON and declares a schema. Reads the document, never
 * changes it.
 */
export function validatorsModule(
  doc: unknown,
  {
    runtime = VALIDATORS_RUNTIME,
    where,
    model = specModel(doc),
    compiler = schemaCompiler(ajvDocument(model, bodySchemaPointers(model))),
  }: ValidatorsOptions = {},
): string {
  // model: the JSON Schema form (an OAS 3.0 document is converted)
  const validators = standaloneValidators(compiler, where);
  const table: Record<string, Record<string, Record<string, string>>> = {};
  const unchecked: string[] = [];
  for (const op of model.operations) {
    for (const res of op.responses) {
      for (const media of res.media) {
        if (!media.json || !media.schemaPointer) continue;
        const name = validators.add(media.schemaPointer, media.schema);
        if (typeof name !== 'string') {
          // generation goes on: that body is left unchecked, and the module says so
          unchecked.push(`${op.key} ${res.status} ${media.type}: ${name.problem}`);
          continue;
        }
        const byStatus = table[op.key] ?? {};
        table[op.key] = byStatus;
        byStatus[res.status] = { ...byStatus[res.status], [media.type]: name };
      }
    }
  }
  const { code, used } = validators.code('the response validators');
  const lines = [
    '// @ts-nocheck: generated validator code (own-validators.ts, or Ajv standalone code), plain JavaScript, no eval; typed by `validators` below',
    ...unchecked.map((u) => `// Not checked (its schema cannot be compiled): ${u.replace(/[\r\n\u2028\u2029]+/g, ' ')}`),
    `import type { ResponseValidators } from '@capi/core';`,
    ...(used.size ? [`import { ${[...used].sort().join(', ')} } from '${runtime}';`] : []),
    '',
    code,
    '',
    '/** Response body validators per "METHOD /path", status and media type (JSON bodies with a schema). */',
    `export const validators: ResponseValidators = {`,
    ...Object.entries(table).map(
      ([op, byStatus]) =>
        `  ${JSON.stringify(op)}: { ${Object.entries(byStatus)
          .map(
            ([status, byMedia]) =>
              `${JSON.stringify(status)}: { ${Object.entries(byMedia)
                .map(([type, name]) => `${JSON.stringify(type)}: ${name}`)
                .join(', ')} }`,
          )
          .join(', ')} },`,
    ),
    '};',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The member of `spec` (api.gen.ts) that loads the validators: a dynamic import, so a client with
 * `validate: 'off'` (the default) never loads them, and a bundler can split them off.
 */
export const VALIDATORS_LOADER = `validators: () => import('./validators.gen.js')`;
