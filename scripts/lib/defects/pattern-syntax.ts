// capi/pattern-syntax: a schema `pattern` that does not compile as JSON Schema validators compile
// it (ECMA-262 with the `u` flag: Ajv in Redocly and in the contract tests, Prism's validator).
// JavaScript without `u` forgives identity escapes (`\:`) and lone braces; validators do not, and
// Prism then validates nothing against the schema (every request body passes). The reading of
// patterns is the pipeline's own (scripts/lib/lint/patterns.ts).
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { unicodePattern, unicodeProblem } from '../lint/patterns.ts';
import { typedPath } from '../build/defect-actions.ts';
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/**
 * The same correction when the contract tests find it (apps/conformance cases.mjs): Prism could
 * not compile the request body schema, so it checked no body. @param pointer the schema's pointer
 */
export function unicodePatternAction(pointer: string, pattern: string, fixed: string): OverlayAction {
  return {
    target: schemaTarget(pointer),
    description: `Upstream \`pattern\` ${pattern} does not compile as validators read it (ECMA-262 with the u flag), so Prism checked no request body against its schema (found by the contract tests); the same pattern without the escapes u refuses.`,
    update: { pattern: fixed },
    'x-fixes': ['capi/pattern-syntax', 'contract-tests'],
  };
}

export const kind: DefectKind = {
  id: 'capi/pattern-syntax',
  severity: 'error',
  stage: 'lint',
  docs: 'A schema `pattern` that does not compile as validators read it (ECMA-262 with the u flag: identity escapes such as `\\:`, lone braces): a validator that cannot compile the schema checks nothing against it (Prism then accepts any request body). The action writes the same pattern so it compiles, with the same meaning, where a mechanical rewrite is known; otherwise the rule is accepted for a person to rewrite it.',
  visitor: () => ({
    Schema: {
      enter(schema, ctx) {
        const problem = unicodeProblem(schema?.pattern);
        if (!problem) return;
        const fixed = unicodePattern(schema.pattern);
        ctx.report({
          message: `\`pattern\` does not compile as JSON Schema validators read it (ECMA-262 with the u flag): ${problem}. A validator that cannot compile the schema checks nothing against it (Prism then accepts any request body). ${fixed ? `Written so it compiles, with the same meaning: ${fixed}` : 'Rewrite it (no mechanical rewrite is known here).'}`,
          location: ctx.location.child('pattern'),
        });
      },
    },
  }),
  fix(findings, ctx) {
    let treatment: 'accept' | undefined;
    for (const f of findings) {
      const segs = typedPath(ctx.doc, parsePointer(f.pointer ?? ''));
      const pattern = getAt(ctx.doc, segs);
      const fixed = unicodePattern(pattern);
      if (!fixed) {
        treatment = 'accept';
        continue;
      }
      ctx.push(f, {
        target: jsonPathOf(segs.slice(0, -1)),
        description: `Upstream \`pattern\` ${pattern} does not compile as validators read it (ECMA-262 with the u flag), so nothing was checked against its schema; the same pattern without the escapes u refuses.`,
        update: { pattern: fixed },
      });
    }
    return treatment;
  },
};
