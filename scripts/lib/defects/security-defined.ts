// security-defined (Redocly's built-in rule, found by Redocly): a spec whose operations require no
// security. Where it defines schemes the client can send, the calls need them (never anonymous
// behind the user's back); where it defines none, we state that calls are anonymous; where it
// defines only schemes the client cannot send (HTTP digest, mutual TLS), a person says.
import type { DefectKind, OverlayAction } from './types.ts';

const child = (node: unknown, key: string | number): unknown => (node as Record<string | number, unknown> | null | undefined)?.[key];

/** The schemes under components.securitySchemes a client can send (API key, HTTP bearer or basic, OAuth 2, OpenID Connect), in order. */
function applicableSchemes(doc: unknown): string[] {
  const schemes = child(child(doc, 'components'), 'securitySchemes');
  if (!schemes || typeof schemes !== 'object') return [];
  return Object.entries(schemes)
    .filter(([, s]) => {
      const type = child(s, 'type');
      const scheme = String(child(s, 'scheme') ?? '');
      return type === 'apiKey' || type === 'oauth2' || type === 'openIdConnect' || (type === 'http' && /^(bearer|basic)$/i.test(scheme));
    })
    .map(([name]) => name);
}

/**
 * The action for a spec that defines security schemes but requires none (security-defined):
 * the document's `security` becomes one alternative per scheme the client can send, so every
 * credential option the scaffold offers (provider-add.ts authOptions: each optional, as the
 * alternatives are) is sent, and an operation without credentials is refused by the client
 * instead of going out anonymous. Writing `security: [{}]` instead would make the API anonymous
 * behind the user's back while the client still asks for its credentials.
 */
function definedSchemesAction(doc: unknown): OverlayAction {
  const names = applicableSchemes(doc);
  return {
    target: '$',
    description: `Upstream defines the security schemes ${names.join(', ')} but requires none; we apply them, as alternatives, to every operation that names no security of its own, so the credentials the client is given are sent. If some calls are anonymous, give those operations \`security: []\` (and say why here).`,
    update: { security: names.map((n) => ({ [n]: [] })) },
  };
}

export const kind: DefectKind = {
  id: 'security-defined',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's security-defined: operations that require no security. A spec that defines schemes the client can send gets them applied, as alternatives, to every operation that names no security of its own (so the credentials the client is given are sent); one without any scheme gets `security: [{}]`, stating that calls are anonymous; one whose only schemes the client cannot send (HTTP digest, mutual TLS) is left to a person (accept the rule with a reason).",
  fix(findings, ctx) {
    const { doc } = ctx;
    if (applicableSchemes(doc).length) {
      ctx.push(findings[0], definedSchemesAction(doc));
      return undefined;
    }
    // only schemes the client cannot send: whether calls are anonymous is for a person to say
    if (Object.keys(child(child(doc, 'components'), 'securitySchemes') ?? {}).length) return 'accept';
    ctx.push(findings[0], {
      target: '$',
      description:
        'Upstream declares no security requirement at all and defines no scheme; we state that calls are anonymous. If the provider does need credentials, define its scheme under components.securitySchemes and name it here instead.',
      update: { security: [{}] },
    });
    return undefined;
  },
};
