// The skips of one operation's cases: a request the harness cannot make valid, a body fetch
// cannot send, a HEAD body Prism cannot answer, a property only the mock's limit stopped.
import type { Media, Operation, Response as DocumentedResponse, SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation } from '../../src/prism.ts';
import { requestLimitation } from '../../src/request/cases.ts';
import type { Ctx } from './types.ts';

/** The skips of one operation's cases, each with its reason in `meta.contract`. */
export function operationSkips({ op, model }: { op: Operation; model: SpecModel }) {
  const rb = op.requestBody;
  const preferred = rb?.preferred;
  // a sample whose answer Prism's mock could not make valid is its limit: not counted, and
  // when no sample got past it the property is skipped with the reason (never a silent pass)
  const mockLimited = (check: () => void): boolean => {
    try {
      check();
      return false;
    } catch (err) {
      if (err instanceof MockLimitation) return true;
      throw err;
    }
  };
  // fast-check gives up when too few generated bodies pass the validator (fc.pre): the
  // harness could not make enough bodies of that kind, its own limit, reported as such
  const harnessLimited = async (ctx: Ctx, kind: string, media: Media, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (err) {
      if (!/too many pre-condition failures/.test(String((err as Error)?.message))) throw err;
      ctx.task.meta.contract.limitation = 'harness';
      ctx.task.meta.contract.reason = `harness: too few generated ${kind} ${media.type} bodies for the schema at ${media.schemaPointer ?? media.pointer} passed the validator (fast-check gave up)`;
      ctx.skip(ctx.task.meta.contract.reason);
    }
  };
  const skipIfOnlyMockLimited = (ctx: Ctx, counter: 'valid' | 'invalid'): void => {
    if (ctx.task.meta.contract.limitation === 'mock' && ctx.task.meta.contract[counter] === 0) ctx.skip(ctx.task.meta.contract.reason);
  };
  // a request the harness cannot make valid is its own limit, never the client's failure:
  // those cases are skipped with the reason (and counted apart in the report)
  // (or one Prism cannot read: the mock's limit)
  const skipIfNoValidRequest = (ctx: Ctx, media: Media | undefined = preferred): void => {
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
  const skipIfBodyUnsendable = (ctx: Ctx, { always = false }: { always?: boolean } = {}): void => {
    if (!bodyUnsendable || (!always && !rb?.required)) return;
    ctx.task.meta.contract.reason = `harness: the spec gives ${op.method} ${op.path} a request body, which fetch cannot send (it refuses a body on GET and HEAD)`;
    ctx.task.meta.contract.limitation = 'harness';
    ctx.skip(ctx.task.meta.contract.reason);
  };
  // A HEAD response has no body (RFC 9110), but Prism checks the empty body it sends against
  // the documented schema and answers 500 instead (prism-reading.test.mjs): a documented HEAD
  // response with content is the mock's limit.
  const skipIfHeadBody = (ctx: Ctx, response: DocumentedResponse | undefined): void => {
    if (op.method !== 'HEAD' || !response?.media?.length) return;
    ctx.task.meta.contract.reason = `mock: Prism answers HEAD ${op.path} with 500 where the spec documents a ${response.status} body (a HEAD response has none)`;
    ctx.task.meta.contract.limitation = 'mock';
    ctx.skip(ctx.task.meta.contract.reason);
  };
  return {
    mockLimited,
    harnessLimited,
    skipIfOnlyMockLimited,
    skipIfNoValidRequest,
    bodyUnsendable,
    skipIfBodyUnsendable,
    skipIfHeadBody,
  };
}
