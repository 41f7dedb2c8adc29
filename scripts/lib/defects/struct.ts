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
  docs: "Redocly's structural findings (`struct`): an unknown keyword (removed; in OAS 3.1 an annotation, not a finding), `nullable: false` without a type (removed), OAS 3.0 `nullable` (written the 3.1 way, or dropped without a type), a `type` that holds a whole schema (unwrapped) or is Swagger's `file` (a binary string). Those that change the generated types stop generation with the same actions; the others are accepted with a reason or corrected by hand.",
  fix(findings, ctx) {
    if (findings.every((f) => /nullable/.test(f.message))) return nullableFix(findings, ctx);
    // each kind of structural finding gets its mechanical correction where it has one; the
    // others are accepted with a reason or corrected by hand
    const structCtx = { schemas: null, refs: null };
    const unfixed: DefectFinding[] = [];
    let added = 0;
    for (const f of findings) {
      const fix = structKind(f, ctx.doc, structCtx).fix ?? [];
      if (!fix.length) unfixed.push(f);
      for (const a of fix) added += ctx.push(f, a);
    }
    if (!added) return 'accept';
    if (unfixed.length) ctx.acceptSome(unfixed);
    return undefined;
  },
};
