// capi/no-content-status: a 204 (No Content), 205 (Reset Content) or 304 (Not Modified) response
// has no content (RFC 9110 15.3.5, 15.3.6, 15.4.5): fetch gives it no body whatever the server
// sends. One that documents `content` gets a data type the client can never fill (gitea.io
// documents a 205 with a body; the contract tests then expect data that never comes).
import { removeContent, reportContent } from './response-content.ts';
import type { DefectKind } from './types.ts';

const NO_CONTENT = ['204', '205', '304'];

export const kind: DefectKind = {
  id: 'capi/no-content-status',
  severity: 'error',
  stage: 'lint',
  docs: 'A 204, 205 or 304 response that documents `content` (RFC 9110: these have none; gitea.io documents a 205 with a body): the client gets a data type it can never fill. The action removes that `content`; a shared response used for other statuses too is replaced, for this status, by its own response with the same description and headers, without content.',
  visitor: () => ({
    Operation: {
      enter(op, ctx) {
        const responses = op?.responses;
        if (!responses || typeof responses !== 'object') return;
        // a shared response (gitea.io's NotificationThreadList, also its 200s) is reported where
        // this operation refers to it, which is what changes
        for (const code of NO_CONTENT)
          if (Object.hasOwn(responses, code))
            reportContent(
              ctx,
              responses,
              code,
              (types, ref) =>
                `A ${code} response has no content (RFC 9110), yet it documents ${types}${ref ? ` (through ${ref})` : ''}: no client receives a body there.`,
            );
      },
    },
  }),
  // a shared response (used for other statuses too): this status gets its own, without content
  fix: removeContent({
    shared: (code, ref, where) =>
      `Upstream's ${code} response (${where}) is ${ref}, which documents content a ${code} has none of (RFC 9110): this status gets its own response without it (step 1 of 2).`,
    own: (code, where) =>
      `Upstream documents content for a ${code} response (${where}), which has none (RFC 9110): no client receives a body there; removed.`,
  }),
};
