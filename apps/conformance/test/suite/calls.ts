// Talking to Prism through the provider's client: one exchange of one operation, and what
// silence (no answer) stops.
import type { Media, Operation, SpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { MockLimitation, NO_ANSWER_LIMIT, crashEnded, noAnswer } from '../../src/prism.ts';
import type { AnyClient } from '../../src/clients.ts';
import { acceptFor, paramsFor, validBodyFor } from '../../src/request/cases.ts';
import type { ContractMeta, Ctx, Exchange, SuiteEnv } from './types.ts';

/** Methods a server must treat the same when it gets them twice (RFC 9110 9.2.2). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** The connection ended under a request that had no answer yet: the server closed a reused keep-alive socket. */
const CONNECTION_DROPPED = /\b(?:ECONNRESET|EPIPE)\b|other side closed/i;
/** The connection was never made: nothing of the request reached the server. */
const NEVER_CONNECTED = /\b(?:ECONNREFUSED|EADDRNOTAVAIL|UND_ERR_CONNECT_TIMEOUT)\b/;

/**
 * Why a request that got no response may be sent once more, or undefined. An idempotent one
 * whose connection dropped before any answer (ECONNRESET, EPIPE, undici's "other side closed"):
 * a second copy changes nothing. A POST or PATCH only when it provably never left: its
 * connection was never made. A dropped connection proves nothing for them (the server may have
 * read the whole request before it closed), so such a write is reported unanswered, not resent.
 */
export function resendable(method: string, error: { kind?: string; message?: string; cause?: string } | undefined): string | undefined {
  if (error?.kind !== 'network') return undefined;
  const why = `${error.cause ?? ''} ${error.message ?? ''}`;
  if (NEVER_CONNECTED.test(why)) return 'sent again: the connection was never made, so the first request never left';
  if (IDEMPOTENT.has(method.toUpperCase()) && CONNECTION_DROPPED.test(why))
    return `sent again: the connection dropped before any answer (${CONNECTION_DROPPED.exec(why)?.[0]}), and ${method.toUpperCase()} is idempotent`;
  return undefined;
}

/** One operation's exchanges with Prism: `call` sends a request and reads the answer or the silence. */
export function operationCalls({
  op,
  model,
  env,
  bodyUnsendable,
}: {
  op: Operation;
  model: SpecModel;
  env: SuiteEnv;
  bodyUnsendable: boolean;
}) {
  const preferred = op.requestBody?.preferred;
  const opSilence: { count: number; crash: string | null } = { count: 0, crash: null }; // this operation's requests without an answer
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
    client: AnyClient,
    {
      media = preferred,
      body,
      noBody = false,
      headers = successAccept(),
    }: { media?: Media | undefined; body?: unknown; noBody?: boolean; headers?: Record<string, string | undefined> } = {},
    ctx: Ctx | undefined = undefined,
    meta: ContractMeta | undefined = ctx?.task.meta.contract,
  ): Promise<Exchange> => {
    const where = `${op.method} ${op.path}`;
    if (opSilence.crash || opSilence.count >= 2)
      noAnswer({ where, given: opSilence.count, scope: 'operation', escaped: opSilence.crash ? [opSilence.crash] : [], meta, ctx });
    if (env.silent >= NO_ANSWER_LIMIT) noAnswer({ where, given: env.silent, escaped: env.lastCrash ? [env.lastCrash] : [], meta, ctx });
    const value = noBody || !media || bodyUnsendable ? undefined : body === undefined ? validBodyFor(op, model, media) : body;
    const since = env.escaped.length;
    const send = (): Promise<Exchange> => {
      const ctl = new AbortController();
      env.inflight.add(ctl);
      return client
        .request(op.method.toLowerCase(), op.path, {
          params: paramsFor(op, model),
          redirect: 'manual', // a documented 3xx is the answer under test, never a hop to a real host
          signal: ctl.signal,
          ...(value !== undefined ? { body: value } : {}),
          headers: { ...(value !== undefined && media ? { 'Content-Type': media.type } : {}), ...headers },
        })
        .catch(crashEnded(ctl.signal)) // the client rethrows the abort of a request Prism's crash ended
        .finally(() => env.inflight.delete(ctl));
    };
    let res = await send();
    // the keep-alive race: Prism closed an idle connection as the client reused it. Sent once
    // more (once), when that cannot do a write twice (resendable)
    const again = !res.response && env.escaped.length === since ? resendable(op.method, res.error) : undefined;
    if (again) {
      res = await send();
      if (meta) meta.resent = again;
    }
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
  const callOrLimited = async (client: AnyClient, opts: Parameters<typeof call>[1], meta: ContractMeta): Promise<Exchange | null> => {
    try {
      return await call(client, opts, undefined, meta);
    } catch (err) {
      if (err instanceof MockLimitation) return null;
      throw err;
    }
  };
  return { successAccept, call, callOrLimited };
}
