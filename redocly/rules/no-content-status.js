// A 204 (No Content), 205 (Reset Content) or 304 (Not Modified) response has no content
// (RFC 9110 15.3.5, 15.3.6, 15.4.5): fetch gives it no body whatever the server sends. One that
// documents `content` gets a data type the client can never fill (gitea.io documents a 205 with
// a body; the contract tests then expect data that never comes). The fix (lint --fix) removes
// that `content`.
const NO_CONTENT = ['204', '205', '304'];

export default function noContentStatus() {
  return {
    Operation: {
      enter(op, ctx) {
        const responses = op?.responses;
        if (!responses || typeof responses !== 'object') return;
        for (const code of NO_CONTENT) {
          if (!Object.hasOwn(responses, code)) continue;
          const raw = responses[code];
          const { node } = ctx.resolve(raw);
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
  };
}
