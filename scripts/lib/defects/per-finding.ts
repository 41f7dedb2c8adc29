// The action builder of a kind whose findings are corrected one by one: (document, the finding's
// pointer, where, rule) -> its actions; a finding without any makes the rule one to accept.
import type { FixFunction, OverlayAction } from './types.ts';

type FindingActions = (doc: unknown, pointer: string, where: string, rule: string) => OverlayAction[];

export const perFinding =
  (actions: FindingActions): FixFunction =>
  (findings, ctx) => {
    let treatment: 'accept' | undefined;
    for (const f of findings) {
      const fix = actions(ctx.doc, f.pointer ?? '', ctx.where(f), ctx.rule);
      if (!fix.length) treatment = 'accept';
      for (const a of fix) ctx.push(f, a);
    }
    return treatment;
  };
