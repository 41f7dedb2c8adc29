// The routes a case's exchange takes through Prism, in their one order: its static mock, then its
// dynamic mock where the static one could not make a fitting answer, then its proxy where neither
// could; and the one way a case is skipped as Prism's limit. The status cases (staticElseDynamic),
// the credentials and negative cases (negativeElseDynamic), both in judging.ts, and the properties'
// samples (viaMocks, contract-suite.ts) go through them.
import { MockLimitation } from '../../src/prism.ts';
import { tidyReason } from '../../src/judge/reasons.ts';
import type { ContractMeta, Ctx } from './types.ts';

/**
 * Skips the case as Prism's limit: `limitation: 'mock'` and the reason (without stack frames or
 * local paths: tidyReason, at most 3000 characters) in its meta, the reason given to `ctx.skip`.
 * Never returns.
 */
export function skipAsMock(ctx: Ctx, reason: string): never {
  const meta = ctx.task.meta.contract;
  meta.limitation = 'mock';
  meta.reason = tidyReason(reason).slice(0, 3000);
  ctx.skip(meta.reason);
  throw new MockLimitation(meta.reason); // ctx.skip throws; for the type checker
}

/** Prism's dynamic mock as a route: how to ask it, and the Prefer a reason names when it failed too. */
export interface DynamicRoute<T> {
  ask: () => Promise<T>;
  prefer?: string;
}

/**
 * The dynamic mock as the route of a case whose meta is `meta`: asked, the case is no longer
 * Prism's limitation (its `limitation` and `reason` cleared) but marked `dynamic`, and `run` makes
 * and judges the exchange again with `prefer` (Prefer: dynamic=true and the seed). The status
 * cases and the credentials and negative cases (judging.ts) ask it this one way.
 */
export function askDynamic(meta: ContractMeta, run: (prefer: string) => Promise<void>, prefer: string): DynamicRoute<void> {
  return {
    prefer,
    ask: () => {
      delete meta.limitation;
      delete meta.reason;
      meta.dynamic = true;
      return run(prefer);
    },
  };
}

/**
 * One exchange through Prism's routes, in order. `mock()` first (its static mock, or the route a
 * property found to answer); a MockLimitation it throws sends the exchange on:
 * - to `unanswered` where Prism never answered (an exception escaped it: no route helps);
 * - to `proxy(why)` where `retry` says the dynamic mock cannot mend that limitation;
 * - else to `dynamic()`: the route to ask (`DynamicRoute`), or why it is not asked (a string,
 *   added to the reason), or null (not asked, nothing to add); asked, its MockLimitation is told
 *   to `dynamicFailed` and sends the exchange to `unanswered`, else to `proxy(why)` naming both.
 * `dynamic` is called only when it is needed (working out whether to ask may cost), and so is
 * `why` (a function: a reason may compile Prism's validator to be worded, src/judge/defects.ts),
 * which the proxy reads only when it fails too. Any other error is thrown on.
 */
export async function throughPrism<T>({
  mock,
  dynamic,
  retry = () => true,
  dynamicFailed = () => {},
  unanswered,
  proxy,
}: {
  mock: () => Promise<T>;
  dynamic: () => DynamicRoute<T> | string | null;
  retry?: (err: MockLimitation) => boolean;
  dynamicFailed?: (err: MockLimitation) => void;
  unanswered: (err: MockLimitation) => T | Promise<T>;
  proxy: (why: () => string) => Promise<T>;
}): Promise<T> {
  let first: MockLimitation;
  try {
    return await mock();
  } catch (err) {
    if (!(err instanceof MockLimitation)) throw err;
    first = err;
  }
  if (first.unanswered) return unanswered(first);
  if (!retry(first)) return proxy(() => first.message);
  const route = dynamic();
  if (route === null) return proxy(() => first.message);
  if (typeof route === 'string') return proxy(() => `${first.message}; ${route}`);
  try {
    return await route.ask();
  } catch (again) {
    if (!(again instanceof MockLimitation)) throw again;
    dynamicFailed(again);
    if (again.unanswered) return unanswered(again);
    return proxy(() => `${first.message}; its dynamic mock too${route.prefer ? ` (Prefer: ${route.prefer})` : ''}: ${again.message}`);
  }
}

/**
 * The last route of a case (`route`, Prism's proxy), told why the mocks could not: the case is
 * marked `proxy` (no longer a limitation, nor `dynamic`); a MockLimitation there too skips it as
 * Prism's limit naming both. Without a route, the case is skipped as that limit at once.
 */
export async function viaProxy(ctx: Ctx, why: () => string, route: (() => Promise<void>) | undefined): Promise<void> {
  if (!route) return skipAsMock(ctx, why());
  const meta = ctx.task.meta.contract;
  delete meta.limitation;
  delete meta.reason;
  delete meta.dynamic;
  meta.proxy = true;
  try {
    await route();
  } catch (err) {
    if (!(err instanceof MockLimitation)) throw err;
    delete meta.proxy;
    skipAsMock(ctx, `${why()}; through Prism's proxy too: ${err.message}`);
  }
}
