// An object schema with `additionalProperties: false` that is one part of an `allOf` whose other
// parts (or the schema around it) add properties: `additionalProperties` sees only the
// `properties` of its own schema object, never its siblings' (every JSON Schema draft, 2020-12
// included), so an instance with any property the other parts add is invalid, and an answer with
// a required one cannot be valid at all (31 failed pairs in one spec). The fix (lint --fix): the
// siblings' properties merged into the closed part, or the part opened where they cannot be
// listed (lint-hints.ts closedAllOfActions).
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The property names a schema adds (its own `properties`, and those of its allOf parts), resolved. */
export function addedProperties(schema, resolve, seen = new Set()) {
  const node = resolve(schema);
  if (!isObject(node) || seen.has(node)) return [];
  seen.add(node);
  const own = isObject(node.properties) ? Object.keys(node.properties) : [];
  const parts = Array.isArray(node.allOf) ? node.allOf.flatMap((p) => addedProperties(p, resolve, seen)) : [];
  return [...new Set([...own, ...parts])];
}

/** The allOf parts that are closed (`additionalProperties: false`) and the names the rest adds that each does not list. */
export function closedParts(schema, resolve) {
  if (!isObject(schema) || !Array.isArray(schema.allOf) || schema.allOf.length < 2) return [];
  const out = [];
  schema.allOf.forEach((part, i) => {
    const node = resolve(part);
    if (!isObject(node) || node.additionalProperties !== false) return;
    const listed = new Set(isObject(node.properties) ? Object.keys(node.properties) : []);
    const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
    const matches = (name) =>
      patterns.some((p) => {
        try {
          return new RegExp(p, 'u').test(name);
        } catch {
          return false;
        }
      });
    const others = [
      ...(isObject(schema.properties) ? Object.keys(schema.properties) : []),
      ...schema.allOf.flatMap((p, j) => (j === i ? [] : addedProperties(p, resolve))),
    ];
    const extra = [...new Set(others)].filter((n) => !listed.has(n) && !matches(n));
    if (extra.length) out.push({ index: i, extra });
  });
  return out;
}

export default function closedAllOfPart() {
  return {
    Schema: {
      enter(schema, ctx) {
        const resolve = (s) => ctx.resolve(s).node;
        for (const { index, extra } of closedParts(schema, resolve)) {
          ctx.report({
            message: `allOf part ${index} has \`additionalProperties: false\`, and the other parts add ${extra.map((n) => `\`${n}\``).join(', ')}: additionalProperties sees only its own schema's properties, so no value with those is valid. Merge them into that part, or open it.`,
            location: ctx.location.child(['allOf', index]),
          });
        }
      },
    },
  };
}
