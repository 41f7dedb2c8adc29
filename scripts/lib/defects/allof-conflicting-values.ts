// capi/allof-conflicting-values: an `allOf` whose members hold one property to values that
// cannot meet: two enums (or consts) with no value in common, or two types with none. Every
// member must hold, so no value of that property is valid, and an object that must have it is
// valid nowhere. It is a narrowing written as an allOf: motaword.com's
// `allOf: [{ $ref: OperationStatus }, { properties: { status: { enum: [already_confirmed] } } }]`,
// where OperationStatus's `status` is `success` or `error`: Prism answers the 202 with a body its
// own validation refuses, and the contract test can find no valid body. The later member says
// what was meant (it narrows the shared one for this place), so the action writes the members
// again with the property left out of the earlier ones that conflict: a `$ref` member is copied
// in without it (the shared component itself is used elsewhere and stays as it is).
import { getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, SpecNode } from './types.ts';

type Resolve = (node: unknown) => unknown;
type Rec = Record<string, unknown>;

const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A node with its `$ref`s followed (bounded). */
function deref(node: unknown, resolve: Resolve): Rec | undefined {
  let n = node;
  for (let i = 0; i < 8 && isRecord(n) && typeof n.$ref === 'string'; i++) n = resolve(n);
  return isRecord(n) ? n : undefined;
}

/** The values a schema allows, where it names them (`enum`, `const`); undefined where it does not. */
function values(schema: Rec | undefined): unknown[] | undefined {
  if (!schema) return undefined;
  if (Object.hasOwn(schema, 'const')) return [schema.const];
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

/** The JSON types a schema allows, where it names them (`integer` is a `number`); undefined where it does not. */
function types(schema: Rec | undefined): Set<string> | undefined {
  const t = schema?.type;
  const list = typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : undefined;
  if (!list?.length) return undefined;
  const out = new Set(list.map((x) => (x === 'integer' ? 'number' : x)));
  if (schema?.nullable === true) out.add('null');
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Whether two property schemas cannot both hold for one value (their named values, or their types, share none). */
function conflict(a: Rec | undefined, b: Rec | undefined): boolean {
  const va = values(a);
  const vb = values(b);
  if (va && vb) return !va.some((x) => vb.some((y) => same(x, y)));
  const ta = types(a);
  const tb = types(b);
  return Boolean(ta && tb && ![...ta].some((t) => tb.has(t)));
}

/**
 * For an `allOf`, each earlier member (by index) that holds a property in conflict with a later
 * member, and the names of those properties. Only the members' own `properties` (behind `$ref`).
 */
function conflicts(all: readonly unknown[], resolve: Resolve): Map<number, string[]> {
  const props = all.map((m) => deref(m, resolve)?.properties);
  const out = new Map<number, string[]>();
  for (let i = 0; i < props.length; i++) {
    const mine = props[i];
    if (!isRecord(mine)) continue;
    for (const name of Object.keys(mine)) {
      const earlier = deref(mine[name], resolve);
      const later = props.slice(i + 1).some((p) => isRecord(p) && Object.hasOwn(p, name) && conflict(earlier, deref(p[name], resolve)));
      if (later) out.set(i, [...(out.get(i) ?? []), name]);
    }
  }
  return out;
}

export const kind: DefectKind = {
  id: 'capi/allof-conflicting-values',
  severity: 'error',
  stage: 'lint',
  docs: "An `allOf` whose members hold one property to values that cannot meet (two enums or consts with no value in common, or two types with none): no value of it is valid, so Prism answers bodies its own validation refuses and no valid body exists (motaword.com narrows a shared `OperationStatus`'s `status`, `success` or `error`, to `already_confirmed` in an allOf). The action takes the later member as meant: the members written again, the property left out of the earlier ones that conflict (a `$ref` member copied in without it; the shared component stays).",
  visitor: () => ({
    Schema: {
      enter(schema: SpecNode, ctx) {
        const all = schema?.allOf;
        if (!Array.isArray(all) || all.length < 2) return;
        const resolve: Resolve = (node) => ctx.resolve(node).node;
        const found = conflicts(all, resolve);
        if (!found.size) return;
        const names = [...new Set([...found.values()].flat())];
        ctx.report({
          message: `\`allOf\` members hold ${names.map((n) => `\`${n}\``).join(', ')} to values that cannot meet (enums, consts or types with nothing in common): no value is valid. Narrowing a shared schema is written with the property left out of the shared part.`,
          location: ctx.location.child('allOf'),
        });
      },
    },
  }),
  fix(findings, ctx) {
    const resolve: Resolve = (node) => (isRecord(node) && typeof node.$ref === 'string' ? getAt(ctx.doc, node.$ref) : node);
    for (const f of findings) {
      const segs = typedPath(ctx.doc, parsePointer(f.pointer ?? '')).slice(0, -1); // the schema, not its `allOf`
      const all = (getAt(ctx.doc, segs) as { allOf?: unknown } | undefined)?.allOf;
      if (!Array.isArray(all)) continue;
      const found = conflicts(all, resolve);
      if (!found.size) continue;
      const members = all.map((m, i) => {
        const drop = found.get(i);
        const own = deref(m, resolve);
        if (!drop || !own || !isRecord(own.properties)) return m;
        const properties = Object.fromEntries(Object.entries(own.properties).filter(([k]) => !drop.includes(k)));
        return { ...own, properties };
      });
      const names = [...new Set([...found.values()].flat())].join(', ');
      ctx.push(f, {
        target: jsonPathOf([...segs, 'allOf']),
        description: `Upstream's allOf (${ctx.where(f)}) holds ${names} to values that cannot meet, so no value is valid: the later member is what was meant (step 1 of 2: the allOf removed).`,
        remove: true,
      });
      ctx.push(f, {
        target: jsonPathOf(segs),
        description: `The members again, ${names} left out of the earlier ones that conflict (a shared member copied in without it; step 2 of 2).`,
        update: { allOf: members },
      });
    }
    return undefined;
  },
};
