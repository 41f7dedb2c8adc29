// Prism's validator (draft-07 Ajv, patterns compiled with the `u` flag) and ours (JSON Schema
// 2020-12, patterns without it) can read one schema differently: `^.$` takes one code point
// for Prism, one UTF-16 unit for us, so "😀" passes Prism's and fails ours. On a small spec
// written here, against real Prism: the failure says the two validators disagree, which one
// refused, where in the body and by which keyword, and what to do, for a response body Prism
// made and reported nothing about, and for a request body Prism accepted; and the reverse
// (`^..$`: Prism refuses the one value ours accepts), still the mock's limit, says so too, Prism's
// validator compiled for it only when that reason is read.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation, prismViolations } from '../src/prism.ts';
import { answeredBodyViolations, assertNoResponseDefect, requestDisagreement, uncheckedReason } from '../src/judge/defects.ts';
import { madeUpPrism } from './made-up-prism.ts';
import { operationJudging } from './suite/judging.ts';

const FACE = '\u{1F600}';
// `enum`: the one value Prism's mock answers, and the only one the harness tries
const face = (pattern, only = {}) => ({ type: 'object', required: ['face'], properties: { face: { type: 'string', ...only, pattern } } });
const spec = (pattern) => ({
  openapi: '3.1.0',
  info: { title: 'two readings', version: '1' },
  paths: {
    '/faces': {
      get: {
        operationId: 'getFace',
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: face(pattern, { enum: [FACE] }) } } } },
      },
      post: {
        operationId: 'sendFace',
        requestBody: { required: true, content: { 'application/json': { schema: face(pattern) } } },
        responses: { 204: { description: 'taken' }, 422: { description: 'refused' } },
      },
    },
  },
});

let server;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Prism of the spec with `pattern` (madeUpPrism: gone with its folder after each test), and the spec's model. */
async function served(pattern) {
  server = await madeUpPrism(spec(pattern));
  return loadSpecModel(server.file);
}

describe("Prism's validation and ours disagreeing on a body", () => {
  it('a response body Prism accepted and ours refuses, with no value ours accepts: named as a disagreement, with where, the keyword and what to do', async () => {
    const model = await served('^.$');
    const response = await fetch(`${server.url}/faces`);
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toEqual({ face: FACE });
    expect(prismViolations(response, body), 'Prism reports nothing').toEqual([]);
    const r = model.operation('GET /faces').responses[0];
    const violations = answeredBodyViolations(model, r.schemaPointer, body);
    const unreported = uncheckedReason(server.uncheckedResponse('GET', '/faces', 200), model, r.schemaPointer);
    let thrown;
    try {
      assertNoResponseDefect(violations, { model, response: r, specFile: 'effective.yaml', status: 200, unreported });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(MockLimitation);
    const [first, todo] = thrown.message.split('\n');
    expect(first).toBe(
      `Prism's validation and ours disagree on the 200 response body from effective.yaml: Prism's validator accepted it, ours (JSON Schema 2020-12) refuses it at /face by \`pattern\` (${r.schemaPointer}/properties/face/pattern): must match pattern "^.$", and the harness found no value ours accepts (not a client defect)`,
    );
    expect(todo).toMatch(/^what to do: no lint rule knows this difference: .*rewrite it in the overlay so both read it alike .*`u` flag/);
  });

  it("Prism's refusal of its own answer when it refuses every value ours accepts: named as a disagreement (still the mock's limit), with where, the keyword and what to do", async () => {
    // `^..$`: two code points for Prism, so "😀" fails there; two UTF-16 units for us, so it passes
    const model = await served('^..$');
    const response = await fetch(`${server.url}/faces`);
    const body = await response.json();
    expect(response.status, "Prism's 500 for an answer it refused").toBe(500);
    const violations = prismViolations(response, body);
    expect(violations).toEqual([expect.objectContaining({ where: 'response', at: 'body.face', code: 'pattern' })]);
    const r = model.operation('GET /faces').responses[0];
    const judge = (prismAccepts) => {
      const meta = {};
      try {
        assertNoResponseDefect(violations, { model, response: r, specFile: 'effective.yaml', status: 200, meta, prismAccepts });
      } catch (err) {
        return { err, meta };
      }
      return { meta };
    };
    const told = judge((status) => server.prismAccepts('GET', '/faces', status));
    expect(told.err).toBeInstanceOf(MockLimitation);
    expect(told.meta.reason.split('\n')[0]).toBe(
      `Prism's validation and ours disagree on the 200 response body from effective.yaml: Prism's validator (draft-07, allOf merged) refused it at /face by \`pattern\` (${r.schemaPointer}/properties/face/pattern): Response body property face must match pattern "^..$"; ours (JSON Schema 2020-12) accepts 1 value(s) of its schema the harness made, none of which Prism's accepts (not a client defect)`,
    );
    // for a caller that may still take another route (no ctx: a status case asks the dynamic mock
    // next), Prism's validator is asked only when the reason is read: the same reason then
    let asked = 0;
    const later = judge((status) => {
      asked++;
      return server.prismAccepts('GET', '/faces', status);
    });
    expect(later.err).toBeInstanceOf(MockLimitation);
    expect(later.err.invalidAnswer).toBe(true);
    expect(later.meta.limitation).toBe('mock');
    expect(asked, "Prism's validator not asked before the reason is read").toBe(0);
    expect(later.err.message).toBe(told.meta.reason);
    expect(later.meta.reason).toBe(told.meta.reason);
    expect(asked, 'asked once').toBe(1);
    // a reason written over it (skipAsMock) or deleted (askDynamic) is the meta's own again
    later.meta.reason = 'written';
    expect(later.meta.reason).toBe('written');
    delete later.meta.reason;
    expect(later.meta).not.toHaveProperty('reason');
    // Prism's validator as the server compiles it refuses the face; none for a status not documented
    expect(server.prismAccepts('GET', '/faces', 200)({ face: FACE })).toBe(false);
    expect(server.prismAccepts('GET', '/faces', 404)).toBeNull();
    // without Prism's validator to ask: the mock's limit, as before
    expect(judge(undefined).meta.reason).toMatch(/^Prism's mock made an invalid 200 response although the schema at .* has valid values/);
  });

  it('a request body Prism accepted and ours refuses: named as a disagreement; none when ours accepts it too', async () => {
    const model = await served('^.$');
    const response = await fetch(`${server.url}/faces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ face: FACE }),
    });
    await response.arrayBuffer();
    expect(response.status, 'Prism accepts the body').toBe(204);
    const media = model.operation('POST /faces').requestBody.media[0];
    const ours = model.validate(media.schemaPointer, { face: FACE }, { request: true });
    const where = 'application/json body of POST /faces';
    const message = requestDisagreement(ours, { where, answered: response.status, model });
    expect(message.split('\n')[0]).toBe(
      `Prism's validation and ours disagree on the ${where} (Prism answered 204): Prism's validator accepted it, ours (JSON Schema 2020-12) refuses it at /face by \`pattern\` (${media.schemaPointer}/properties/face/pattern): must match pattern "^.$" (not a client defect)`,
    );
    expect(message.split('\n')[1]).toMatch(/^what to do: /);
    // as the suite judges a negative case: the disagreement, not "expected 204 to be greater than or equal to 400"
    const op = model.operation('POST /faces');
    const { expectBodyRefused } = operationJudging({ op, model, env: { server }, specFile: 'effective.yaml' });
    const ctx = { task: { meta: { contract: {} } }, skip: () => {} };
    const exchange = { data: undefined, error: undefined, response };
    await expect(expectBodyRefused(ctx, async () => exchange, 'Prism names the body', media, ours)).rejects.toThrow(message.split('\n')[0]);
    expect(
      requestDisagreement(model.validate(media.schemaPointer, { face: 'a' }, { request: true }), { where, answered: 204, model }),
    ).toBeNull();
  });
});
