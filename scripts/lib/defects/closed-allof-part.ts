// capi/closed-allof-part: an object schema with `additionalProperties: false` that is one part of
// an `allOf` whose other parts (or the schema around it) add properties: `additionalProperties`
// sees only the `properties` of its own schema object, never its siblings' (every JSON Schema
// draft, 2020-12 included), so an instance with any property the other parts add is invalid, and
// an answer with a required one cannot be valid at all (31 failed pairs in one spec).
import { getAt, jsonPathOf, parsePointer, resolveLocal } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import { perFinding } from './per-finding.ts';
import type { DefectKind, OverlayAction, SpecNode } from './types.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// --- detection (the rule) ---------------------------------------------------------------------

/** The property names a schema adds (its own `properties`, and those of its allOf parts), resolved. */
function addedNames(schema: unknown, resolve: (s: unknown) => unknown, seen = new Set<unknown>()): string[] {
  const node = resolve(schema);
  if (!isObject(node) || seen.has(node)) return [];
  seen.add(node);
  const own = isObject(node.properties) ? Object.keys(node.properties) : [];
  const parts = Array.isArray(node.allOf) ? node.allOf.flatMap((p) => addedNames(p, resolve, seen)) : [];
  return [...new Set([...own, ...parts])];
}

/** The allOf parts that are closed (`additionalProperties: false`) and the names the rest adds that each does not list. */
function closedParts(schema: SpecNode, resolve: (s: unknown) => unknown): { index: number; extra: string[] }[] {
  if (!isObject(schema) || !Array.isArray(schema.allOf) || schema.allOf.length < 2) return [];
  const allOf: unknown[] = schema.allOf;
  const out: { index: number; extra: string[] }[] = [];
  allOf.forEach((part, i) => {
    const node = resolve(part);
    if (!isObject(node) || node.additionalProperties !== false) return;
    const listed = new Set(isObject(node.properties) ? Object.keys(node.properties) : []);
    const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
    const matches = (name: string) =>
      patterns.some((p) => {
        try {
          return new RegExp(p, 'u').test(name);
        } catch {
          return false;
        }
      });
    const others = [
      ...(isObject(schema.properties) ? Object.keys(schema.properties) : []),
      ...allOf.flatMap((p, j) => (j === i ? [] : addedNames(p, resolve))),
    ];
    const extra = [...new Set(others)].filter((n) => !listed.has(n) && !matches(n));
    if (extra.length) out.push({ index: i, extra });
  });
  return out;
}

// --- the action -------------------------------------------------------------------------------

/** The properties a schema adds (its own and its allOf parts'), name -> schema, resolved through local references. */
function addedProperties(doc: unknown, schema: unknown, seen = new Set<unknown>()): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const node = resolveLocal(doc, schema);
  if (!isObject(node) || seen.has(node)) return out;
  seen.add(node);
  if (isObject(node.properties)) for (const [k, v] of Object.entries(node.properties)) out.set(k, v);
  if (Array.isArray(node.allOf))
    for (const p of node.allOf) for (const [k, v] of addedProperties(doc, p, seen)) if (!out.has(k)) out.set(k, v);
  return out;
}

/** Whether a schema admits properties it does not name (so they cannot be listed in the closed part). */
function admitsUnnamed(doc: unknown, schema: unknown, seen = new Set<unknown>()): boolean {
  const node = resolveLocal(doc, schema);
  if (!isObject(node) || seen.has(node)) return false;
  seen.add(node);
  if (isObject(node.patternProperties) || Array.isArray(node.oneOf) || Array.isArray(node.anyOf)) return true;
  if (node.additionalProperties !== undefined && node.additionalProperties !== false) return true;
  return Array.isArray(node.allOf) && node.allOf.some((p) => admitsUnnamed(doc, p, seen));
}

/** How many `$ref`s of the document name `ref`. */
function refCount(doc: unknown, ref: string): number {
  let n = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const v of node) walk(v);
    else if (isObject(node)) {
      if (node.$ref === ref) n++;
      for (const v of Object.values(node)) walk(v);
    }
  };
  walk(doc);
  return n;
}

/**
 * capi/closed-allof-part, reported at `.../allOf/<i>`: the properties the other parts (and the
 * schema around them) add are merged into the closed part, which stays closed: the documented
 * shape, an object of those properties and no other. Where a sibling admits properties it does
 * not name (patternProperties, an open additionalProperties, a oneOf/anyOf), they cannot be
 * listed, and the part is opened instead (its `additionalProperties: false` removed). A part that
 * is a `$ref` is changed where it is defined when nothing else refers to it; otherwise this
 * allOf gets its own copy of it, so the other uses keep their shape.
 */
function closedAllOfActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const index = segs.at(-1);
  if (segs.at(-2) !== 'allOf' || typeof index !== 'number') return [];
  const schemaSegs = segs.slice(0, -2);
  const schema = getAt(doc, schemaSegs);
  if (!isObject(schema) || !Array.isArray(schema.allOf)) return [];
  const raw = schema.allOf[index];
  const part = resolveLocal(doc, raw);
  if (!isObject(part) || part.additionalProperties !== false) return [];
  const listed = isObject(part.properties) ? part.properties : {};
  const siblings = [
    ...(isObject(schema.properties) ? [{ properties: schema.properties }] : []),
    ...schema.allOf.filter((_, j) => j !== index),
  ];
  const extra: Obj = {};
  for (const s of siblings)
    for (const [k, v] of addedProperties(doc, s)) if (!Object.hasOwn(listed, k) && !Object.hasOwn(extra, k)) extra[k] = v;
  const open = siblings.some((s) => admitsUnnamed(doc, s));
  if (!Object.keys(extra).length && !open) return [];
  const names = Object.keys(extra)
    .map((n) => `\`${n}\``)
    .join(', ');
  const why = `Upstream's allOf part ${index} (${where}) has \`additionalProperties: false\`, which sees only its own properties, so no value with ${names || 'the properties its siblings admit'} is valid (every answer that has them fails)`;
  const fixes = { 'x-fixes': [rule] };
  const ref = isObject(raw) && typeof raw.$ref === 'string' && raw.$ref.startsWith('#') ? raw.$ref : null;
  // the part as a node the overlay can change: inline, or the definition nothing else refers to
  const own = !ref
    ? [...segs]
    : refCount(doc, ref) === 1 && isObject(getAt(doc, parsePointer(ref)))
      ? typedPath(doc, parsePointer(ref))
      : null;
  if (own) {
    return open
      ? [
          {
            target: jsonPathOf([...own, 'additionalProperties']),
            description: `${why}; its siblings admit properties no list can name, so the part is opened.`,
            remove: true,
            ...fixes,
          },
        ]
      : [
          {
            target: jsonPathOf(own),
            description: `${why}; the siblings' properties are merged into it, so it stays closed over the documented shape.`,
            update: { properties: extra },
            ...fixes,
          },
        ];
  }
  // a shared definition: this allOf gets its own copy, merged or opened
  const copy: Obj = structuredClone(part);
  if (open) delete copy.additionalProperties;
  else copy.properties = { ...listed, ...extra };
  return [
    {
      target: jsonPathOf([...segs, '$ref']),
      description: `${why}; ${ref} is shared, so this allOf gets its own copy of it (step 1 of 2).`,
      remove: true,
      ...fixes,
    },
    {
      target: jsonPathOf(segs),
      description: open
        ? '...(step 2 of 2) the copy, opened (its siblings admit properties no list can name).'
        : "...(step 2 of 2) the copy, with the siblings' properties merged in.",
      update: copy,
      ...fixes,
    },
  ];
}

export const kind: DefectKind = {
  id: 'capi/closed-allof-part',
  severity: 'error',
  stage: 'lint',
  docs: "A closed `allOf` part (`additionalProperties: false`) whose siblings add properties: `additionalProperties` sees only its own schema's properties, so no value with the siblings' properties is valid (31 failed pairs in one spec). The action merges the siblings' properties into the closed part, or opens it where they cannot be listed (a sibling with patternProperties, an open additionalProperties, a oneOf/anyOf); a shared part referred to elsewhere is copied into this allOf first.",
  visitor: () => ({
    Schema: {
      enter(schema, ctx) {
        const resolve = (s: unknown) => ctx.resolve(s).node;
        for (const { index, extra } of closedParts(schema, resolve)) {
          ctx.report({
            message: `allOf part ${index} has \`additionalProperties: false\`, and the other parts add ${extra.map((n) => `\`${n}\``).join(', ')}: additionalProperties sees only its own schema's properties, so no value with those is valid. Merge them into that part, or open it.`,
            location: ctx.location.child(['allOf', index]),
          });
        }
      },
    },
  }),
  fix: perFinding(closedAllOfActions),
};
