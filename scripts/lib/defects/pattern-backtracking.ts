// capi/pattern-backtracking: a schema `pattern` that backtracks catastrophically (a group repeated
// without bound around content repeated without bound, `([\w.-]*)*`): every regex engine the
// pipeline uses (Ajv in Redocly and in the contract tests, Prism's validator) takes exponential
// time on a string that does not match. The rule reports it; the preprocessor, which only the lint
// stage enables (scripts/lib/lint/lint.ts, never `redocly bundle`, which would change the effective
// spec behind the overlay's back), swaps in the equivalent linear pattern while linting, so the
// example rules finish with the same findings. The reading of patterns is the pipeline's own
// (scripts/lib/lint/patterns.ts).
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { backtracks, linearPattern } from '../lint/patterns.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, Rule } from './types.ts';

/** The pattern a schema had before the preprocessor made it linear. */
const original = new WeakMap<object, string>();

const safePatterns: Rule = () => ({
  Schema: {
    enter(schema) {
      if (!schema || typeof schema.pattern !== 'string' || !backtracks(schema.pattern)) return;
      const linear = linearPattern(schema.pattern);
      if (!linear) return;
      original.set(schema, schema.pattern);
      schema.pattern = linear;
    },
  },
});

export const kind: DefectKind = {
  id: 'capi/pattern-backtracking',
  severity: 'error',
  stage: 'lint',
  docs: 'A schema `pattern` that backtracks catastrophically (a repeated group around repeated content, `([\\w.-]*)*`, or around alternatives sharing a character, `(\\w|\\d)+`, or spelling one string in two ways, `(a|aa)+`): every validator the pipeline uses takes exponential time on a value that does not match. The action writes the same language without the nested repetition where one is known; otherwise the rule is accepted for a person to simplify it. While linting, a preprocessor swaps in the linear pattern so the example rules finish.',
  preprocessor: { id: 'safe-patterns', visitor: safePatterns },
  visitor: () => ({
    Schema: {
      enter(schema, ctx) {
        const pattern = (schema && typeof schema === 'object' ? original.get(schema) : undefined) ?? schema?.pattern;
        if (typeof pattern !== 'string' || !backtracks(pattern)) return;
        const linear = linearPattern(pattern);
        ctx.report({
          message: `\`pattern\` backtracks catastrophically (a repeated group around repeated content, or around alternatives that share a character or spell one string in two ways): a validator takes exponential time on a value that does not match. ${linear ? `The same pattern without the nesting: ${linear}` : 'Simplify it (no equivalent linear pattern is known here).'}`,
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
      // linearPattern answers null for anything but a string that backtracks
      const linear = typeof pattern === 'string' ? linearPattern(pattern) : null;
      if (!linear) {
        treatment = 'accept';
        continue;
      }
      ctx.push(f, {
        target: jsonPathOf(segs.slice(0, -1)),
        description: `Upstream \`pattern\` ${pattern} backtracks catastrophically (a validator takes exponential time on a value that does not match); the same language without the nested repetition.`,
        update: { pattern: linear },
      });
    }
    return treatment;
  },
};
