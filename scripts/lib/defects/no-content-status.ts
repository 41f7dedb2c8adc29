// capi/no-content-status: a 204 (No Content), 205 (Reset Content) or 304 (Not Modified) response
// has no content (RFC 9110 15.3.5, 15.3.6, 15.4.5): fetch gives it no body whatever the server
// sends. One that documents `content` gets a data type the client can never fill (gitea.io
// documents a 205 with a body; the contract tests then expect data that never comes).
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

const NO_CONTENT = ['204', '205', '304'];

export const kind: DefectKind = {
  id: 'capi/no-content-status',
  severity: 'error',
  stage: 'lint',
  docs: 'A 204, 205 or 304 response that documents `content` (RFC 9110: these have none; gitea.io documents a 205 with a body): the client gets a data type it can never fill. The action removes that `content`; a shared response used for other statuses too is replaced, for this status, by its own response without content.',
  visitor: () => ({
    Operation: {
      enter(op, ctx) {
        const responses = op?.responses;
        if (!responses || typeof responses !== 'object') return;
        for (const code of NO_CONTENT) {
          if (!Object.hasOwn(responses, code)) continue;
          const raw = responses[code];
          const node = ctx.resolve(raw).node as { content?: unknown } | undefined;
          const content = node?.content;
          if (!content || typeof content !== 'object' || !Object.keys(content).length) continue;
          // a shared response (gitea.io's NotificationThreadList, also its 200s): reported where
          // this operation refers to it, which is what changes
          const shared = typeof raw?.$ref === 'string';
          ctx.report({
            message: `A ${code} response has no content (RFC 9110), yet it documents ${Object.keys(content).join(', ')}${shared ? ` (through ${raw.$ref})` : ''}: no client receives a body there.`,
            location: shared ? ctx.location.child(['responses', code]) : ctx.location.child(['responses', code, 'content']).key(),
          });
        }
      },
    },
  }),
  fix(findings, ctx) {
    const { doc } = ctx;
    let treatment: 'accept' | undefined;
    for (const f of findings) {
      const segs = typedPath(doc, parsePointer(f.pointer ?? ''));
      const node = getAt(doc, segs) as { $ref?: unknown } | undefined;
      if (segs[0] !== 'paths') {
        treatment = 'accept';
        continue;
      }
      if (typeof node?.$ref === 'string') {
        // a shared response (used for other statuses too): this status gets its own, without content
        const shared = resolveLocal(doc, node) as { description?: unknown } | undefined;
        const code = String(segs.at(-1));
        ctx.push(f, {
          target: jsonPathOf([...segs, '$ref']),
          description: `Upstream's ${code} response (${ctx.where(f)}) is ${node.$ref}, which documents content a ${code} has none of (RFC 9110): this status gets its own response without it (step 1 of 2).`,
          remove: true,
        });
        ctx.push(f, {
          target: jsonPathOf(segs),
          description: `...(step 2 of 2) the same description, no content.`,
          update: { description: typeof shared?.description === 'string' ? shared.description : `${code} (no content)` },
        });
        continue;
      }
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `Upstream documents content for a ${String(segs.at(-2))} response (${ctx.where(f)}), which has none (RFC 9110): no client receives a body there; removed.`,
        remove: true,
      });
    }
    return treatment;
  },
};
