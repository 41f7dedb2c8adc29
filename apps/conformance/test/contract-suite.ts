// Contract tests: every provider's own client against a real Prism mock of its effective spec
// (in-process, 127.0.0.1, port 0, errors mode). Every case is derived from the spec: each
// documented status of each operation, missing credentials, one violation per documented body
// constraint, and property-based valid and invalid bodies. Each test carries
// meta.contract = { provider, operationId, kind, ... } that the conformance report is built from.
//
// The suite is split over the files contract-<k>.test.mjs, a share of the providers each, so
// that `vitest --shard` (which splits by file) can spread providers over CI machines
// (src/parts.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { relative } from 'node:path';
import type { Provider } from '@capi/scripts/lib/registry/registry.ts';
import {
  loadSpecModel,
  type Media,
  type Operation,
  type Response as DocumentedResponse,
  type SpecModel,
} from '@capi/scripts/lib/spec/spec-model.ts';
import { nodeTransport } from '@capi/core/node';
import { MockLimitation, dynamicMockHazard, prismViolations, requestTimeoutMs, sharedRoute, startPrism, watchPrism } from '../src/prism.ts';
import { ANSWER_HEADER, generatedAnswer } from '../src/upstream.ts';
import { type AnyClient, createClient } from '../src/clients.ts';
import { bodyPlan, describeBody, isPlainObject, noInvalidBody } from '../src/request/bodies.ts';
import { acceptFor, concreteStatus, requestPath, stripCredentials, validBodyFor } from '../src/request/cases.ts';
import {
  SpecDefect,
  assertNoResponseDefect,
  assertRequestChecked,
  servedResponse,
  unaskedResponse,
  unrefusableBody,
} from '../src/judge/defects.ts';
import { describeViolations } from '../src/judge/violations.ts';
import { tidyReason } from '../src/judge/reasons.ts';
import { type AcceptedFinding, type Acceptances, acceptedFindings } from '../src/judge/accepted.ts';
import { suiteOptions } from '../src/options.ts';
import { DEFAULT_BUDGET } from '../src/request/budget.ts';
import { PARTS, partOf } from '../src/parts.ts';
import { countProperties, propertyRuns } from '../src/request/budget.ts';
import { repoRoot, selectedProviders } from '../src/selected.ts';

import type { ContractMeta, Ctx, SuiteEnv } from './suite/types.ts';
import { operationCalls } from './suite/calls.ts';
import { operationJudging } from './suite/judging.ts';
import { operationSkips } from './suite/skips.ts';
import { proxyRoute } from './suite/proxy.ts';
import { skipAsMock, throughPrism } from './suite/mock-routes.ts';

/** The options of this run (src/options.ts: the CLI's CONFORMANCE_OPTIONS, or the separate variables). */
const { seed, runs: defaultRuns, budget } = suiteOptions();

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** The contract tests of part `part` (1-based) of the selected providers, in registry order. */
export function contractSuite(part: number): void {
  const { split } = suiteOptions();
  if (split > 1) {
    // one provider's operations over the first `split` parts (src/parts.ts), a worker each
    const selected = selectedProviders();
    if (selected.length !== 1)
      throw new Error(
        `the split option splits one provider's operations over ${split} parts, but ${selected.length} providers are selected`,
      );
    if (part > split) {
      it.skip(`part ${part} of ${PARTS}: the operations are split over parts 1 to ${split}`);
      return;
    }
    providerSuite(selected[0] as Provider, { operations: (i) => i % split === part - 1 });
    return;
  }
  const mine = selectedProviders().filter((_, i) => partOf(i) === part);
  if (!mine.length) {
    it.skip(`part ${part} of ${PARTS}: no selected provider falls in this part`);
    return;
  }
  console.log(
    `conformance: ${mine.map((p) => p.name).join(', ')}: property seed ${seed} (replay: npm run conformance -- ${mine.map((p) => p.name).join(' ')} --seed ${seed} --runs ${defaultRuns}${budget === DEFAULT_BUDGET ? '' : ` --budget ${budget ?? 'all'}`}), at most ${defaultRuns} runs per property, ${budget === null ? 'no budget' : `a budget of ${budget} samples per provider`}`,
  );
  for (const provider of mine) providerSuite(provider);
}

/**
 * The contract tests of one provider: `provider` is { name, effective } (a registered provider,
 * or a spec of a test's own); `client(baseUrl, extra)` makes its client (default: the provider's
 * own package, with its conformance entry); `runs`: property runs at most (default CONFORMANCE_RUNS;
 * each property's share of the provider's budget, CONFORMANCE_BUDGET, when they do not all fit);
 * `operations`: the share of its operations this part tests (all, unless the task split them).
 */
export function providerSuite(
  provider: Pick<Provider, 'name' | 'effective'>,
  {
    client = (url, extra) => createClient(provider.name, url, extra),
    runs = defaultRuns,
    budget: samples = budget,
    operations = () => true,
  }: {
    client?: (baseUrl: string, extra: Record<string, unknown>) => Promise<AnyClient>;
    runs?: number;
    /** property samples the provider's properties share (null: each its runs); default CONFORMANCE_BUDGET */
    budget?: number | null;
    /** which operations (by their index in the spec model) this process tests: all unless split */
    operations?: (index: number) => boolean;
  } = {},
): void {
  const specFile = relative(repoRoot, provider.effective);
  let model: SpecModel;
  let loadError: (Error & { format?: () => string }) | undefined;
  try {
    model = loadSpecModel(provider.effective, { provider: provider.name, label: specFile });
  } catch (err) {
    loadError = err as Error;
  }

  describe(provider.name, () => {
    if (loadError) {
      it('loads its effective spec', { meta: { contract: { provider: provider.name, kind: 'load' } } }, () => {
        throw new Error(`[${provider.name}] cannot load ${specFile}: ${loadError.format?.() ?? loadError.message}`);
      });
      return;
    }

    // a worker's share of a split provider: its Prism serves only those operations
    const mine = model.operations.filter((_, i) => operations(i));
    const serve = mine.length < model.operations.length ? new Set(mine.map((o) => `${o.method.toLowerCase()} ${o.path}`)) : undefined;
    const env = providerEnv(provider, specFile, model, client, serve ? { serve } : undefined);
    // the provider's properties share its budget (src/request/budget.ts): counted over every
    // operation, so a task split over workers makes the same cases
    const perProperty = propertyRuns({ properties: countProperties(model), runs, budget: samples });
    const accepted = acceptedFindings(provider.name, repoRoot);
    model.operations.forEach((op, i) => {
      if (!operations(i)) return;
      // an operation Prism would route elsewhere (another template of the same method matches
      // its request path too: `/v1/{name}` and `/v1/{auctionPackage}:subscribeClients`) gets a
      // Prism that serves it alone; the request, the client and the judging are the same
      const shared = sharedRoute(model.operations, op, requestPath(op, model));
      if (!shared.length) {
        operationSuite(operationHarness({ provider, model, specFile, env, op, accepted }), perProperty);
        return;
      }
      describe(`on a Prism of its own (${shared.map((o) => `${o.method} ${o.path}`).join(', ')} would take its requests)`, () => {
        const own = providerEnv(provider, specFile, model, client, { method: op.method, path: op.path });
        operationSuite(operationHarness({ provider, model, specFile, env: own, op, accepted }), perProperty);
      });
    });
  });
}

/**
 * The Prism server and the clients of one provider's tests, set up by its hooks. A setup failure
 * is kept and thrown by every test of the provider (a failing hook would only mark them
 * skipped), so the report shows each case as failed, with the cause.
 */
function providerEnv(
  provider: Pick<Provider, 'name' | 'effective'>,
  specFile: string,
  model: SpecModel,
  client: (baseUrl: string, extra: Record<string, unknown>) => Promise<AnyClient>,
  scope?: { method: string; path: string } | { serve: ReadonlySet<string> },
): SuiteEnv {
  const only = scope && 'method' in scope ? scope : undefined;
  const serve = scope && 'serve' in scope ? scope.serve : undefined;
  const env: SuiteEnv = {} as SuiteEnv;
  beforeAll(async () => {
    try {
      env.server = await startPrism(provider.effective, only ? { only } : serve ? { serve } : {});
    } catch (err) {
      env.error = new Error(`[${provider.name}] Prism failed to start for ${specFile}: ${(err as Error).message}`);
      return;
    }
    try {
      // every status and negative case runs on both transports: the global fetch and the
      // undici pool transport of @capi/core/node; on the latter both ways (docs/clients.md, "The
      // fast path"): with the recording middleware (the Request way) and without (the fast path)
      env.transport = nodeTransport({ connections: 4 });
      // a request Prism never answers ends after REQUEST_TIMEOUT_MS (the client's own attempt
      // timeout), and the case says so: no case waits for ever
      const timeoutMs = requestTimeoutMs();
      // each response body as Prism sent it (before the client read it), to tell an invalid
      // answer of Prism's from a body the client changed
      env.sent = new WeakMap();
      const record = {
        onResponse({ response }: { response: Response }): void {
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
      // the same three clients for Prism in proxy mode, for the pairs its mock has no valid answer for
      // (and the anonymous ones, for a credentials case whose refusal is judged there)
      const route = proxyRoute(provider.effective, only ?? serve, async (url) => ({
        clients: [
          await client(url, { middleware: [record], timeoutMs }),
          await client(url, { middleware: [record], fetch: env.transport, timeoutMs }),
          await client(url, { fetch: env.transport, timeoutMs }),
        ],
        anonymous: [
          await client(url, { middleware: [stripCredentials(model), record], timeoutMs }),
          await client(url, { middleware: [stripCredentials(model), record], fetch: env.transport, timeoutMs }),
        ],
      }));
      env.proxy = route.start;
      env.closeProxy = route.close;
      env.anonymous = await client(env.server.url, { middleware: [stripCredentials(model), record], timeoutMs });
      env.nodeAnonymous = await client(env.server.url, {
        middleware: [stripCredentials(model), record],
        fetch: env.transport,
        timeoutMs,
      });
    } catch (err) {
      env.error = new Error(`[${provider.name}] cannot create its client: ${(err as Error).message}`);
    }
  });
  afterAll(async () => {
    env.unwatch?.();
    await env.closeProxy?.();
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
  beforeEach(() => {
    if (env.error) throw env.error;
  });
  return env;
}

/**
 * What every case of one operation uses: its request, the calls to Prism through the client,
 * and the judging of the answer (the assertions and the skips).
 */
function operationHarness({
  provider,
  model,
  specFile,
  env,
  op,
  accepted,
}: {
  provider: Pick<Provider, 'name' | 'effective'>;
  model: SpecModel;
  specFile: string;
  env: SuiteEnv;
  op: Operation;
  /** the provider's accepted findings (redocly.yaml), named by a failure where it meets one */
  accepted: readonly AcceptedFinding[];
}) {
  const acceptances: Acceptances = { provider: provider.name, findings: accepted };
  const both = (): AnyClient[] => [env.client, env.nodeClient, env.fastClient];
  const rb = op.requestBody;
  // the media type a call sends unless told otherwise (JSON first): the status cases use it
  const preferred = rb?.preferred;
  const meta = (kind: string, extra: Partial<ContractMeta> = {}): ContractMeta => ({
    provider: provider.name,
    operationId: op.id,
    method: op.method,
    path: op.path,
    kind,
    ...extra,
  });
  const skips = operationSkips({ op, model });
  // names a media type in a title where the operation has several, or one that is not plain JSON
  const as = (media: Media): string => (rb && (rb.media.length > 1 || media.type !== 'application/json') ? ` as ${media.type}` : '');
  return {
    provider,
    model,
    specFile,
    env,
    op,
    rb,
    preferred,
    both,
    meta,
    as,
    acceptances,
    // Prism's validator of a documented response's JSON body, by its status (src/judge/defects.ts)
    prismAccepts: (status: string) => env.server.prismAccepts(op.method, op.path, status),
    ...skips,
    ...operationCalls({ op, model, env, bodyUnsendable: skips.bodyUnsendable }),
    ...operationJudging({ op, model, env, specFile, accepted: acceptances }),
  };
}

type OperationHarness = ReturnType<typeof operationHarness>;

/** The contract tests of one operation. */
function operationSuite(h: OperationHarness, runs: number): void {
  const { op, rb, preferred } = h;
  describe(`${op.id} (${op.method} ${op.path})`, () => {
    for (const r of op.responses) statusCase(h, r);
    if (!op.anonymous) credentialsCase(h);
    if (rb?.required) requiredBodyCase(h);
    for (const media of rb?.media ?? []) {
      const m = mediaHarness(h, media);
      if (media !== preferred) otherMediaCase(h, m);
      if (m.plan.checkable) constraintCases(h, m);
      validBodiesProperty(h, m, runs);
      if (m.plan.checkable) invalidBodiesProperty(h, m, runs);
    }
  });
}

/** What the body cases of one media type use. */
function mediaHarness(h: OperationHarness, media: Media) {
  const { model, env, op, specFile } = h;
  const plan = bodyPlan(model, media);
  const check = (body: unknown) => plan.check(body);
  // a body the harness sends must be what it means: valid (or invalid) as a server reads it,
  // and read by Prism as it was sent
  const sendable = (body: unknown): boolean => body !== null && body !== undefined && !plan.readable(body);
  // a body Prism can refuse none of (a schema readOnly as a whole, or a pattern its
  // validator cannot compile): a spec defect, named with its fix
  const failIfUnrefusable = (ctx: Ctx): void => {
    const compileError = env.server.uncheckedRequest(op.method, op.path, media.type);
    const found = unrefusableBody(model, op, media, { specFile, meta: ctx.task.meta.contract, compileError, accepted: h.acceptances });
    if (found) throw new Error(found.message);
  };
  return { media, plan, check, sendable, failIfUnrefusable };
}

type MediaHarness = ReturnType<typeof mediaHarness>;

/** Each documented status: asked of Prism, answered in the branch and with the shape documented. */
function statusCase(h: OperationHarness, r: DocumentedResponse): void {
  const {
    provider,
    model,
    specFile,
    env,
    op,
    both,
    meta,
    skipIfNoValidRequest,
    skipIfBodyUnsendable,
    skipIfHeadBody,
    call,
    expectDocumentedBody,
    staticElseDynamic,
  } = h;
  const title = `answers ${r.status} in the ${/^2/.test(r.status) ? 'data' : 'error'} branch with the documented shape`;
  it(title, { meta: { contract: meta('status', { status: r.status }) } }, async (ctx) => {
    // a range or `default` is asked for with a code it covers and no other response does
    const status = concreteStatus(op, r.status);
    const single = String(status) === r.status;
    if (status === null) {
      ctx.task.meta.contract.reason = `"${r.status}" covers no status code that Prism can be asked for (Prefer: code=N) and that no other response of the operation documents`;
      ctx.skip(ctx.task.meta.contract.reason);
      return;
    }
    if (!single) ctx.task.meta.contract.code = status;
    skipIfBodyUnsendable(ctx);
    skipIfHeadBody(ctx, r);
    skipIfNoValidRequest(ctx);
    const asked = single ? '' : ` (asked as ${status})`;
    // one exchange, judged; a MockLimitation is thrown (not skipped) so the caller may try the dynamic mock
    const answer = async (client: AnyClient, headers: Record<string, string>): Promise<void> => {
      const { data, error, response } = await call(client, { headers: { ...headers, ...acceptFor([r]) } }, ctx);
      const violations = prismViolations(response, error?.body);
      const requestSide = violations.filter((v) => v.where === 'request');
      expect(requestSide, `Prism found the client request invalid: ${describeViolations(requestSide)}`).toEqual([]);
      const meta = ctx.task.meta.contract;
      assertNoResponseDefect(violations, {
        model,
        response: r,
        specFile,
        status: `${r.status}${asked}`,
        meta,
        accepted: h.acceptances,
        prismAccepts: h.prismAccepts,
      });
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
    // the pair through Prism's proxy, answered by the generated upstream (when its mock has no valid answer)
    const viaProxy = async (i: number): Promise<void> => {
      const made = generatedAnswer(model, r, status, seed);
      if (!made.answer) throw new MockLimitation(`the harness has no answer to give it either: ${made.why}`);
      const proxy = await env.proxy();
      await answer(proxy.clients[i], { [ANSWER_HEADER]: proxy.upstream.register(made.answer) });
    };
    const noDynamic = dynamicMockHazard(model, r.schemaPointer);
    for (const [i, client] of both().entries()) {
      // once a client's pair went through the proxy, the later clients' go there straight: the
      // fast client records no answer, so an invalid one of the mock's could not be told apart
      if (!ctx.task.meta.contract.proxy) {
        await staticElseDynamic(
          ctx,
          (prefer) => answer(client, { Prefer: prefer }),
          `code=${status}`,
          () => viaProxy(i),
          noDynamic,
        );
        continue;
      }
      try {
        await viaProxy(i);
      } catch (err) {
        if (!(err instanceof MockLimitation)) throw err;
        delete ctx.task.meta.contract.proxy;
        skipAsMock(ctx, `through Prism's proxy: ${err.message}`);
      }
    }
  });
}

/**
 * No credentials: 401 (an operation whose effective security is not anonymous). Where Prism's
 * static mock cannot make the documented 401's body (SCHEMA_TOO_COMPLEX) or made it invalid, the
 * request is asked of its dynamic mock (negativeElseDynamic).
 */
function credentialsCase(h: OperationHarness): void {
  const {
    model,
    specFile,
    env,
    meta,
    skipIfNoValidRequest,
    skipIfBodyUnsendable,
    skipIfHeadBody,
    successAccept,
    call,
    responseOf,
    coveringResponse,
    expectDocumentedBody,
    negativeElseDynamic,
  } = h;
  it('answers 401 to a request without credentials', {
    meta: { contract: meta('negative', { constraint: 'credentials', case: 'no credentials' }) },
  }, async (ctx) => {
    skipIfBodyUnsendable(ctx);
    skipIfHeadBody(ctx, responseOf(401));
    skipIfNoValidRequest(ctx);
    for (const [i, client] of [env.anonymous, env.nodeAnonymous].entries()) {
      // where neither mock can make the error: Prism's refusal alone, through its proxy, which
      // answers a request without credentials with its own 401 (Prism's UNAUTHORIZED problem)
      const refused = async (): Promise<void> => {
        const proxy = await env.proxy();
        const { error, response } = await call(proxy.anonymous[i] as AnyClient, { headers: successAccept() }, ctx);
        ctx.task.meta.contract.status = String(response.status);
        const said = prismViolations(response, error?.body).map((v) => `${v.where} ${v.code}`);
        expect(response.status, `expected Prism's proxy to refuse the request without credentials: ${said.join(', ')}`).toBe(401);
        expect(error).toMatchObject({ kind: 'auth', status: 401 });
        expect(said, "Prism's own 401 problem").toContain('prism UNAUTHORIZED');
      };
      await negativeElseDynamic(
        ctx,
        async (prefer) => {
          const { error, response } = await call(client, { headers: { ...successAccept(), ...(prefer ? { Prefer: prefer } : {}) } }, ctx);
          ctx.task.meta.contract.status = String(response.status);
          // Prism refused the request but could not make its answer (its own 500: SCHEMA_TOO_COMPLEX),
          // or made it invalid: judged as a status case's answer (a MockLimitation thrown, a spec defect
          // named). Where nothing documents the 401, Prism's own 401 (its problem saying it made one
          // up) is the answer asked for, not a limit of its mock (letmc.com's free tier)
          const documented401 = coveringResponse(401);
          if (documented401 || response.status !== 401)
            assertNoResponseDefect(prismViolations(response, error?.body), {
              model,
              response: documented401,
              specFile,
              status: 401,
              meta: ctx.task.meta.contract,
              accepted: h.acceptances,
              prismAccepts: h.prismAccepts,
            });
          expect(response.status).toBe(401);
          expect(error).toMatchObject({ kind: 'auth', status: 401 });
          await expectDocumentedBody(401, error.body, response, { meta: ctx.task.meta.contract });
        },
        refused,
        [401],
      );
    }
  });
}

/** A required request body left out is rejected. */
function requiredBodyCase(h: OperationHarness): void {
  const { both, meta, skipIfNoValidRequest, successAccept, call, expectBodyRefused } = h;
  it('rejects a request without its required body', {
    meta: { contract: meta('negative', { constraint: 'required body', case: 'required body missing' }) },
  }, async (ctx) => {
    skipIfNoValidRequest(ctx);
    for (const [i, client] of both().entries()) {
      await expectBodyRefused(
        ctx,
        (headers, proxy) => call(proxy?.clients[i] ?? client, { noBody: true, headers: { ...successAccept(), ...headers } }, ctx),
        'Prism names the missing body',
      );
    }
  });
}

/** A valid body of a media type other than the one the client sends unless told is accepted. */
function otherMediaCase(h: OperationHarness, m: MediaHarness): void {
  const {
    model,
    specFile,
    op,
    both,
    meta,
    skipIfNoValidRequest,
    skipIfBodyUnsendable,
    successAccept,
    call,
    coveringResponse,
    documentsSuccess,
    expectAccepted,
    expectDocumentedBody,
  } = h;
  const { media } = m;
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
        status: served?.status ?? 'any response',
        meta: ctx.task.meta.contract,
        ctx,
        accepted: h.acceptances,
        prismAccepts: h.prismAccepts,
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

/** One body per documented constraint, that constraint broken, is rejected. */
function constraintCases(h: OperationHarness, m: MediaHarness): void {
  const { model, op, both, meta, skipIfNoValidRequest, skipIfBodyUnsendable, successAccept, call, as, expectBodyRefused } = h;
  const { media, plan, check, sendable, failIfUnrefusable } = m;
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
      for (const [i, client] of both().entries()) {
        // Prism names the body as what is wrong: in the violations header of a documented
        // 4xx, or in its own 422 when the spec documents none
        await expectBodyRefused(
          ctx,
          (headers, proxy) => call(proxy?.clients[i] ?? client, { media, body: c.body, headers: { ...successAccept(), ...headers } }, ctx),
          'Prism names the body',
          media,
          check(c.body),
        );
      }
    });
  }
}

/**
 * The one client a property sample goes through, of the suite's three (global fetch, the Node
 * transport with middleware, its fast path): chosen by the body, so a sample, its shrinks and a
 * replay take the same one, and each takes about a third of a property's samples. Every other
 * case goes through every client; a sample through all three cost three requests to Prism for
 * one judged body (docs/conformance.md, Speed).
 */
export function sampleClient<T>(clients: T[], body: unknown): T {
  const key = describeBody(body);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return clients[Math.abs(hash) % clients.length] as T;
}

/**
 * A property's predicate that stops at a spec defect: a sample whose answer shows one (the spec's
 * own response is invalid, whatever the body) keeps its error, and the property fails with it
 * once fast-check is done; the later samples are not sent, nor are the smaller bodies fast-check
 * would shrink it to, each one more request for the same answer. Any other failure is fast-check's,
 * shrunk to its smallest counterexample as before.
 */
export function stopAtDefect<T>(predicate: (value: T) => Promise<void>): {
  predicate: (value: T) => Promise<void>;
  rethrow: () => void;
} {
  let defect: SpecDefect | undefined;
  return {
    predicate: async (value: T): Promise<void> => {
      if (defect) return;
      try {
        await predicate(value);
      } catch (err) {
        if (!(err instanceof SpecDefect)) throw err;
        defect = err;
      }
    },
    rethrow: (): void => {
      if (defect) throw defect;
    },
  };
}

/** Generated valid bodies are accepted (a property). */
function validBodiesProperty(h: OperationHarness, m: MediaHarness, runs: number): void {
  const {
    env,
    model,
    specFile,
    op,
    both,
    meta,
    harnessLimited,
    skipIfOnlyMockLimited,
    skipIfNoValidRequest,
    skipIfBodyUnsendable,
    successAccept,
    callOrLimited,
    as,
    coveringResponse,
    documentsSuccess,
    expectAccepted,
    expectDocumentedBody,
  } = h;
  const { media, plan, check, sendable } = m;
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
    // Prism's dynamic mock: 'untried', 'helps' or 'no use' (never asked where it would block the
    // tests: dynamicMockHazard of the success responses)
    const hazard = op.responses.some((r) => /^2/.test(r.status) && dynamicMockHazard(model, r.schemaPointer));
    const viaDynamic = { state: hazard ? 'no use' : 'untried' };
    const samples = stopAtDefect(async (body: unknown): Promise<void> => {
      // a top-level null body is sent as the JSON text null, which servers (and Prism)
      // read as no body at all: not a case a schema can decide
      fc.pre(sendable(body) && check(body).ok);
      for (const client of [sampleClient(both(), body)]) {
        // one exchange, judged: false when Prism did not answer; a MockLimitation thrown
        // (`via`: the client that sends it, Prism's mock's or its proxy's, `extra`: headers added)
        const exchange = async (dynamic: boolean, via: AnyClient = client, extra: Record<string, string> = {}): Promise<boolean> => {
          const headers = { ...successAccept(), ...(dynamic ? { Prefer: `dynamic=true, seed=${seed}` } : {}), ...extra };
          const answered = await callOrLimited(via, { media, body, headers }, ctx.task.meta.contract);
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
            status: !served ? 'any response' : /^2/.test(served.status) ? 'success response' : `${served.status} response`,
            meta: ctx.task.meta.contract,
            accepted: h.acceptances,
            prismAccepts: h.prismAccepts,
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
        // there straight, and once it does not, never again: at most one extra request.
        // Where neither mock can make a valid answer (amazonaws.com's outposts: the static
        // "string" for an ID's pattern, the dynamic mock's too many tags), the sample goes
        // through Prism's proxy as a status case does (staticElseDynamic): the same request
        // and validation, an answer generated valid (src/upstream.ts) for the response Prism
        // serves a valid request (unaskedResponse). Its failure is Prism's limit as before: the
        // sample is not counted
        const proxied = async (): Promise<boolean> => {
          const served = unaskedResponse(op);
          const made = served && generatedAnswer(model, served, /^\d{3}$/.test(served.status) ? Number(served.status) : 200, seed);
          if (!made?.answer) return false;
          const proxy = await env.proxy();
          const viaProxy = proxy.clients[both().indexOf(client)] ?? proxy.clients[0];
          try {
            if (!(await exchange(false, viaProxy, { [ANSWER_HEADER]: proxy.upstream.register(made.answer) }))) return false;
          } catch (err) {
            if (err instanceof MockLimitation) return false;
            throw err;
          }
          ctx.task.meta.contract.proxy = true;
          return true;
        };
        const retry = (err: MockLimitation) => Boolean(err.invalidAnswer);
        if (!(await viaMocks(exchange, viaDynamic, ctx.task.meta.contract, retry, undefined, proxied))) return;
      }
      ctx.task.meta.contract.valid = (ctx.task.meta.contract.valid ?? 0) + 1;
    });
    await harnessLimited(ctx, 'valid', media, () =>
      // the failing assertion goes into the report
      fc.assert(fc.asyncProperty(arb, samples.predicate), { numRuns: runs, seed, includeErrorInReport: true }),
    );
    samples.rethrow();
    skipIfOnlyMockLimited(ctx, 'valid');
  });
}

/** Generated invalid bodies are rejected (a property). */
function invalidBodiesProperty(h: OperationHarness, m: MediaHarness, runs: number): void {
  const {
    env,
    op,
    both,
    meta,
    mockLimited,
    harnessLimited,
    skipIfOnlyMockLimited,
    skipIfNoValidRequest,
    skipIfBodyUnsendable,
    successAccept,
    callOrLimited,
    as,
    assertNoErrorDefect,
    bodyViolations,
    expectDocumentedBody,
    dynamicUseless,
    dynamicFailed,
  } = h;
  const { media, plan, check, sendable, failIfUnrefusable } = m;
  it(`rejects ${runs} generated invalid bodies${as(media)}`, {
    timeout: 120_000,
    meta: { contract: meta('property', { invalid: 0, seed, media: media.type }) },
  }, async (ctx) => {
    skipIfBodyUnsendable(ctx, { always: true });
    skipIfNoValidRequest(ctx, media);
    failIfUnrefusable(ctx);
    const arb = (plan.invalid as () => fc.Arbitrary<unknown>)(); // checkable kinds have one
    // a form or multipart body is an object of fields: anything else the client refuses to send
    const shaped = (b: unknown): boolean => media.kind === 'json' || isPlainObject(b);
    const none = noInvalidBody(plan, fc.sample(arb, { numRuns: 50, seed }));
    if (none) {
      ctx.task.meta.contract.reason = none;
      ctx.skip(none);
    }
    // Prism's dynamic mock, as in the valid bodies' property: 'untried', 'helps' or 'no use'
    // (stripe.com's `error` is too large for its static mock: SCHEMA_TOO_COMPLEX on every sample)
    // (nor asked where it failed on the error schema before: a case of the operation's, or another's)
    const viaDynamic = { state: dynamicUseless() ? 'no use' : 'untried' };
    const samples = stopAtDefect(async (body: unknown): Promise<void> => {
      fc.pre(shaped(body) && sendable(body) && !check(body).ok);
      for (const client of [sampleClient(both(), body)]) {
        // one exchange, judged: false when Prism did not answer or checks no such body; a
        // MockLimitation thrown when it could not make its answer, or made it invalid
        // an invalid body Prism accepted because it checks no such body: its limit
        const unchecked = (answered: number): boolean =>
          mockLimited(() =>
            assertRequestChecked(env.server.uncheckedRequest(op.method, op.path, media.type), {
              answered,
              where: `${media.type} body of ${op.method} ${op.path}`,
              meta: ctx.task.meta.contract,
            }),
          );
        const exchange = async (dynamic: boolean): Promise<boolean> => {
          const headers = { ...successAccept(), ...(dynamic ? { Prefer: `dynamic=true, seed=${seed}` } : {}) };
          const answered = await callOrLimited(client, { media, body, headers }, ctx.task.meta.contract);
          if (!answered) return false;
          const { response, error } = answered;
          assertNoErrorDefect(ctx.task.meta.contract, answered);
          if (unchecked(response.status)) return false;
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          await expectDocumentedBody(response.status, error.body, response, { meta: ctx.task.meta.contract });
          return true;
        };
        // where neither mock can make the error: Prism's refusal alone, through its proxy (its own
        // 422 naming the body's violations), as in the constraint cases; the error body unchecked
        const refused = async (why: string): Promise<boolean> => {
          const proxy = await env.proxy();
          const i = both().indexOf(client);
          const answered = await callOrLimited(
            proxy.clients[i] ?? client,
            { media, body, headers: successAccept() },
            ctx.task.meta.contract,
          );
          if (!answered) return false;
          const { response, error, data } = answered;
          if (unchecked(response.status)) return false;
          const said = `Prism's proxy answered ${response.status}${error?.body === undefined ? '' : ` ${describeBody(error.body).slice(0, 300)}`}`;
          expect(response.status, `expected Prism to refuse ${describeBody(body)} with a 4xx: ${said}`).toBeGreaterThanOrEqual(400);
          expect(response.status, `expected Prism to refuse ${describeBody(body)} with a 4xx: ${said}`).toBeLessThan(500);
          expect(data).toBeUndefined();
          expect(bodyViolations(response, error), `Prism names the body of ${describeBody(body)}: ${said}`).not.toEqual([]);
          ctx.task.meta.contract.proxy = true;
          ctx.task.meta.contract.unchecked ??= tidyReason(
            `the error body was not checked: Prism's mock cannot make it (${why}); each refusal was judged through Prism's proxy (its own ${response.status} problem, which names what it refused)`,
          ).slice(0, 3000);
          return true;
        };
        if (!(await viaMocks(exchange, viaDynamic, ctx.task.meta.contract, (err) => !err.unanswered, dynamicFailed, refused))) return;
      }
      ctx.task.meta.contract.invalid = (ctx.task.meta.contract.invalid ?? 0) + 1;
    });
    await harnessLimited(ctx, 'invalid', media, () =>
      // the failing assertion goes into the report
      fc.assert(fc.asyncProperty(arb, samples.predicate), { numRuns: runs, seed, includeErrorInReport: true }),
    );
    samples.rethrow();
    skipIfOnlyMockLimited(ctx, 'invalid');
  });
}

/**
 * One property sample's exchange (`exchange(dynamic)`: false when Prism did not answer it or
 * checks no such body) through Prism's static mock, then once through its dynamic mock when the
 * static one could not make a fitting answer (`retry` says which MockLimitation that is). `via`
 * keeps, for the property's later samples, whether the dynamic mock helps: once it does they go
 * there straight, once it does not never again, so a property makes at most one extra request.
 * True when the sample counts; false when it met Prism's limit (not counted).
 */
async function viaMocks(
  exchange: (dynamic: boolean) => Promise<boolean>,
  via: { state: string },
  meta: ContractMeta,
  retry: (err: MockLimitation) => boolean,
  // told why, when the dynamic mock did not help
  failed: (message: string) => void = () => {},
  // the sample another way, when neither mock could answer it (told why): true when it counts
  otherwise: (why: string) => Promise<boolean> = async () => false,
): Promise<boolean> {
  return throughPrism({
    mock: () => exchange(via.state === 'helps'),
    retry,
    dynamic: () =>
      via.state === 'untried'
        ? {
            ask: async () => {
              if (!(await exchange(true))) return false;
              via.state = 'helps';
              meta.dynamic = true;
              return true;
            },
          }
        : via.state === 'no use'
          ? 'its dynamic mock not asked: it did not help before'
          : null,
    dynamicFailed: (again) => {
      via.state = 'no use';
      if (!again.unanswered) failed(again.message);
    },
    unanswered: () => false,
    proxy: (why) => otherwise(why()),
  });
}
