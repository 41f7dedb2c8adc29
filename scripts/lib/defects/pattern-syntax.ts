// capi/pattern-syntax: a schema `pattern` that does not compile as JSON Schema validators compile
// it (ECMA-262 with the `u` flag: Ajv in Redocly and in the contract tests, Prism's validator).
// JavaScript without `u` forgives identity escapes (`\:`) and lone braces; validators do not, and
// Prism then validates nothing against the schema (every request body passes). The reading of
// patterns is the pipeline's own (scripts/lib/lint/patterns.ts).
//
// The readings of one pattern in the pipeline: Prism's validator (Ajv's default, the `u` flag);
// ours (the spec model's Ajv, the generated validators and the fakes: AJV_OPTIONS
// `unicodeRegExp: false`, plain JavaScript); Prism's dynamic mock (json-schema-faker's randexp,
// which reads a pattern as plain JavaScript does: `\p{L}` is "p{L" and braces); its static mock
// (the literal "string", whatever the pattern). Where a rewrite compiles with `u` and means what
// the plain reading means, the action writes it; where none is known (amazonaws.com/iot-jobs-data's
// `[^\p\{C\}]*\+`, "anything ending in +" read plainly, nothing with `u`), Prism checks nothing
// and answers values our validators refuse (its static "string"), so the contract tests fail.
// The action then removes the keyword (never an acceptance, which would leave that failure).
import { printable } from '../shared/errors.ts';
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { unicodePattern, unicodeProblem } from '../lint/patterns.ts';
import { typedPath } from '../build/defect-actions.ts';
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

/**
 * Why a pattern no rewrite makes compile is removed, quoting it through the terminal guard (it
 * is the spec's text, and the description is printed).
 */
const removalReason = (pattern: string): string =>
  `Upstream \`pattern\` ${printable(pattern)} does not compile with the u flag and no rewrite is known that compiles with the same meaning: Prism's validator (u flag) then checks nothing against its schema, our validators and Prism's dynamic mock read it without the flag, and Prism's static mock answers the literal "string", so the contract tests fail on values Prism answers. Removed (the schema keeps its other constraints); write the pattern meant here instead if you know it.`;

/**
 * The action for a pattern that does not compile with the u flag, on the schema at `target`
 * (JSONPath): its rewrite (`fixed`), or its removal when there is none.
 */
function patternAction(target: string, pattern: string, fixed: string | null, foundBy: string): OverlayAction {
  if (fixed === null) return { target: `${target}.pattern`, description: removalReason(pattern), remove: true };
  return {
    target,
    description: `Upstream \`pattern\` ${printable(pattern)} does not compile as validators read it (ECMA-262 with the u flag), so ${foundBy}; the same pattern without the escapes u refuses.`,
    update: { pattern: fixed },
  };
}

/**
 * The same correction when the contract tests find it (apps/conformance cases.mjs): Prism could
 * not compile the request body schema, so it checked no body. @param pointer the schema's pointer
 */
export function unicodePatternAction(pointer: string, pattern: string, fixed: string | null): OverlayAction {
  return {
    ...patternAction(
      schemaTarget(pointer),
      pattern,
      fixed,
      'Prism checked no request body against its schema (found by the contract tests)',
    ),
    'x-fixes': ['capi/pattern-syntax', 'contract-tests'],
  };
}

export const kind: DefectKind = {
  id: 'capi/pattern-syntax',
  severity: 'error',
  stage: 'lint',
  docs: 'A schema `pattern` that does not compile as validators read it (ECMA-262 with the u flag: identity escapes such as `\\:`, lone braces): a validator that cannot compile the schema checks nothing against it (Prism then accepts any request body). The action writes the same pattern so it compiles, with the same meaning, where a mechanical rewrite is known; otherwise it removes the keyword (the readings of the pipeline then disagree: our validators read it without the u flag, the mock of Prism by the randexp of json-schema-faker, so an accepted finding would leave the contract tests failing), for a person to write the pattern meant.',
  visitor: () => ({
    Schema: {
      enter(schema, ctx) {
        const problem = unicodeProblem(schema?.pattern);
        if (!problem) return;
        const fixed = unicodePattern(schema.pattern);
        ctx.report({
          message: `\`pattern\` does not compile as JSON Schema validators read it (ECMA-262 with the u flag): ${problem}. A validator that cannot compile the schema checks nothing against it (Prism then accepts any request body). ${fixed ? `Written so it compiles, with the same meaning: ${fixed}` : 'No rewrite with the same meaning is known: --fix removes the keyword (write the pattern meant in its place).'}`,
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
      // a finding whose pattern is gone or compiles now (the document changed since): a person decides
      if (typeof pattern !== 'string' || unicodeProblem(pattern) === null) {
        treatment = 'accept';
        continue;
      }
      ctx.push(f, patternAction(jsonPathOf(segs.slice(0, -1)), pattern, unicodePattern(pattern), 'nothing was checked against its schema'));
    }
    return treatment;
  },
};
