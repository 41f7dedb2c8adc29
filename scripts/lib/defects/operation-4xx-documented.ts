// capi/operation-4xx-documented: the 4xx an operation can return must be documented: 400 (or 422)
// when it takes a request body or parameters that can be invalid, 404 when it addresses a
// resource by path parameter. Which statuses an operation answers is for a person to state: the
// action documents each missing status with a placeholder description lint refuses until it is
// written (placeholders.ts); with many findings, accepting the rule is suggested instead.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { statusPlaceholder } from '../lint/placeholders.ts';
import type { DefectKind, FixFunction } from './types.ts';

/** When a "you decide" rule has more findings than this, accepting it is suggested instead of actions. */
export const MAX_PER_OPERATION_ACTIONS = 25;

/**
 * The actions of the "document this status" rules (this one, capi/operation-401-documented and
 * Redocly's operation-4xx-response): one per status a finding names, on its operation, except
 * those the effective spec documents already (an upstream finding outlives the action that fixed
 * it: the advice converges instead of repeating an applied action).
 */
export const documentStatuses: FixFunction = (findings, ctx) => {
  if (findings.length > MAX_PER_OPERATION_ACTIONS) return 'accept';
  for (const f of findings) {
    const segs = parsePointer(f.pointer ?? '');
    const cut = segs.indexOf('responses');
    const op = cut >= 0 ? segs.slice(0, cut) : segs;
    // every status the finding names ("does not document 400 ... or 404 ...")
    const named =
      ctx.rule === 'capi/operation-401-documented' ? ['401'] : [...new Set([...f.message.matchAll(/\b(4\d\d)\b/g)].map((m) => m[1]))];
    const documented = getAt(ctx.doc, [...op, 'responses']) ?? {};
    for (const status of (named.length ? named : ['400']).filter((s) => !Object.hasOwn(documented, s))) {
      ctx.push(f, {
        target: jsonPathOf([...op, 'responses']),
        description: statusPlaceholder(status),
        update: {
          [status]: {
            description:
              ({ 401: 'Missing or invalid credentials.', 404: 'No such resource.' } as Record<string, string | undefined>)[status] ??
              'Invalid request.',
          },
        },
      });
    }
  }
  return undefined;
};

export const kind: DefectKind = {
  id: 'capi/operation-4xx-documented',
  severity: 'error',
  stage: 'lint',
  docs: 'An operation that does not document the 4xx it can return: 400 (or 422) when it takes a request body, 404 when it addresses a resource by path parameter. Clients type the error branch from the documented responses. Which statuses it answers is for a person to state: the action documents each missing status with a description to write (a placeholder lint refuses); beyond 25 findings, accepting the rule is suggested instead.',
  visitor: () => ({
    Operation: {
      enter(operation, ctx) {
        const responses = operation?.responses ?? {};
        const has = (...codes: string[]) => codes.some((c) => c in responses) || '4XX' in responses;
        const params = [...(operation?.parameters ?? []), ...((ctx.parentPathItem?.parameters as unknown[] | undefined) ?? [])];
        const pathParam = params.some((p) => p?.in === 'path') || /\{[^}]+\}/.test(String(ctx.key ?? ''));
        const missing = [];
        if (operation?.requestBody && !has('400', '422')) missing.push('400 (invalid request body)');
        if (pathParam && !has('404')) missing.push('404 (no resource at the path)');
        if (missing.length) {
          ctx.report({
            message: `Operation does not document ${missing.join(' or ')}.`,
            location: ctx.location.child('responses').key(),
          });
        }
      },
    },
  }),
  fix: documentStatuses,
};
