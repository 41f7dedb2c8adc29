// Judging one operation's answers in the suite: the assertions (the status, the branch, the
// documented shape) and, through src/judge, a spec defect or a mock limitation told apart.
import { expect } from 'vitest';
import type { Media, Operation, Response as DocumentedResponse, SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation, dynamicMockHazard, prismViolations } from '../../src/prism.ts';
import { describeBody } from '../../src/request/bodies.ts';
import { answeredBodyViolations, assertNoResponseDefect, assertRequestChecked, uncheckedReason } from '../../src/judge/defects.ts';
import { describeViolations, type Violation } from '../../src/judge/violations.ts';
import { type Acceptances, acceptedCause } from '../../src/judge/accepted.ts';
import { suiteOptions } from '../../src/options.ts';
import type { ContractMeta, Ctx, Exchange, SuiteEnv } from './types.ts';

const { seed } = suiteOptions();
const is2xx = (status: number): boolean => status >= 200 && status < 300;

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
    });
  // a request refused for its body: a 4xx in the error branch, Prism naming the body, and the
  // documented shape of that error
  // (`media`: the body's media type, when one was sent: an invalid one Prism accepted because it
  // checks no such body is its limit, assertRequestChecked). A MockLimitation about the answer
  // is thrown, not skipped, so that negativeElseDynamic may ask the dynamic mock
  const judgeRefused = async (ctx: Ctx, { data, error, response }: Exchange, named: string, media?: Media): Promise<void> => {
    ctx.task.meta.contract.status = String(response.status);
    if (media)
      assertRequestChecked(env.server.uncheckedRequest(op.method, op.path, media.type), {
        answered: response.status,
        where: `${media.type} body of ${op.method} ${op.path}`,
        meta: ctx.task.meta.contract,
        ctx,
      });
    assertNoErrorDefect(ctx.task.meta.contract, { response, error });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(data).toBeUndefined();
    expect(error.kind).toMatch(/^(validation|unexpected_response)$/);
    expect(bodyViolations(response, error), named).not.toEqual([]);
    await expectDocumentedBody(response.status, error.body, response, { meta: ctx.task.meta.contract });
  };
  // `send(headers)`: one request of the case, with these headers added (a Prefer); judged as above,
  // its answer asked again of the dynamic mock where the static one could not be made (negativeElseDynamic)
  const expectBodyRefused = (
    ctx: Ctx,
    send: (headers: Record<string, string>) => Promise<Exchange>,
    named: string,
    media?: Media,
  ): Promise<void> =>
    negativeElseDynamic(ctx, async (prefer) => judgeRefused(ctx, await send(prefer ? { Prefer: prefer } : {}), named, media));
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
  // asked through Prism's proxy (\`viaProxy\`, marked \`proxy\` in the report): the client's call
  // and Prism's validation are the same, the answer is one generated valid from the documented
  // response (src/upstream.ts). Only when that fails too, or a request went unanswered (an
  // exception escaped Prism), is it the mock's limit. \`run(prefer)\` makes and judges one exchange.
  const staticElseDynamic = async (
    ctx: Ctx,
    run: (prefer: string) => Promise<void>,
    prefer: string,
    viaProxy?: () => Promise<void>,
    // why the dynamic mock must not be asked (dynamicMockHazard of src/prism.ts), or null
    noDynamic: string | null = null,
  ): Promise<void> => {
    const meta = ctx.task.meta.contract;
    const limited = (reason: string): never => {
      meta.limitation = 'mock';
      meta.reason = reason.slice(0, 3000);
      ctx.skip(meta.reason);
      throw new MockLimitation(meta.reason); // ctx.skip throws; for the type checker
    };
    const proxied = async (why: string): Promise<void> => {
      if (!viaProxy) return limited(why);
      delete meta.limitation;
      delete meta.reason;
      delete meta.dynamic;
      meta.proxy = true;
      try {
        return await viaProxy();
      } catch (err) {
        if (!(err instanceof MockLimitation)) throw err;
        delete meta.proxy;
        return limited(`${why}; through Prism's proxy too: ${err.message}`);
      }
    };
    try {
      return await run(prefer);
    } catch (err) {
      if (!(err instanceof MockLimitation)) throw err;
      if (err.unanswered) return limited(err.message);
      // Prism could not answer at all (its static sampler gave up on a large schema:
      // SCHEMA_TOO_COMPLEX; no serializer): the proxy, where there is one; else its dynamic
      // mock, whose generator has no such bound (a negative case: Prism's proxy answers an
      // invalid request with its own problem, never the documented error)
      if (!err.invalidAnswer && viaProxy) return proxied(err.message);
      if (noDynamic) return proxied(`${err.message}; ${noDynamic}`);
      const dynamic = `${prefer ? `${prefer}, ` : ''}dynamic=true, seed=${seed}`;
      delete meta.limitation;
      delete meta.reason;
      meta.dynamic = true;
      try {
        return await run(dynamic);
      } catch (again) {
        if (!(again instanceof MockLimitation)) throw again;
        if (again.unanswered) return limited(again.message);
        return proxied(`${err.message}; its dynamic mock too (Prefer: ${dynamic}): ${again.message}`);
      }
    }
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
  // a credentials or negative case: `run(prefer)` makes and judges one exchange (prefer: '' the
  // static mock). Prism answers the request it refuses with a documented error it generates like
  // any other answer; where its static mock cannot (SCHEMA_TOO_COMPLEX: stripe.com's `error`,
  // 500 instead of the error) or made it invalid, the same request goes to its dynamic mock, as a
  // status case's does. No proxy: Prism's proxy answers an invalid request with its own problem.
  const negativeElseDynamic = (ctx: Ctx, run: (prefer: string) => Promise<void>): Promise<void> =>
    staticElseDynamic(ctx, run, '', undefined, noDynamicError());
  return {
    assertNoErrorDefect,
    bodyViolations,
    expectBodyRefused,
    negativeElseDynamic,
    noDynamicError,
    responseOf,
    errorResponse,
    coveringResponse,
    documentsSuccess,
    expectAccepted,
    expectDocumentedBody,
    staticElseDynamic,
  };
}
