// An invalid answer to a refused request, with no action that corrects it, says what the harness
// did: where a schema governs it, whether the harness found a valid value of that schema (none:
// "a spec defect or the harness's limit, not told apart"); where none does (here a 422
// documented as text, whose schema the harness does not read as JSON), that there was no schema
// to judge it by and no value was searched for. Before, the second said the harness "found no
// valid value of the schema at the response" (seldon.local/engine in the corpus), a search that
// never ran. Against real Prism, on a spec written here.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation, prismViolations } from '../src/prism.ts';
import { assertNoResponseDefect } from '../src/judge/defects.ts';
import { madeUpPrism } from './made-up-prism.ts';

/** A POST whose body requires `name`, refused with a 422 of `refusal` (media type to schema). */
const spec = (refusal) => ({
  openapi: '3.0.3',
  info: { title: 'refusals', version: '1' },
  paths: {
    '/feedback': {
      post: {
        operationId: 'sendFeedback',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
        },
        responses: {
          204: { description: 'taken' },
          422: { description: 'refused', content: Object.fromEntries(Object.entries(refusal).map(([type, schema]) => [type, { schema }])) },
        },
      },
    },
  },
});

let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The refused request's answer judged as the suite judges a negative case's (test/suite/judging.ts): the error it fails with. */
async function judged(refusal) {
  server = await madeUpPrism(spec(refusal));
  const model = loadSpecModel(server.file);
  const response = await fetch(`${server.url}/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  const violations = prismViolations(response, body);
  expect(violations, "Prism's own answer is invalid").toContainEqual(expect.objectContaining({ where: 'response' }));
  const op = model.operation('POST /feedback');
  const documented = op.responses.find((r) => r.status === '422');
  try {
    assertNoResponseDefect(violations, {
      model,
      response: documented,
      specFile: 'effective.yaml',
      status: 'error response',
      meta: {},
      op,
      answered: response.status,
    });
  } catch (err) {
    return { err, pointer: documented.schemaPointer };
  }
  return { pointer: documented.schemaPointer };
}

describe('an invalid answer to a refused request, no action correcting it', () => {
  it('with no schema the harness reads: says so, and that it searched for no valid value', async () => {
    const { err } = await judged({ 'text/plain': { type: 'string', format: 'byte', pattern: '^.{1,2097152}' } });
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(MockLimitation);
    const [first, todo] = err.message.split('\n');
    expect(first).toMatch(
      /^Prism answered an invalid error response from effective\.yaml, and there is no schema to judge it by: the 422 response documents no JSON body schema \(.*\); the harness searched for no valid value, so nothing tells a spec defect from the mock's limit, and no correction is suggested: body: Response body must match format "byte"$/,
    );
    expect(first).not.toMatch(/found no valid value/);
    expect(todo).toMatch(/^read the spec where the answer is documented: /);
  });

  it('with a JSON schema no value satisfies: names that schema as searched, no value found', async () => {
    const { err, pointer } = await judged({ 'application/json': { type: 'string', minLength: 9, maxLength: 2 } });
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(MockLimitation);
    expect(err.message.split('\n')[0]).toMatch(
      new RegExp(
        `^Prism answered an invalid error response from effective\\.yaml, and the harness found no valid value of the schema at ${pointer.replace(/[~/]/g, '\\$&')} either: a spec defect or the harness's limit, not told apart, so no correction is suggested: body: `,
      ),
    );
  });
});
