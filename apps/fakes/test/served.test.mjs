// Hostile, malformed and heavy requests to each fake as a user runs it: `npm run fake --
// <provider> --port 0` (npm → capi → capi-fake: the front, real Prism in proxy mode, the fake),
// one process tree per provider, stopped at the end. Each request is sent as it is, on its own
// connection (node:http sends the target unnormalised, unlike fetch). Each answer must be the
// provider's documented one (status documented for the operation, body valid against its schema)
// and the process must keep serving: a valid update after it still works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { repoRoot } from '@capi/conformance/selected.ts';
import { createClient } from '@capi/conformance/clients.ts';
import { createEngine } from '@capi/core/fake';
import { MAX_BODY_BYTES, MAX_RECORD_BYTES } from '@capi/core/fake';
import { engineOptions, scenarioTarget } from '../src/serve.ts';
import { fakes } from '../src/providers.ts';
import { clientRequest, rawRequest, runFake } from './helpers.ts';

/** Malformed %-escapes: each made Prism's path-parameter decoding throw, which ended the process. */
const MALFORMED = ['%zz', '%', '%E0%A4%A', '%C3', '%ff', '%2'];
/** Bodies sent as application/json that are no JSON: Prism never answered them. */
const NOT_JSON = ['{"email": ', 'hello', '{"name": "Ada"} trailing', ' '];

/** Bodies of other shapes than an object, or of hostile sizes and depths (each sent as application/json). */
const SHAPES = {
  'an array': '[]',
  'a string': '"text"',
  null: 'null',
  'a number': '1',
  'a boolean': 'true',
  'an empty object': '{}',
  'an empty body': '',
  'arrays nested 50000 deep': `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
  'an object of 5000 keys': JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
  [`exactly ${MAX_BODY_BYTES} bytes`]: JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - 10) }),
  [`${MAX_BODY_BYTES + 1} bytes`]: JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES - 9) }),
};
/** Ids with path characters, as sent in the path (some %-encoded): each names no record. */
const PATH_IDS = [
  '..',
  '.',
  '%2e%2e',
  '%2E',
  '..%2F..%2Fetc',
  'a%2Fb',
  '%00',
  '__proto__',
  'constructor',
  '%F0%9F%98%80',
  'x'.repeat(8000),
];

/**
 * Whether `res` is an answer the docs promise for a bad request: the operation's documented
 * status with a body valid against its schema, or Prism's own refusal of a body its schema
 * refuses (422, application/problem+json; docs/fakes.md).
 */
function documentedOrPrism(env, res) {
  if (res.error || res.status === undefined) return `no answer: ${res.error}`;
  if (res.status === 422 && /problem\+json/.test(String(res.headers['content-type']))) return null;
  const documented = env.op.responses.find((r) => r.status === String(res.status));
  if (!documented) return `status ${res.status} is not documented: ${res.text.slice(0, 300)}`;
  if (!documented.schemaPointer) return null;
  const { ok, errors } = env.model.validate(documented.schemaPointer, res.text ? JSON.parse(res.text) : undefined);
  return ok ? null : `${res.status} body off the spec: ${errors.join('; ')}`;
}

/** Starts the provider's fake with `npm run fake` before the block's tests and stops it after. */
function useServed(name) {
  const env = { config: fakes[name] };
  beforeAll(async () => {
    env.run = await runFake(name);
    const [provider] = selectProviders([name], repoRoot);
    env.model = loadSpecModel(provider.effective, { provider: name });
    // the engine as the served fake has it (not served: only to read its resource and seed)
    env.target = scenarioTarget(createEngine(env.model, engineOptions(env.config)), env.model, env.config);
    env.op = env.target.operation;
    env.seededId = env.target.idOf(env.target.records[0]);
    env.base = await clientRequest(name, env.config.clients.valid[0].options, env.op, { id: env.seededId, body: env.config.changes[0] });
  });
  afterAll(async () => {
    // still running after every test of the block: nothing sent ended it
    const running = env.run?.exitCode() === null;
    await env.run?.stop();
    if (env.run) expect(running, env.run.output()).toBe(true);
  });
  /** The client's valid update, with `target`, `body` (text) or headers replaced. */
  env.send = ({ target = env.base.target, body = JSON.stringify(env.config.changes[0]), headers = {} } = {}) =>
    rawRequest(env.run.url, { method: env.base.method, target, headers: { ...env.base.headers, ...headers }, body });
  /** Fails unless `res` is an answer with `status`, documented for the operation, its body valid against the spec. */
  env.expectDocumented = (res, status) => {
    expect(res.error, `no answer: ${res.error}\n${env.run.output()}`).toBeUndefined();
    expect(res.status, res.text).toBe(status);
    const documented = env.op.responses.find((r) => r.status === String(status));
    expect(documented, `status ${status} is documented for ${env.op.method} ${env.op.path}`).toBeDefined();
    if (documented.schemaPointer) {
      const { ok, errors } = env.model.validate(documented.schemaPointer, JSON.parse(res.text));
      expect(ok, errors.join('; ')).toBe(true);
    }
  };
  /** A valid update still answers 200 and the process still runs. */
  env.expectServing = async () => {
    env.expectDocumented(await env.send(), 200);
    expect(env.run.exitCode(), env.run.output()).toBeNull();
  };
  return env;
}

describe.each(Object.keys(fakes))('npm run fake -- %s', (name) => {
  const env = useServed(name);

  it.each(MALFORMED)('a path with the malformed escape %s gets the documented 404, and the fake keeps serving', async (malformed) => {
    const { base, seededId } = env;
    const notFound = 404;
    const id = encodeURIComponent(seededId);
    // as the id, inside the id, and in a segment that is no parameter
    for (const target of [
      base.target.replace(id, malformed),
      base.target.replace(id, `${id}${malformed}`),
      `/${malformed}${base.target}`,
    ]) {
      env.expectDocumented(await env.send({ target }), notFound);
    }
    await env.expectServing();
  });

  it.each(NOT_JSON)('a body %j sent as JSON gets the documented 400 at once, and the fake keeps serving', async (body) => {
    const invalid = 400;
    env.expectDocumented(await env.send({ body }), invalid);
    await env.expectServing();
  });

  it.each([
    'application/json; charset=utf-16',
    'application/json; charset=bogus',
    'text/plain; charset=bogus',
    // no media type by the grammar Prism's body reader enforces: it threw, and Prism answered 500
    'application/json;',
    'application/json; charset',
    'application/json, text/plain',
    // Prism decodes by the last charset: this body went unanswered
    'application/json; charset=utf-8; charset=utf-16',
  ])('a body sent as %s gets the documented 400 at once, and the fake keeps serving', async (contentType) => {
    const invalid = 400;
    env.expectDocumented(await env.send({ headers: { 'content-type': contentType } }), invalid);
    await env.expectServing();
  });

  it('a JSON body with bytes that are not UTF-8 gets the documented 400 at once (not stored as U+FFFD), and the fake keeps serving', async () => {
    const text = JSON.stringify(env.config.changes[0]);
    const at = text.indexOf('":"') + 3; // inside the first string value
    const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(text.slice(at))]);
    env.expectDocumented(await env.send({ body }), 400);
    await env.expectServing();
  });

  it.each(Object.keys(SHAPES))('a body of %s gets a documented answer, and the fake keeps serving', async (shape) => {
    const res = await env.send({ body: SHAPES[shape] });
    expect(documentedOrPrism(env, res), env.run.output()).toBeNull();
    await env.expectServing();
  });

  it('a body sent chunked (no Content-Length) and a body shorter than its Content-Length get an answer, and the fake keeps serving', async () => {
    const chunked = await env.send({ headers: { 'transfer-encoding': 'chunked' } });
    expect(documentedOrPrism(env, chunked)).toBeNull();
    // the client promises more than it sends and ends the connection: no answer to wait for, no crash
    const short = await rawRequest(
      env.run.url,
      { method: env.base.method, target: env.base.target, headers: { ...env.base.headers, 'content-length': '1000' }, body: '{"a":' },
      { timeoutMs: 2_000 },
    );
    expect(short.status === undefined || documentedOrPrism(env, short) === null, JSON.stringify(short)).toBe(true);
    await env.expectServing();
  });

  it('keys named __proto__, constructor and prototype are plain unknown fields through Prism: the change applies, nothing else moves', async () => {
    const change = JSON.stringify(env.config.changes[0]).slice(1, -1);
    const body = `{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, ${change}}`;
    const res = await env.send({ body });
    expect(documentedOrPrism(env, res)).toBeNull();
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('polluted');
    const after = await env.send();
    expect(after.status).toBe(200);
    expect(after.text).not.toContain('polluted');
  });

  it.each(PATH_IDS.map((id) => [id.length > 40 ? `${id.slice(0, 12)}... (${id.length})` : id, id]))(
    'an id %s gets a documented answer (no record has it), and the fake keeps serving',
    async (_label, id) => {
      const target = env.base.target.replace(encodeURIComponent(env.seededId), id);
      const res = await env.send({ target });
      expect(documentedOrPrism(env, res), env.run.output()).toBeNull();
      expect(res.status).not.toBe(200);
      await env.expectServing();
    },
  );

  it(`a 10 MB field (past ${MAX_BODY_BYTES} bytes of body) gets the documented 400, is not stored, and later updates work`, async () => {
    const [field] = Object.keys(env.config.changes[0]);
    const body = JSON.stringify({ [field]: 'x'.repeat(10 * 1024 * 1024) });
    env.expectDocumented(await env.send({ body }), 400);
    await env.expectServing();
    const again = await env.send();
    env.expectDocumented(again, 200);
    expect(again.text.length).toBeLessThan(MAX_RECORD_BYTES);
  });
});

describe('npm run fake -- salesive, heavy use', () => {
  const env = useServed('salesive');

  it(`a customer cannot grow past ${MAX_RECORD_BYTES} bytes: the update that would get the documented 400, and later updates work`, async () => {
    // two such fields fit, a third does not; each body stays under MAX_BODY_BYTES
    const big = 'x'.repeat(Math.floor(MAX_RECORD_BYTES / 2.5));
    env.expectDocumented(await env.send({ body: JSON.stringify({ name: big }) }), 200);
    env.expectDocumented(await env.send({ body: JSON.stringify({ phone: big }) }), 200);
    const refused = await env.send({ body: JSON.stringify({ user: big }) });
    env.expectDocumented(refused, 400);
    expect(JSON.parse(refused.text).message).toBe(`the customer would be larger than ${MAX_RECORD_BYTES} bytes`);
    const after = await env.send({ body: JSON.stringify({ name: 'Ada', phone: null }) });
    env.expectDocumented(after, 200);
    expect(JSON.parse(after.text).data).toMatchObject({ name: 'Ada', phone: null });
    expect(JSON.parse(after.text).data.user).not.toEqual({ _id: big });
  });

  it('2000 concurrent requests, half valid updates and half bad input: every valid write answered and kept, every bad one documented', async () => {
    const bad = [
      ...Object.values(SHAPES).map((body) => ({ body })),
      ...PATH_IDS.map((id) => ({ target: env.base.target.replace(encodeURIComponent(env.seededId), id) })),
      { body: '{"__proto__": {"name": "polluted"}, "constructor": {"prototype": {"name": "polluted"}}}' },
      { body: '{"name": ' },
      { headers: { 'content-type': 'application/json; charset=utf-16' } },
    ];
    const N = 1000;
    const requests = Array.from({ length: 2 * N }, (_, i) =>
      i % 2 === 0 ? { valid: i / 2, body: JSON.stringify({ name: `Mix ${i / 2}` }) } : bad[((i - 1) / 2) % bad.length],
    );
    // a bound for a loaded machine, as the rounds below: only answers are judged here
    const answers = await Promise.all(
      requests.map((r) =>
        rawRequest(
          env.run.url,
          {
            method: env.base.method,
            target: r.target ?? env.base.target,
            headers: { ...env.base.headers, ...r.headers },
            body: r.body ?? JSON.stringify(env.config.changes[0]),
          },
          { timeoutMs: 170_000 },
        ),
      ),
    );
    const problems = [];
    let last;
    for (const [i, res] of answers.entries()) {
      const r = requests[i];
      if (r.valid === undefined) {
        const problem = documentedOrPrism(env, res);
        if (problem) problems.push(`bad ${i}: ${problem}`);
        continue;
      }
      if (res.status !== 200) {
        problems.push(`valid ${r.valid}: ${res.status ?? res.error} ${res.text?.slice(0, 200)}`);
        continue;
      }
      const data = JSON.parse(res.text).data;
      if (data.name !== `Mix ${r.valid}`) problems.push(`valid ${r.valid}: answered ${data.name}`);
      if (!last || data.updatedAt > last.updatedAt) last = data;
    }
    expect(problems, env.run.output()).toEqual([]);
    // the write applied last (latest updatedAt) is the one stored, and nothing was polluted
    const after = await env.send({ body: JSON.stringify(env.config.changes[1]) });
    expect(JSON.parse(after.text).data.name).toBe(last.name);
    expect(after.text).not.toContain('polluted');
    expect(env.run.exitCode()).toBeNull();
  }, 300_000);

  // Three rounds: the first opens Prism's connections to the fake, the later ones reuse them
  // (kept alive between rounds), which is where the 500s came from.
  it('3 rounds of 1000 concurrent updates through the client: every one answered 200 (no 5xx), none lost', async () => {
    const { config, op, seededId } = env;
    // a call waits as long as the test (a loaded machine queues 1000 requests): only answers are judged here
    const client = await createClient('salesive', env.run.url, {
      ...config.clients.valid[0].options,
      timeoutMs: 170_000,
      totalTimeoutMs: 170_000,
    });
    const update = (body) => client.request(op.method.toLowerCase(), op.path, { params: { path: { id: seededId } }, body });
    const N = 1000;
    for (const round of [1, 2, 3]) {
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          update({ name: `Ada ${round}-${i}` })
            .then(({ data, error, response }) => ({ i, status: response?.status, data, error }))
            .catch((err) => ({ i, error: String(err?.message ?? err) })),
        ),
      );
      const failed = results.filter((r) => r.status !== 200);
      expect(
        failed.map((r) => `round ${round}, ${r.i}: ${r.status ?? 'no answer'} ${JSON.stringify(r.error)?.slice(0, 300)}`),
        env.run.output(),
      ).toEqual([]);
      // each answer shows its own write; updatedAt moved forward on every one (all distinct)
      for (const r of results) expect(r.data.data.name).toBe(`Ada ${round}-${r.i}`);
      expect(new Set(results.map((r) => r.data.data.updatedAt)).size).toBe(N);
      // the write applied last (latest updatedAt) is the one stored: read back through another field
      const last = results.reduce((a, b) => (a.data.data.updatedAt > b.data.data.updatedAt ? a : b));
      const { data } = await update(config.changes[1]);
      expect(data.data.name).toBe(`Ada ${round}-${last.i}`);
    }
    expect(env.run.exitCode()).toBeNull();
  }, 300_000);
});
