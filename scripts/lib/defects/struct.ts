// struct (Redocly's structural findings, found by Redocly): what each means for generation is
// worked out by generation-checks.ts structKind (an unknown keyword, `nullable` without a type,
// a `type` that is no type name, ...), which also gives the mechanical correction where there is
// one; generation stops with the same actions. Findings that are all OAS 3.0 `nullable` get
// capi/no-oas30-keywords' correction.
import { structKind } from '../codegen/generation-checks.ts';
import { nullableFix } from './no-oas30-keywords.ts';
import type { DefectFinding, DefectKind } from './types.ts';

export const kind: DefectKind = {
  id: 'struct',
  severity: 'error',
  stage: 'generation',
  docs: "Redocly's structural findings (`struct`): an unknown keyword (removed; in OAS 3.1 an annotation, not a finding), `nullable: false` without a type (removed), OAS 3.0 `nullable` (written the 3.1 way, or dropped without a type), a `type` that holds a whole schema (unwrapped) or is Swagger's `file` (a binary string). A schema `$ref` that points at a parameter, header, response, request body or media type makes Redocly report that object's own keywords: the reference is the defect, so nothing of the object is removed (the findings are accepted; point the `$ref` at a schema by hand). A value of the wrong type (`maxLength: \"10\"`, `pattern: 0`) is written as its type asks where that loses nothing, else removed from its schema. Those that change the generated types stop generation with the same actions; one that stops generation and has no action is left open for a person to correct in the overlay (accepting it would not help: generation refuses the spec either way); the others are accepted with a reason or corrected by hand.",
  fix(findings, ctx) {
    if (findings.every((f) => /nullable/.test(f.message))) return nullableFix(findings, ctx);
    // each kind of structural finding gets its mechanical correction where it has one; the
    // others are accepted with a reason or corrected by hand
    const structCtx = { schemas: null, refs: null };
    const unfixed: DefectFinding[] = [];
    // a finding that stops generation (codegen's validateSpec) stops it whatever redocly.yaml
    // accepts: accepting it would only move the failure from lint to the build
    let byHand = false;
    let added = 0;
    for (const f of findings) {
      const found = structKind(f, ctx.doc, structCtx);
      const fix = found.fix ?? [];
      if (!fix.length && found.blocking) byHand = true;
      else if (!fix.length) unfixed.push(f);
      for (const a of fix) added += ctx.push(f, a);
    }
    if (!added && !byHand) return 'accept';
    if (unfixed.length) ctx.acceptSome(unfixed);
    return byHand ? 'by-hand' : undefined;
  },
};
