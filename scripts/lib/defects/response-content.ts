// What the kinds of "a response that can have no content documents some" share (a response to
// HEAD: head-response-content.ts; a 204, 205 or 304: no-content-status.ts): where such content is
// reported, and the action that removes it (a shared response, referred to by $ref, is replaced
// for that operation by its own with the same description and headers, no content).
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { FixFunction, RuleContext, SpecNode } from './types.ts';

/**
 * Reports the content the response `code` of an operation's `responses` documents, if any:
 * `says(types, ref)` is the message (ref: the shared response it comes through). A shared
 * response is reported where this operation refers to it, which is what changes.
 */
export function reportContent(
  ctx: RuleContext,
  responses: SpecNode,
  code: string,
  says: (types: string, ref: string | undefined) => string,
): void {
  const raw = responses[code];
  const content = (ctx.resolve(raw).node as { content?: unknown } | undefined)?.content;
  if (!content || typeof content !== 'object' || !Object.keys(content).length) return;
  const ref = typeof raw?.$ref === 'string' ? (raw.$ref as string) : undefined;
  ctx.report({
    message: says(Object.keys(content).join(', '), ref),
    location: ref ? ctx.location.child(['responses', code]) : ctx.location.child(['responses', code, 'content']).key(),
  });
}

/** The words of each action, given the response's status (`code`) and where the finding is. */
interface Removal {
  /** step 1 of a shared response's two: its $ref removed */
  shared(code: string, ref: string, where: string): string;
  /** the content of the operation's own response removed (`code` is the response's) */
  own(code: string, where: string): string;
}

/** The action builder: each finding's content removed (a finding outside `paths`, or gone, is one to accept). */
export function removeContent(words: Removal): FixFunction {
  return (findings, ctx) => {
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
        const shared = resolveLocal(doc, node) as { description?: unknown; headers?: unknown } | undefined;
        const code = String(segs.at(-1));
        ctx.push(f, { target: jsonPathOf([...segs, '$ref']), description: words.shared(code, node.$ref, ctx.where(f)), remove: true });
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
      ctx.push(f, { target: jsonPathOf(segs), description: words.own(String(segs.at(-2)), ctx.where(f)), remove: true });
    }
    return treatment;
  };
}
