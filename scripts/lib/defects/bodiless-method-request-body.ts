// capi/bodiless-method-request-body: a request body on a GET or HEAD operation (Azure's
// mysql QueryPerformanceInsights documents a required one on its GET list operations). HTTP
// gives such a body no meaning (RFC 9110 9.3.1) and fetch (WHATWG) refuses to send one, so no
// client of ours can make that request as documented: with the body required, every pair of the
// operation was the harness's limit, never tested.
import { jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/** Reported at `.../<method>/requestBody`: removed from the contract. */
function bodilessMethodActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs[0] !== 'paths' || segs.at(-1) !== 'requestBody') return [];
  const method = String(segs.at(-2)).toUpperCase();
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream gives the ${method} operation at ${String(segs[1])} a request body (${where}): HTTP gives a ${method} body no meaning and fetch refuses to send one, so no client can make the request as documented; removed from the contract (the operation is called without it).`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/bodiless-method-request-body',
  severity: 'error',
  stage: 'lint',
  docs: "A request body on a GET or HEAD operation (azure.com/mysql-QueryPerformanceInsights documents a required one on its list operations): HTTP gives it no meaning and fetch refuses to send one, so no client can make the request as documented, and the contract tests could test none of the operation's statuses. The action removes the `requestBody` from the contract; the operation is called without it.",
  visitor: () => ({
    Operation: {
      enter(op, ctx) {
        const method = String(ctx.key).toLowerCase();
        if ((method !== 'get' && method !== 'head') || op?.requestBody === undefined) return;
        ctx.report({
          message: `A ${method.toUpperCase()} operation documents a request body: HTTP gives it no meaning and fetch refuses to send one, so no client can make this request as documented.`,
          location: ctx.location.child(['requestBody']),
        });
      },
    },
  }),
  fix: perFinding(bodilessMethodActions),
};
