// Judging one operation's answers in the suite: the assertions (the status, the branch, the
// documented shape) and, through src/judge, a spec defect or a mock limitation told apart.
import { expect } from 'vitest';
import type { Media, Operation, Response as DocumentedResponse, SpecModel, Validation } from '@capi/scripts/lib/spec/spec-model.ts';
import { dynamicMockHazard, prismViolations } from '../../src/prism.ts';
import { describeBody } from '../../src/request/bodies.ts';
import {
  answeredBodyViolations,
  assertNoResponseDefect,
  assertRequestChecked,
  requestDisagreement,
  uncheckedReason,
} from '../../src/judge/defects.ts';
import { describeViolations, type Violation } from '../../src/judge/violations.ts';
import { type Acceptances, acceptedCause } from '../../src/judge/accepted.ts';
import { suiteOptions } from '../../src/options.ts';
import { tidyReason } from '../../src/judge/reasons.ts';
import type { ContractMeta, Ctx, Exchange, ProxyEnv, SuiteEnv } from './types.ts';
import { askDynamic, skipAsMock, throughPrism, viaProxy } from './mock-routes.ts';

const { seed } = suiteOptions();
const is2xx = (status: number): boolean => status >= 200 && status < 300;

/**
 * Per spec model: the error schemas (by pointer) Prism's dynamic mock failed to answer with, and
 * why. Its answer is the same for a schema and a seed (it generates from its own copy of the
 * bundle: src/prism.ts, dynamicMockOwnCopy), so once is enough: on stripe.com each try cost about
 * 33 CPU ms, and every negative case of every operation would ask again.
 */
const failedDynamic = new WeakMap<SpecModel, Map<string, string>>();
const dynamicFailures = (model: SpecModel): Map<string, string> => {
  let found = failedDynamic.get(model);
  if (!found) failedDynamic.set(model, (found = new Map()));
  return found;
};

/** The assertions and judging of one operation's cases. */
export function operationJudging({
  op,
  model,
  env,
  specFile,
  accepted,
}: {
  op: Operation;
  model: SpecModel;
  env: SuiteEnv;
  specFile: string;
  /** the provider's accepted findings (redocly.yaml): a failure names one it meets */
  accepted?: Acceptances;
}) {
  // Prism's complaint about the request body (a documented 4xx's violations header, or its own 422)
  const bodyViolations = (response: Response, error: Exchange['error']): Violation[] =>
    prismViolations(response, error?.body).filter(
      (v) => v.where === 'request' && (/^body\b/.test(v.at) || (v.at === '' && /body/i.test(v.message))),
    );
  // the answer to a request that should be refused: no defect of the spec or limit of the mock in
  // it, judged by the documented error response (errorResponse), else by the one Prism served
  const assertNoErrorDefect = (meta: ContractMeta, { response, error }: Pick<Exchange, 'response' | 'error'>): void =>
    assertNoResponseDefect(prismViolations(response, error?.body), {
      model,
      response: errorResponse(),
      specFile,
      status: 'error response',
      meta,
      op,
      answered: response.status,
      accepted,
      prismAccepts: (status) => env.server.prismAccepts(op.method, op.path, status),
    });
  // an invalid body Prism answered without checking it (it checks no such media type): its limit, skipped
  const bodyChecked = (ctx: Ctx, answered: number, media: Media): void =>
    assertRequestChecked(env.server.uncheckedRequest(op.method, op.path, media.type), {
      answered,
      where: `${media.type} body of ${op.method} ${op.path}`,
      meta: ctx.task.meta.contract,
      ctx,
    });
  // an invalid body (`ours`: our check of it) Prism answered with a success although it checks
  // that body: its validator and ours disagree on it, said as such (requestDisagreement)
  const bodyRefused = (answered: number, media?: Media, ours?: Validation): void => {
    if (!media || !ours || !is2xx(answered)) return;
    const disagree = requestDisagreement(ours, { where: `${media.type} body of ${op.method} ${op.path}`, answered, model });
    if (disagree) throw new Error(disagree);
  };
  // a request refused for its body: a 4xx in the error branch, Prism naming the body, and the
  // documented shape of that error
  // (`media`: the body's media type, when one was sent: an invalid one Prism accepted because it
  // checks no such body is its limit, assertRequestChecked). A MockLimitation about the answer
  // is thrown, not skipped, so that negativeElseDynamic may ask the dynamic mock
  const judgeRefused = async (
    ctx: Ctx,
    { data, error, response }: Exchange,
    named: string,
    media?: Media,
    ours?: Validation,
  ): Promise<void> => {
    ctx.task.meta.contract.status = String(response.status);
    if (media) bodyChecked(ctx, response.status, media);
    bodyRefused(response.status, media, ours);
    assertNoErrorDefect(ctx.task.meta.contract, { response, error });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(data).toBeUndefined();
    expect(error.kind).toMatch(/^(validation|unexpected_response)$/);
    expect(bodyViolations(response, error), named).not.toEqual([]);
    await expectDocumentedBody(response.status, error.body, response, { meta: ctx.task.meta.contract });
  };
  // the refusal alone, of a request sent through Prism's proxy (expectBodyRefused's last route):
  // Prism validates it there as its mock does and answers its own 422 naming the violations,
  // generating no body
  const judgeRefusalOnly = ({ data, error, response }: Exchange, ctx: Ctx, named: string, media?: Media, ours?: Validation): void => {
    const answered = `Prism's proxy answered ${response.status}${error?.body === undefined ? '' : ` ${describeBody(error.body).slice(0, 300)}`}`;
    ctx.task.meta.contract.status = String(response.status);
    if (media) bodyChecked(ctx, response.status, media);
    bodyRefused(response.status, media, ours);
    expect(response.status, `expected Prism to refuse the request with a 4xx: ${answered}`).toBeGreaterThanOrEqual(400);
    expect(response.status, `expected Prism to refuse the request with a 4xx: ${answered}`).toBeLessThan(500);
    expect(data).toBeUndefined();
    expect(error.kind).toMatch(/^(validation|unexpected_response)$/);
    expect(bodyViolations(response, error), `${named}: ${answered}`).not.toEqual([]);
  };
  // `send(headers, proxy)`: one request of the case, with these headers added (a Prefer), to Prism's
  // mock, or through its proxy when given; judged as above, its answer asked again of the dynamic
  // mock where the static one could not be made, and the refusal alone judged through the proxy
  // where neither mock can make the documented error (negativeElseDynamic)
  const expectBodyRefused = (
    ctx: Ctx,
    send: (headers: Record<string, string>, proxy?: ProxyEnv) => Promise<Exchange>,
    named: string,
    media?: Media,
    // our check of the body sent, when it is one ours refuses (a negative case's)
    ours?: Validation,
  ): Promise<void> =>
    negativeElseDynamic(
      ctx,
      async (prefer) => judgeRefused(ctx, await send(prefer ? { Prefer: prefer } : {}), named, media, ours),
      async () => judgeRefusalOnly(await send({}, await env.proxy()), ctx, named, media, ours),
      [422, 400],
    );
  const responseOf = (status: string | number): DocumentedResponse | undefined => op.responses.find((r) => r.status === String(status));
  // the documented status Prism answers an invalid request with: 422, else 400, else another 4xx
  const errorResponse = () => responseOf(422) ?? responseOf(400) ?? op.responses.find((r) => /^4\d\d$/.test(r.status));
  // the response a status is documented by: its own, else its range's (5XX), else \`default\`
  const coveringResponse = (status: string | number): DocumentedResponse | undefined =>
    responseOf(status) ?? responseOf(`${String(status)[0]}XX`) ?? responseOf('default');
  // Prism answers a request it finds valid with the lowest 2xx, else \`default\` (as 200), else
  // the first documented response: an operation that documents no success at all (vercel.com's
  // artifactQuery documents only 400-403) gets that error status for a valid request
  const documentsSuccess = op.responses.some((r) => /^2(\d\d|XX)$/.test(r.status) || r.status === 'default');
  // a valid request was accepted: a 2xx; where the operation documents no success, Prism named
  // no request violation (no \`sl-violations\`, no problem of its own) and answered a documented status
  const expectAccepted = (response: Response, error: Exchange['error'], what: string): void => {
    const answered = `${response.status}${error?.body === undefined || error.body === '' ? '' : ` ${describeBody(error.body).slice(0, 300)}`}`;
    if (documentsSuccess) {
      expect(is2xx(response.status), `${what}: expected a 2xx answer, Prism answered ${answered}`).toBe(true);
      return;
    }
    const refused = prismViolations(response, error?.body).filter((v) => v.where !== 'response');
    expect(refused, `${what}: expected no request violation (the operation documents no success), Prism answered ${answered}`).toEqual([]);
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
  const expectDocumentedBody = async (
    status: number,
    value: unknown,
    response: Response | undefined,
    {
      meta,
      ctx,
      documented = responseOf(status),
    }: { meta?: ContractMeta; ctx?: Ctx | undefined; documented?: DocumentedResponse | undefined } = {},
  ): Promise<void> => {
    const r = documented;
    if (!r?.schemaPointer) return;
    const { ok, errors, schemaPaths = [] } = model.validate(r.schemaPointer, value);
    if (!ok && response && env.sent.has(response)) {
      let sent: unknown;
      try {
        sent = JSON.parse((await env.sent.get(response)) ?? '');
      } catch {
        sent = undefined;
      }
      const violations = sent === undefined ? [] : answeredBodyViolations(model, r.schemaPointer, sent);
      if (violations.length) {
        const unreported = uncheckedReason(env.server.uncheckedResponse(op.method, op.path, r.status), model, r.schemaPointer);
        assertNoResponseDefect(violations, { model, response: r, specFile, status, meta, ctx, unreported, accepted });
      }
    }
    const vs = `response ${status}${r.status === String(status) ? '' : ` (documented as ${r.status})`} body vs ${specFile} (JSON Schema 2020-12)`;
    // an accepted finding where the errors went: on the first line, which the report keeps
    expect(errors, `${vs}: ${describeViolations(errors)}${acceptedCause(accepted, schemaPaths)}`).toEqual([]);
    expect(ok, `${vs}: invalid`).toBe(true);
  };
  // Prism's static mock answers what a schema alone cannot tell it (the literal "string" for a
  // \`pattern\` or a \`format\`): when that made its answer invalid (a MockLimitation about the
  // answer), the same request is asked once more of its dynamic mock (Prefer: dynamic=true, with
  // the property seed, so a run is replayed) and that answer is judged the same way. When it too
  // is invalid, or the mock cannot answer at all (no serializer for the media type), the pair is
  // asked through Prism's proxy (\`proxyRoute\`, marked \`proxy\` in the report): the client's call
  // and Prism's validation are the same, the answer is one generated valid from the documented
  // response (src/upstream.ts). Only when that fails too, or a request went unanswered (an
  // exception escaped Prism), is it the mock's limit. \`run(prefer)\` makes and judges one exchange
  // (the routes in their order: throughPrism of mock-routes.ts).
  const staticElseDynamic = (
    ctx: Ctx,
    run: (prefer: string) => Promise<void>,
    prefer: string,
    proxyRoute?: () => Promise<void>,
    // why the dynamic mock must not be asked (dynamicMockHazard of src/prism.ts), or null
    noDynamic: string | null = null,
  ): Promise<void> => {
    const meta = ctx.task.meta.contract;
    const dynamic = `${prefer ? `${prefer}, ` : ''}dynamic=true, seed=${seed}`;
    return throughPrism({
      mock: () => run(prefer),
      // Prism could not answer at all (its static sampler gave up on a large schema:
      // SCHEMA_TOO_COMPLEX; no serializer): the proxy, where there is one; else its dynamic
      // mock, whose generator has no such bound (a negative case: Prism's proxy answers an
      // invalid request with its own problem, never the documented error)
      retry: (err) => err.invalidAnswer || !proxyRoute,
      dynamic: () => noDynamic || askDynamic(meta, run, dynamic),
      unanswered: (err) => skipAsMock(ctx, err.message),
      proxy: (why) => viaProxy(ctx, why, proxyRoute),
    });
  };
  // why the dynamic mock must not be asked for an error answer of the operation (dynamicMockHazard
  // of any documented response that is no success), or null; worked out once
  let errorHazard: string | null | undefined;
  const noDynamicError = (): string | null =>
    (errorHazard ??=
      op.responses
        .filter((r) => !/^2/.test(r.status))
        .map((r) => dynamicMockHazard(model, r.schemaPointer))
        .find((h) => h !== null) ?? null);
  // the documented response Prism answers a request it refuses with (its negotiator: each of
  // `codes` in order, else its range, else `default`): [401] for missing credentials, [422, 400]
  // for an invalid request
  const refusalResponse = (codes: readonly number[]): DocumentedResponse | undefined => {
    for (const code of codes) {
      const found = responseOf(code) ?? responseOf(`${String(code)[0]}XX`);
      if (found) return found;
    }
    return responseOf('default');
  };
  // the schema Prism generates a refusal's body from (its $refs followed: operations that share
  // stripe.com's `error` share it), the key of a dynamic answer that failed
  const refusalSchema = (codes: readonly number[]): string | undefined => {
    const documented = refusalResponse(codes);
    if (!documented) return undefined;
    if (!documented.schemaPointer) return documented.pointer;
    return model.follow(model.at(documented.schemaPointer), documented.schemaPointer).pointer ?? documented.schemaPointer;
  };
  // a credentials or negative case: `run(prefer)` makes and judges one exchange (prefer: '' the
  // static mock). Prism answers the request it refuses with a documented error it generates like
  // any other answer; where its static mock cannot (SCHEMA_TOO_COMPLEX: stripe.com's `error`,
  // 500 instead of the error) or made it invalid, the same request goes to its dynamic mock, as a
  // status case's does. Where that fails too (json-schema-faker's TypeError on stripe's `error`),
  // `refused()` judges what the case is about, Prism's refusal of the request, through its proxy
  // (which answers a request it refuses with its own problem, never the documented error): the
  // case passes on it, marked `proxy`, and `unchecked` says why the error body was not checked.
  // A dynamic answer that failed is remembered for the schema (deterministic for a schema and a
  // seed: the dynamic mock has its own copy of the bundle), so later cases do not ask again.
  // `codes`: the statuses Prism looks for to refuse with (refusalResponse).
  const negativeElseDynamic = async (
    ctx: Ctx,
    run: (prefer: string) => Promise<void>,
    refused?: () => Promise<void>,
    codes: readonly number[] = [422, 400],
  ): Promise<void> => {
    const meta = ctx.task.meta.contract;
    const dynamic = `dynamic=true, seed=${seed}`;
    // the schema of the refusal, and the dynamic mock's failure on it before: worked out once the
    // static mock failed
    let key: string | undefined;
    let why: string | undefined;
    await throughPrism({
      mock: () => run(''),
      dynamic: () => {
        key = refusalSchema(codes);
        const before = key === undefined ? undefined : dynamicFailures(model).get(key);
        const noDynamic =
          noDynamicError() ??
          (before === undefined
            ? null
            : `its dynamic mock not asked: it could not answer with the schema at ${key} before (the same schema and seed): ${before}`);
        return noDynamic || askDynamic(meta, run, dynamic);
      },
      dynamicFailed: (again) => {
        delete meta.dynamic;
        if (!again.unanswered && key !== undefined) dynamicFailures(model).set(key, again.message.slice(0, 1000));
      },
      unanswered: (err) => skipAsMock(ctx, err.message),
      proxy: async (reason) => {
        why = reason();
        await viaProxy(ctx, reason, refused);
      },
    });
    // judged through the proxy: why the error body went unchecked
    if (why !== undefined)
      meta.unchecked = tidyReason(
        `the error body was not checked: Prism's mock cannot make it (${why}); the refusal was judged through Prism's proxy (its own ${meta.status ?? '4xx'} problem, which names what it refused)`,
      ).slice(0, 3000);
  };
  // whether the dynamic mock is asked for the invalid bodies' property: not where it must not be
  // (noDynamicError), nor where it already failed on the error schema Prism refuses them with
  const dynamicUseless = (): boolean => {
    const key = refusalSchema([422, 400]);
    return noDynamicError() !== null || (key !== undefined && dynamicFailures(model).has(key));
  };
  // a property's dynamic answer that failed: remembered for the error schema, as a case's is
  const dynamicFailed = (message: string): void => {
    const key = refusalSchema([422, 400]);
    if (key !== undefined) dynamicFailures(model).set(key, message.slice(0, 1000));
  };
  return {
    assertNoErrorDefect,
    bodyViolations,
    expectBodyRefused,
    negativeElseDynamic,
    noDynamicError,
    dynamicUseless,
    dynamicFailed,
    responseOf,
    errorResponse,
    coveringResponse,
    documentsSuccess,
    expectAccepted,
    expectDocumentedBody,
    staticElseDynamic,
  };
}
