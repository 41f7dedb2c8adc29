// Contract tests: every provider's own client against a real Prism mock of its effective spec
// (in-process, 127.0.0.1, port 0, errors mode). Every case is derived from the spec: each
// documented status of each operation, missing credentials, one violation per documented body
// constraint, and property-based valid and invalid bodies. Each test carries
// meta.contract = { provider, operationId, kind, ... } that the conformance report is built from.
//
// The suite is split over the files contract-<k>.test.mjs, a share of the providers each, so
// that `vitest --shard` (which splits by file) can spread providers over CI machines.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { relative } from 'node:path';
import { loadSpecModel } from '@capi/scripts/lib/spec-model.ts';
import { NO_ANSWER_LIMIT, REQUEST_TIMEOUT_MS, crashEnded, noAnswer, startPrism, watchPrism } from '../src/prism.mjs';
import { createClient } from '../src/clients.mjs';
import { nodeTransport } from '@capi/core/node';
import { bodyPlan, describeBody, isPlainObject } from '../src/bodies.mjs';
import {
  MockLimitation,
  answeredBodyViolations,
  concreteStatus,
  uncheckedReason,
  acceptFor,
  assertNoResponseDefect,
  describeViolations,
  paramsFor,
  unrefusableBody,
  requestLimitation,
  prismViolations,
  servedResponse,
  repoRoot,
  runs as defaultRuns,
  seed,
  selectedProviders,
  stripCredentials,
  validBodyFor,
} from '../src/cases.mjs';

const is2xx = (status) => status >= 200 && status < 300;

/** Files the suite is split over (test/contract-1.test.mjs ... contract-<PARTS>.test.mjs). */
export const PARTS = 4;

/** The contract tests of part `part` (1-based) of the selected providers, in registry order. */
export function contractSuite(part) {
  const mine = selectedProviders().filter((_, i) => i % PARTS === part - 1);
  if (!mine.length) {
    it.skip(`part ${part} of ${PARTS}: no selected provider falls in this part`);
    return;
  }
  console.log(
    `conformance: ${mine.map((p) => p.name).join(', ')}: property seed ${seed} (replay: npm run conformance -- ${mine.map((p) => p.name).join(' ')} --seed ${seed} --runs ${defaultRuns}), ${defaultRuns} runs per property`,
  );
  for (const provider of mine) providerSuite(provider);
}

/**
 * The contract tests of one provider: `provider` is { name, effective } (a registered provider,
 * or a spec of a test's own); `client(baseUrl, extra)` makes its client (default: the provider's
 * own package, with its conformance entry); `runs`: property runs (default CONFORMANCE_RUNS).
 */
export function providerSuite(provider, { client = (url, extra) => createClient(provider.name, url, extra), runs = defaultRuns } = {}) {
  const specFile = relative(repoRoot, provider.effective);
  let model;
  let loadError;
  try {
    model = loadSpecModel(provider.effective, { provider: provider.name, label: specFile });
  } catch (err) {
    loadError = err;
  }

  describe(provider.name, () => {
    if (loadError) {
      it('loads its effective spec', { meta: { contract: { provider: provider.name, kind: 'load' } } }, () => {
        throw new Error(`[${provider.name}] cannot load ${specFile}: ${loadError.format?.() ?? loadError.message}`);
      });
      return;
    }

    // A setup failure is kept and thrown by every test of the provider (a failing hook would
    // only mark them skipped), so the report shows each case as failed, with the cause.
    const env = {};
    beforeAll(async () => {
      try {
        env.server = await startPrism(provider.effective);
      } catch (err) {
        env.error = new Error(`[${provider.name}] Prism failed to start for ${specFile}: ${err.message}`);
        return;
      }
      try {
        // every status and negative case runs on both transports: the global fetch and the
        // undici pool transport of @capi/core/node; on the latter both ways (docs/clients.md, "The
        // fast path"): with the recording middleware (the Request way) and without (the fast path)
        env.transport = nodeTransport({ connections: 4 });
        // a request Prism never answers ends after REQUEST_TIMEOUT_MS (the client's own attempt
        // timeout), and the case says so: no case waits for ever
        const timeoutMs = REQUEST_TIMEOUT_MS;
        // each response body as Prism sent it (before the client read it), to tell an invalid
        // answer of Prism's from a body the client changed
        env.sent = new WeakMap();
        const record = {
          onResponse({ response }) {
            env.sent.set(
              response,
              response
                .clone()
                .text()
                .catch(() => undefined),
            );
          },
        };
        env.client = await client(env.server.url, { middleware: [record], timeoutMs });
        env.nodeClient = await client(env.server.url, { middleware: [record], fetch: env.transport, timeoutMs });
        // no middleware: the fast path. Its answers are not recorded; it runs after the clients
        // that record theirs, so an answer of Prism's that is invalid has been told apart already
        env.fastClient = await client(env.server.url, { fetch: env.transport, timeoutMs });
        env.anonymous = await client(env.server.url, { middleware: [stripCredentials(model), record], timeoutMs });
        env.nodeAnonymous = await client(env.server.url, {
          middleware: [stripCredentials(model), record],
          fetch: env.transport,
          timeoutMs,
        });
      } catch (err) {
        env.error = new Error(`[${provider.name}] cannot create its client: ${err.message}`);
      }
    });
    afterAll(async () => {
      env.unwatch?.();
      await env.transport?.close();
      await env.server?.close();
    });
    beforeAll(() => {
      // exceptions that escape Prism (thrown outside its promise chain, so its request is never
      // answered) are recorded, to name them when a request gets no answer
      // a request in flight when Prism crashes will never be answered: it ends at once
      env.inflight = new Set();
      env.unwatch = watchPrism((env.escaped = []), () => {
        for (const ctl of env.inflight) ctl.abort(new Error('an exception escaped Prism'));
      });
      env.silent = 0; // requests in a row without an answer
    });
    const both = () => [env.client, env.nodeClient, env.fastClient];
    beforeEach(() => {
      if (env.error) throw env.error;
    });

    for (const op of model.operations) {
      const rb = op.requestBody;
      // the media type a call sends unless told otherwise (JSON first): the status cases use it
      const preferred = rb?.preferred;
      const opSilence = { count: 0, crash: null }; // this operation's requests without an answer
      const meta = (kind, extra = {}) => ({
        provider: provider.name,
        operationId: op.id,
        method: op.method,
        path: op.path,
        kind,
        ...extra,
      });
      // a sample whose answer Prism's mock could not make valid is its limit: not counted, and
      // when no sample got past it the property is skipped with the reason (never a silent pass)
      const mockLimited = (check) => {
        try {
          check();
          return false;
        } catch (err) {
          if (err instanceof MockLimitation) return true;
          throw err;
        }
      };
      const mockLimitedAsync = async (check) => {
        try {
          await check();
          return false;
        } catch (err) {
          if (err instanceof MockLimitation) return true;
          throw err;
        }
      };
      // fast-check gives up when too few generated bodies pass the validator (fc.pre): the
      // harness could not make enough bodies of that kind, its own limit, reported as such
      const harnessLimited = async (ctx, kind, media, run) => {
        try {
          await run();
        } catch (err) {
          if (!/too many pre-condition failures/.test(String(err?.message))) throw err;
          ctx.task.meta.contract.limitation = 'harness';
          ctx.task.meta.contract.reason = `harness: too few generated ${kind} ${media.type} bodies for the schema at ${media.schemaPointer ?? media.pointer} passed the validator (fast-check gave up)`;
          ctx.skip(ctx.task.meta.contract.reason);
        }
      };
      const skipIfOnlyMockLimited = (ctx, counter) => {
        if (ctx.task.meta.contract.limitation === 'mock' && ctx.task.meta.contract[counter] === 0) ctx.skip(ctx.task.meta.contract.reason);
      };
      // a request the harness cannot make valid is its own limit, never the client's failure:
      // those cases are skipped with the reason (and counted apart in the report)
      // (or one Prism cannot read: the mock's limit)
      const skipIfNoValidRequest = (ctx, media = preferred) => {
        const problem = requestLimitation(op, model, media);
        if (!problem) return;
        ctx.task.meta.contract.reason = `${problem.limitation}: ${problem.reason}`;
        ctx.task.meta.contract.limitation = problem.limitation;
        ctx.skip(ctx.task.meta.contract.reason);
      };
      // a request body on GET or HEAD: fetch (WHATWG) refuses to send one, so the client cannot
      // make that request (discourse.local documents some). Its body cases, and its other cases
      // when the body is required, are the harness's limit; otherwise they go without the body.
      const bodyUnsendable = ['GET', 'HEAD'].includes(op.method) && Boolean(rb);
      const skipIfBodyUnsendable = (ctx, { always = false } = {}) => {
        if (!bodyUnsendable || (!always && !rb.required)) return;
        ctx.task.meta.contract.reason = `harness: the spec gives ${op.method} ${op.path} a request body, which fetch cannot send (it refuses a body on GET and HEAD)`;
        ctx.task.meta.contract.limitation = 'harness';
        ctx.skip(ctx.task.meta.contract.reason);
      };
      // A HEAD response has no body (RFC 9110), but Prism checks the empty body it sends against
      // the documented schema and answers 500 instead (prism-reading.test.mjs): a documented HEAD
      // response with content is the mock's limit.
      const skipIfHeadBody = (ctx, response) => {
        if (op.method !== 'HEAD' || !response?.media?.length) return;
        ctx.task.meta.contract.reason = `mock: Prism answers HEAD ${op.path} with 500 where the spec documents a ${response.status} body (a HEAD response has none)`;
        ctx.task.meta.contract.limitation = 'mock';
        ctx.skip(ctx.task.meta.contract.reason);
      };
      // Prism serves the first media type of a response unless asked: ask for the JSON types the spec has
      const successAccept = () => acceptFor(op.responses.filter((x) => /^2/.test(x.status)));
      // every exchange: the client's result when Prism answered; when it did not (the client's
      // timeout, or a refused connection), the case fails with the reason, or is a mock limitation
      // when an exception escaped Prism meanwhile. Only silence counts towards stopping: once an
      // operation made Prism crash (or went unanswered twice) its remaining cases are not sent,
      // and after NO_ANSWER_LIMIT unanswered requests in a row neither are the provider's.
      // The body goes to the client as a value of its media type (an object of fields for form
      // and multipart, Blobs for files, bytes, a string) with that type as Content-Type; the
      // client serialises it by the spec's request media types (`requestMedia`).
      const call = async (
        client,
        { media = preferred, body, noBody = false, headers = successAccept() } = {},
        ctx = undefined,
        meta = ctx?.task.meta.contract,
      ) => {
        const where = `${op.method} ${op.path}`;
        if (opSilence.crash || opSilence.count >= 2)
          noAnswer({ where, given: opSilence.count, scope: 'operation', escaped: opSilence.crash ? [opSilence.crash] : [], meta, ctx });
        if (env.silent >= NO_ANSWER_LIMIT) noAnswer({ where, given: env.silent, escaped: env.lastCrash ? [env.lastCrash] : [], meta, ctx });
        const value = noBody || !media || bodyUnsendable ? undefined : body === undefined ? validBodyFor(op, model, media) : body;
        const since = env.escaped.length;
        const ctl = new AbortController();
        env.inflight.add(ctl);
        const res = await client
          .request(op.method.toLowerCase(), op.path, {
            params: paramsFor(op, model),
            redirect: 'manual', // a documented 3xx is the answer under test, never a hop to a real host
            signal: ctl.signal,
            ...(value !== undefined ? { body: value } : {}),
            headers: { ...(value !== undefined ? { 'Content-Type': media.type } : {}), ...headers },
          })
          .catch(crashEnded(ctl.signal)) // the client rethrows the abort of a request Prism's crash ended
          .finally(() => env.inflight.delete(ctl));
        if (res.response) {
          env.silent = 0;
          return res;
        }
        const escaped = env.escaped.slice(since);
        if (res.error?.kind === 'timeout' || escaped.length) {
          // a request that failed at once (fetch refused it) did not wait: not silence
          env.silent += 1;
          opSilence.count += 1;
          if (escaped.length) opSilence.crash = env.lastCrash = escaped[0];
        }
        return noAnswer({ where, error: res.error, escaped, meta, ctx });
      };
      // in a property: a sample Prism could not answer is its limit, not counted (null)
      const callOrLimited = async (client, opts, meta) => {
        try {
          return await call(client, opts, undefined, meta);
        } catch (err) {
          if (err instanceof MockLimitation) return null;
          throw err;
        }
      };
      // names a media type in a title where the operation has several, or one that is not plain JSON
      const as = (media) => (rb && (rb.media.length > 1 || media.type !== 'application/json') ? ` as ${media.type}` : '');
      // Prism's complaint about the request body (a documented 4xx's violations header, or its own 422)
      const bodyViolations = (response, error) =>
        prismViolations(response, error?.body).filter(
          (v) => v.where === 'request' && (/^body\b/.test(v.at) || (v.at === '' && /body/i.test(v.message))),
        );
      // a request refused for its body: a 4xx in the error branch, Prism naming the body, and the
      // documented shape of that error
      const expectBodyRefused = async (ctx, { data, error, response }, named) => {
        ctx.task.meta.contract.status = String(response.status);
        assertNoResponseDefect(prismViolations(response, error?.body), {
          model,
          response: errorResponse(),
          specFile,
          status: 'error response',
          meta: ctx.task.meta.contract,
          ctx,
          op, // no error response documented: the one Prism served is judged
          answered: response.status,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(data).toBeUndefined();
        expect(error.kind).toMatch(/^(validation|unexpected_response)$/);
        expect(bodyViolations(response, error), named).not.toEqual([]);
        await expectDocumentedBody(response.status, error.body, response, { meta: ctx.task.meta.contract, ctx });
      };
      const responseOf = (status) => op.responses.find((r) => r.status === String(status));
      // the documented status Prism answers an invalid request with: 422, else 400, else another 4xx
      const errorResponse = () => responseOf(422) ?? responseOf(400) ?? op.responses.find((r) => /^4\d\d$/.test(r.status));
      // the response a status is documented by: its own, else its range's (5XX), else \`default\`
      const coveringResponse = (status) => responseOf(status) ?? responseOf(`${String(status)[0]}XX`) ?? responseOf('default');
      // Prism answers a request it finds valid with the lowest 2xx, else \`default\` (as 200), else
      // the first documented response: an operation that documents no success at all (vercel.com's
      // artifactQuery documents only 400-403) gets that error status for a valid request
      const documentsSuccess = op.responses.some((r) => /^2(\d\d|XX)$/.test(r.status) || r.status === 'default');
      // a valid request was accepted: a 2xx; where the operation documents no success, Prism named
      // no request violation (no \`sl-violations\`, no problem of its own) and answered a documented status
      const expectAccepted = (response, error, what) => {
        const answered = `${response.status}${error?.body === undefined || error.body === '' ? '' : ` ${describeBody(error.body).slice(0, 300)}`}`;
        if (documentsSuccess) {
          expect(is2xx(response.status), `${what}: expected a 2xx answer, Prism answered ${answered}`).toBe(true);
          return;
        }
        const refused = prismViolations(response, error?.body).filter((v) => v.where !== 'response');
        expect(refused, `${what}: expected no request violation (the operation documents no success), Prism answered ${answered}`).toEqual(
          [],
        );
        expect(
          coveringResponse(response.status) !== undefined,
          `${what}: expected a documented status (the operation documents no success), Prism answered ${answered}`,
        ).toBe(true);
      };
      // the documented shape of a body the client returned. When it is invalid as Prism sent it
      // although Prism reported nothing (its validator could not read the schema, or reads it
      // otherwise), it is not the client's doing: a spec defect or a mock limitation, told
      // apart as for Prism's own violations (a MockLimitation is thrown, the case skipped through ctx)
      // (`documented`: the response it is documented by, when that is a range or `default`)
      const expectDocumentedBody = async (status, value, response, { meta, ctx, documented = responseOf(status) } = {}) => {
        const r = documented;
        if (!r?.schemaPointer) return;
        const { ok, errors } = model.validate(r.schemaPointer, value);
        if (!ok && response && env.sent.has(response)) {
          let sent;
          try {
            sent = JSON.parse(await env.sent.get(response));
          } catch {
            sent = undefined;
          }
          const violations = sent === undefined ? [] : answeredBodyViolations(model, r.schemaPointer, sent);
          if (violations.length) {
            const unreported = uncheckedReason(env.server.uncheckedResponse(op.method, op.path, r.status), model, r.schemaPointer);
            assertNoResponseDefect(violations, { model, response: r, specFile, status, meta, ctx, unreported });
          }
        }
        const vs = `response ${status}${r.status === String(status) ? '' : ` (documented as ${r.status})`} body vs ${specFile} (JSON Schema 2020-12)`;
        expect(errors, `${vs}: ${describeViolations(errors)}`).toEqual([]);
        expect(ok, `${vs}: invalid`).toBe(true);
      };
      // Prism's static mock answers what a schema alone cannot tell it (the literal "string" for a
      // \`pattern\` or a \`format\`): when that made its answer invalid (a MockLimitation about the
      // answer), the same request is asked once more of its dynamic mock (Prefer: dynamic=true, with
      // the property seed, so a run is replayed) and that answer is judged the same way. Only when
      // it too is invalid is it the mock's limit. \`run(prefer)\` makes and judges one exchange.
      const staticElseDynamic = async (ctx, run, prefer) => {
        const meta = ctx.task.meta.contract;
        try {
          return await run(prefer);
        } catch (err) {
          if (!(err instanceof MockLimitation)) throw err;
          if (!err.invalidAnswer) ctx.skip(err.message);
          const dynamic = `${prefer ? `${prefer}, ` : ''}dynamic=true, seed=${seed}`;
          delete meta.limitation;
          delete meta.reason;
          meta.dynamic = true;
          try {
            return await run(dynamic);
          } catch (again) {
            if (!(again instanceof MockLimitation)) throw again;
            meta.limitation = 'mock';
            meta.reason = `${err.message}; its dynamic mock too (Prefer: ${dynamic}): ${again.message}`.slice(0, 3000);
            ctx.skip(meta.reason);
          }
        }
      };

      describe(`${op.id} (${op.method} ${op.path})`, () => {
        for (const r of op.responses) {
          const title = `answers ${r.status} in the ${/^2/.test(r.status) ? 'data' : 'error'} branch with the documented shape`;
          it(title, { meta: { contract: meta('status', { status: r.status }) } }, async (ctx) => {
            // a range or `default` is asked for with a code it covers and no other response does
            const status = concreteStatus(op, r.status);
            const single = String(status) === r.status;
            if (status === null) {
              ctx.task.meta.contract.reason = `"${r.status}" covers no status code that Prism can be asked for (Prefer: code=N) and that no other response of the operation documents`;
              ctx.skip(ctx.task.meta.contract.reason);
            }
            if (!single) ctx.task.meta.contract.code = status;
            skipIfBodyUnsendable(ctx);
            skipIfHeadBody(ctx, r);
            skipIfNoValidRequest(ctx);
            const asked = single ? '' : ` (asked as ${status})`;
            // one exchange, judged; a MockLimitation is thrown (not skipped) so the caller may try the dynamic mock
            const answer = async (client, prefer) => {
              const { data, error, response } = await call(client, { headers: { Prefer: prefer, ...acceptFor([r]) } }, ctx);
              const violations = prismViolations(response, error?.body);
              const requestSide = violations.filter((v) => v.where === 'request');
              expect(requestSide, `Prism found the client request invalid: ${describeViolations(requestSide)}`).toEqual([]);
              const meta = ctx.task.meta.contract;
              assertNoResponseDefect(violations, { model, response: r, specFile, status: `${r.status}${asked}`, meta });
              expect(response.status, `asked for ${status}${asked && ` (documented as ${r.status})`}`).toBe(status);
              if (is2xx(status)) {
                expect(error).toBeUndefined();
                if (r.json) expect(data).toBeDefined();
                if (r.json) await expectDocumentedBody(status, data, response, { meta, documented: r });
              } else {
                expect(data).toBeUndefined();
                // a code answered under a range or `default` is not one the client types as documented
                expect(error).toMatchObject({ provider: provider.name, status, ...(single ? { documented: true } : {}) });
                if (r.json) await expectDocumentedBody(status, error.body, response, { meta, documented: r });
              }
            };
            for (const client of both()) await staticElseDynamic(ctx, (prefer) => answer(client, prefer), `code=${status}`);
          });
        }

        if (!op.anonymous) {
          it('answers 401 to a request without credentials', {
            meta: { contract: meta('negative', { constraint: 'credentials', case: 'no credentials' }) },
          }, async (ctx) => {
            skipIfBodyUnsendable(ctx);
            skipIfHeadBody(ctx, responseOf(401));
            skipIfNoValidRequest(ctx);
            for (const client of [env.anonymous, env.nodeAnonymous]) {
              const { error, response } = await call(client, undefined, ctx);
              ctx.task.meta.contract.status = String(response.status);
              expect(response.status).toBe(401);
              expect(error).toMatchObject({ kind: 'auth', status: 401 });
              await expectDocumentedBody(401, error.body, response, { meta: ctx.task.meta.contract, ctx });
            }
          });
        }

        if (rb?.required) {
          it('rejects a request without its required body', {
            meta: { contract: meta('negative', { constraint: 'required body', case: 'required body missing' }) },
          }, async (ctx) => {
            skipIfNoValidRequest(ctx);
            for (const client of both()) {
              await expectBodyRefused(ctx, await call(client, { noBody: true }, ctx), 'Prism names the missing body');
            }
          });
        }

        for (const media of rb?.media ?? []) {
          const plan = bodyPlan(model, media);
          const check = (body) => plan.check(body);
          // a body the harness sends must be what it means: valid (or invalid) as a server reads it,
          // and read by Prism as it was sent
          const sendable = (body) => body !== null && body !== undefined && !plan.readable(body);
          // a body Prism can refuse none of (a schema readOnly as a whole, or a pattern its
          // validator cannot compile): a spec defect, named with its fix
          const failIfUnrefusable = (ctx) => {
            const compileError = env.server.uncheckedRequest(op.method, op.path, media.type);
            const found = unrefusableBody(model, op, media, { specFile, meta: ctx.task.meta.contract, compileError });
            if (found) throw new Error(found.message);
          };

          if (media !== preferred) {
            const success = op.responses.find((r) => /^2\d\d$/.test(r.status));
            it(`accepts a valid ${media.type} body`, {
              meta: { contract: meta('media', { media: media.type, status: success?.status }) },
            }, async (ctx) => {
              skipIfBodyUnsendable(ctx, { always: true });
              skipIfNoValidRequest(ctx, media);
              const body = validBodyFor(op, model, media);
              for (const client of both()) {
                const { data, error, response } = await call(
                  client,
                  { media, body, headers: { ...(success ? { Prefer: `code=${success.status}` } : {}), ...successAccept() } },
                  ctx,
                );
                const violations = prismViolations(response, error?.body);
                const requestSide = violations.filter((v) => v.where === 'request');
                expect(
                  requestSide,
                  `Prism found the ${media.type} request invalid (${describeBody(body)}): ${describeViolations(requestSide)}`,
                ).toEqual([]);
                // asked for its first 2xx; with none, the response Prism served unasked (`default`
                // as 200, or the first documented) is the one its violations are about
                const served = success ?? servedResponse(op, response.status, violations);
                assertNoResponseDefect(violations, {
                  model,
                  response: served,
                  specFile,
                  status: served?.status,
                  meta: ctx.task.meta.contract,
                  ctx,
                });
                expectAccepted(response, error, `a valid ${media.type} body (${describeBody(body)})`);
                if (documentsSuccess) expect(error).toBeUndefined();
                await expectDocumentedBody(response.status, documentsSuccess ? data : error?.body, response, {
                  meta: ctx.task.meta.contract,
                  ctx,
                  documented: coveringResponse(response.status),
                });
              }
            });
          }

          if (plan.checkable) {
            const base = validBodyFor(op, model, media);
            // only a case that is still invalid once a server reads it (a form field is a string:
            // `123` for a string field is valid there) and that Prism reads as it was sent
            const cases = plan.cases(base).filter((c) => !check(c.body).ok && sendable(c.body));
            for (const c of cases) {
              it(`rejects a body with ${c.name}${as(media)}`, {
                meta: { contract: meta('negative', { constraint: c.constraint, case: c.name, media: media.type }) },
              }, async (ctx) => {
                skipIfBodyUnsendable(ctx, { always: true });
                skipIfNoValidRequest(ctx, media); // the case breaks one constraint of a valid body: without one it proves nothing
                expect(check(c.body).ok, 'the case must be invalid').toBe(false);
                failIfUnrefusable(ctx);
                for (const client of both()) {
                  // Prism names the body as what is wrong: in the violations header of a documented
                  // 4xx, or in its own 422 when the spec documents none
                  await expectBodyRefused(ctx, await call(client, { media, body: c.body }, ctx), 'Prism names the body');
                }
              });
            }
          }

          it(`accepts ${runs} generated valid bodies${as(media)}`, {
            timeout: 120_000,
            meta: { contract: meta('property', { valid: 0, seed, media: media.type }) },
          }, async (ctx) => {
            skipIfBodyUnsendable(ctx, { always: true });
            skipIfNoValidRequest(ctx, media);
            // the generator covers the keywords specs use; the spec's own validator has the last
            // word (e.g. oneOf branches that overlap), so only valid bodies are sent (fc.pre:
            // bounded, fast-check fails the property when too few candidates are valid)
            const arb = plan.valid();
            const viaDynamic = { state: 'untried' }; // Prism's dynamic mock: 'untried', 'helps' or 'no use'
            await harnessLimited(ctx, 'valid', media, () =>
              fc.assert(
                fc.asyncProperty(arb, async (body) => {
                  // a top-level null body is sent as the JSON text null, which servers (and Prism)
                  // read as no body at all: not a case a schema can decide
                  fc.pre(sendable(body) && check(body).ok);
                  for (const client of both()) {
                    // one exchange, judged: false when Prism did not answer; a MockLimitation thrown
                    const exchange = async (dynamic) => {
                      const headers = { ...successAccept(), ...(dynamic ? { Prefer: `dynamic=true, seed=${seed}` } : {}) };
                      const answered = await callOrLimited(client, { media, body, headers }, ctx.task.meta.contract);
                      if (!answered) return false;
                      const { response, data, error } = answered;
                      const violations = prismViolations(response, error?.body);
                      // the response Prism served unasked (the lowest 2xx, else \`default\`, else the
                      // first documented; its own 500 for an answer it could not make valid names that one)
                      const served = servedResponse(op, response.status, violations);
                      assertNoResponseDefect(violations, {
                        model,
                        response: served,
                        specFile,
                        status: served && /^2/.test(served.status) ? 'success response' : `${served?.status} response`,
                        meta: ctx.task.meta.contract,
                      });
                      expect(violations, `Prism's violations for ${describeBody(body)}: ${describeViolations(violations)}`).toEqual([]);
                      expectAccepted(response, error, `a valid body (${describeBody(body)})`);
                      const value = documentsSuccess ? data : error?.body;
                      const documented = coveringResponse(response.status);
                      await expectDocumentedBody(response.status, value, response, { meta: ctx.task.meta.contract, documented });
                      return true;
                    };
                    // an answer the static mock made invalid is asked once of the dynamic mock
                    // (as in the status cases); once that helps, the property's later samples go
                    // there straight, and once it does not, never again: at most one extra request
                    try {
                      if (!(await exchange(viaDynamic.state === 'helps'))) return;
                    } catch (err) {
                      if (!(err instanceof MockLimitation)) throw err;
                      if (!err.invalidAnswer || viaDynamic.state !== 'untried') return; // the mock's limit: not counted
                      try {
                        if (!(await exchange(true))) return;
                        viaDynamic.state = 'helps';
                        ctx.task.meta.contract.dynamic = true;
                      } catch (again) {
                        if (!(again instanceof MockLimitation)) throw again;
                        viaDynamic.state = 'no use';
                        return;
                      }
                    }
                  }
                  ctx.task.meta.contract.valid += 1;
                }),
                { numRuns: runs, seed, includeErrorInReport: true }, // the failing assertion goes into the report
              ),
            );
            skipIfOnlyMockLimited(ctx, 'valid');
          });

          if (!plan.checkable) continue; // text and bytes: nothing a server checks that a generated body could break

          it(`rejects ${runs} generated invalid bodies${as(media)}`, {
            timeout: 120_000,
            meta: { contract: meta('property', { invalid: 0, seed, media: media.type }) },
          }, async (ctx) => {
            skipIfBodyUnsendable(ctx, { always: true });
            skipIfNoValidRequest(ctx, media);
            failIfUnrefusable(ctx);
            const arb = plan.invalid();
            // a form or multipart body is an object of fields: anything else the client refuses to send
            const shaped = (b) => media.kind === 'json' || isPlainObject(b);
            if (!fc.sample(arb, { numRuns: 50, seed }).some((b) => shaped(b) && sendable(b) && !check(b).ok)) {
              ctx.task.meta.contract.reason = `the ${media.type} body schema accepts every value tried: there is no invalid body to send`;
              ctx.skip(ctx.task.meta.contract.reason);
            }
            await harnessLimited(ctx, 'invalid', media, () =>
              fc.assert(
                fc.asyncProperty(arb, async (body) => {
                  fc.pre(shaped(body) && sendable(body) && !check(body).ok);
                  for (const client of both()) {
                    const answered = await callOrLimited(client, { media, body }, ctx.task.meta.contract);
                    if (!answered) return;
                    const { response, error } = answered;
                    if (
                      mockLimited(() =>
                        assertNoResponseDefect(prismViolations(response, error?.body), {
                          model,
                          response: errorResponse(),
                          specFile,
                          status: 'error response',
                          meta: ctx.task.meta.contract,
                          op,
                          answered: response.status,
                        }),
                      )
                    )
                      return;
                    expect(response.status).toBeGreaterThanOrEqual(400);
                    expect(response.status).toBeLessThan(500);
                    if (
                      await mockLimitedAsync(() =>
                        expectDocumentedBody(response.status, error.body, response, { meta: ctx.task.meta.contract }),
                      )
                    )
                      return;
                  }
                  ctx.task.meta.contract.invalid += 1;
                }),
                { numRuns: runs, seed, includeErrorInReport: true }, // the failing assertion goes into the report
              ),
            );
            skipIfOnlyMockLimited(ctx, 'invalid');
          });
        }
      });
    }
  });
}
