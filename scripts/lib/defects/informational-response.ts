// capi/informational-response: a 1xx status documented as an operation's response. A 1xx is
// informational (RFC 9110 15.2): fetch, like every HTTP client API, never hands one over as the
// answer, and a `101 Switching Protocols` (edrv.io's /v1/realtime) means the connection leaves
// HTTP (a WebSocket): no typed HTTP call can receive it, and asking the mock for it ends in a
// network error.
import { jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export const kind: DefectKind = {
  id: 'capi/informational-response',
  severity: 'error',
  stage: 'lint',
  docs: 'A 1xx status documented as a response (edrv.io documents `101 Switching Protocols` for a WebSocket endpoint): no HTTP client API delivers a 1xx as the answer, and the contract test gets a network error. The action removes the 1xx response; an operation that documents nothing else (a protocol upgrade only) is not an HTTP call a typed client can make, and is removed from the contract.',
  visitor: () => ({
    Operation: {
      enter(op, ctx) {
        const responses = op?.responses;
        if (!responses || typeof responses !== 'object') return;
        const codes = Object.keys(responses);
        const informational = codes.filter((c) => /^1(\d\d|XX)$/i.test(c));
        if (!informational.length) return;
        const only = informational.length === codes.length;
        for (const code of informational)
          ctx.report({
            message: `A ${code} response is informational (RFC 9110): no HTTP client API delivers it as the answer${code === '101' ? ' (101 switches the connection to another protocol, a WebSocket)' : ''}${only ? ', and the operation documents no other response: no typed HTTP call can be made to it' : ''}.`,
            location: only ? ctx.location.child(['responses']) : ctx.location.child(['responses', code]).key(),
          });
      },
    },
  }),
  fix(findings, ctx) {
    const { doc } = ctx;
    let treatment: 'accept' | undefined;
    for (const f of findings) {
      const segs = typedPath(doc, parsePointer(f.pointer ?? ''));
      if (segs[0] !== 'paths' || !METHODS.includes(String(segs[2]))) {
        treatment = 'accept';
        continue;
      }
      if (segs.at(-1) === 'responses') {
        // nothing but 1xx: the operation leaves the contract
        const op = segs.slice(0, 3);
        ctx.push(f, {
          target: jsonPathOf(op),
          description: `Upstream's ${String(segs[2]).toUpperCase()} ${String(segs[1])} (${ctx.where(f)}) documents only informational (1xx) responses, a protocol upgrade (WebSocket): no typed HTTP call can receive them; removed from the contract.`,
          remove: true,
        });
        continue;
      }
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `Upstream documents an informational ${String(segs.at(-1))} response (${ctx.where(f)}): no HTTP client API delivers a 1xx as the answer; removed from the contract.`,
        remove: true,
      });
    }
    return treatment;
  },
};
