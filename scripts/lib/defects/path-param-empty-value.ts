// capi/path-param-empty-value: a path parameter whose `enum` admits '', '.' or '..': sent as a
// path segment, such a value changes the path (an empty segment, or one URL resolution removes),
// so the client refuses to send it (packages/core) and no server route can read it (cpy.re
// peertube documents '' as "no filter" for /api/v1/jobs/{state}). The action takes those values
// out of the enum.
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, RuleContext, SpecNode } from './types.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const BAD: readonly unknown[] = ['', '.', '..'];

/** The values of a path parameter's enum that would change the path. */
const pathChangingValues = (schema: unknown): unknown[] =>
  isObject(schema) && Array.isArray(schema.enum) ? schema.enum.filter((v) => BAD.includes(v)) : [];

// --- a path parameter whose enum admits a value that changes the path ------------------------------

/** capi/path-param-empty-value, reported at `.../schema/enum`: '', '.' and '..' out of the enum (removed and written again). */
function pathParamEmptyValueActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const values = getAt(doc, segs);
  if (segs.at(-1) !== 'enum' || !Array.isArray(values)) return [];
  const kept = values.filter((v) => !['', '.', '..'].includes(v as string));
  if (kept.length === values.length) return [];
  const why = `Upstream's path parameter (${where}) admits ${values
    .filter((v) => !kept.includes(v))
    .map((v) => JSON.stringify(v))
    .join(', ')}, which as a path segment changes the path: no client can send it`;
  return [
    {
      target: jsonPathOf(segs),
      description: `${why}; taken out of the enum${kept.length ? ' (step 1 of 2)' : ''}.`,
      remove: true,
      'x-fixes': [rule],
    },
    ...(kept.length
      ? [
          {
            target: jsonPathOf(segs.slice(0, -1)),
            description: '...(step 2 of 2) the other values.',
            update: { enum: kept },
            'x-fixes': [rule],
          },
        ]
      : []),
  ];
}

export const kind: DefectKind = {
  id: 'capi/path-param-empty-value',
  severity: 'error',
  stage: 'lint',
  docs: "A path parameter whose `enum` admits '', '.' or '..': as a path segment such a value changes the path, so the client refuses to send it and no route can read it (cpy.re peertube documents '' as \"no filter\"). The action takes those values out of the enum (removed and written again without them, or removed when nothing is left).",
  visitor: () => ({
    Parameter: {
      enter(param: SpecNode, ctx: RuleContext) {
        if (param?.in !== 'path' || !param.schema) return;
        const { node: schema, location } = ctx.resolve(param.schema) as { node: unknown; location?: RuleContext['location'] };
        const bad = pathChangingValues(schema);
        if (!bad.length) return;
        ctx.report({
          message: `The path parameter \`${param.name}\` admits ${bad.map((v) => JSON.stringify(v)).join(', ')}: as a path segment it would change the path, so no client can send it. Take it out of the enum.`,
          // a $ref'd schema where it is defined; an inline one under the parameter
          location: (typeof param.schema.$ref === 'string' && location ? location : ctx.location.child('schema')).child('enum'),
        });
      },
    },
  }),
  fix: perFinding(pathParamEmptyValueActions),
};
