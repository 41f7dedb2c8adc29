// capi/head-response-content: a response to HEAD has no content (RFC 9110 9.3.2): the server
// sends the headers a GET would, never the body, and fetch gives none. One that documents
// `content` (Azure's specs document their `default` error body on HEAD operations) types data
// the client can never receive, and Prism's mock, which checks the empty body it sends against
// that schema, answers 500 instead: the pair cannot be tested.
import { removeContent, reportContent } from './response-content.ts';
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
        for (const code of Object.keys(responses))
          reportContent(
            ctx,
            responses,
            code,
            (types, ref) =>
              `A response to HEAD has no content (RFC 9110), yet its ${code} documents ${types}${ref ? ` (through ${ref})` : ''}: no client receives a body there.`,
          );
      },
    },
  }),
  // a shared response (a GET's too): this operation gets its own, without content
  fix: removeContent({
    shared: (code, ref, where) =>
      `Upstream's HEAD ${code} response (${where}) is ${ref}, which documents content a HEAD response has none of (RFC 9110): this operation gets its own response without it (step 1 of 2).`,
    own: (code, where) =>
      `Upstream documents content for the ${code} response of a HEAD operation (${where}), which has none (RFC 9110): no client receives a body there, and the mock answers 500 looking for one; removed.`,
  }),
};
