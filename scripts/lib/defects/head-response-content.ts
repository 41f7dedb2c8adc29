// capi/head-response-content: a response to HEAD has no content (RFC 9110 9.3.2): the server
// sends the headers a GET would, never the body, and fetch gives none. One that documents
// `content` (Azure's specs document their `default` error body on HEAD operations) types data
// the client can never receive, and Prism's mock, which checks the empty body it sends against
// that schema, answers 500 instead: the pair cannot be tested.
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'capi/head-response-content',
  severity: 'error',
  stage: 'lint',
  docs: 'A response to a HEAD operation that documents `content` (RFC 9110: a HEAD response has none; Azure documents its `default` error body on HEAD operations): the client gets a data type it can never fill, and Prism answers 500 where it finds no body to send. The action removes that `content`; a shared response is replaced, for this operation, by its own response without content.',
  visitor: () => ({
    Operation: {
      enter(op, ctx) {
        if (String(ctx.key).toLowerCase() !== 'head') return;
        const responses = op?.responses;
        if (!responses || typeof responses !== 'object') return;
        for (const code of Object.keys(responses)) {
          const raw = responses[code];
          const node = ctx.resolve(raw).node as { content?: unknown } | undefined;
          const content = node?.content;
          if (!content || typeof content !== 'object' || !Object.keys(content).length) continue;
          // a shared response (also a GET's): reported where this operation refers to it, which is what changes
          const shared = typeof raw?.$ref === 'string';
          ctx.report({
            message: `A response to HEAD has no content (RFC 9110), yet its ${code} documents ${Object.keys(content).join(', ')}${shared ? ` (through ${raw.$ref})` : ''}: no client receives a body there.`,
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
      if (segs[0] !== 'paths' || node === undefined) {
        treatment = 'accept';
        continue;
      }
      if (typeof node?.$ref === 'string') {
        // a shared response (a GET's too): this operation gets its own, without content
        const shared = resolveLocal(doc, node) as { description?: unknown; headers?: unknown } | undefined;
        const code = String(segs.at(-1));
        ctx.push(f, {
          target: jsonPathOf([...segs, '$ref']),
          description: `Upstream's HEAD ${code} response (${ctx.where(f)}) is ${node.$ref}, which documents content a HEAD response has none of (RFC 9110): this operation gets its own response without it (step 1 of 2).`,
          remove: true,
        });
        ctx.push(f, {
          target: jsonPathOf(segs),
          description: `...(step 2 of 2) the same description and headers, no content.`,
          update: {
            description: typeof shared?.description === 'string' ? shared.description : `${code} (no content)`,
            ...(shared?.headers && typeof shared.headers === 'object' ? { headers: shared.headers } : {}),
          },
        });
        continue;
      }
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `Upstream documents content for the ${String(segs.at(-2))} response of a HEAD operation (${ctx.where(f)}), which has none (RFC 9110): no client receives a body there, and the mock answers 500 looking for one; removed.`,
        remove: true,
      });
    }
    return treatment;
  },
};
