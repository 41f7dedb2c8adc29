// Bodies made from one valid value, for tests that hold two validators of one schema to the same
// verdicts and errors (own-validators.test.mjs, ajv-reached.test.mjs): the value, whole values of
// other types, and each place of it set to other values, removed, or added to (mostly invalid).

/**
 * `value` and its mutations: `wholes` in its place; at each place inside it, each of `others`,
 * the place removed (an item spliced out, a field deleted), and an object given `added`'s fields
 * or a list `appended(list)`'s items.
 */
export function mutations(value, { wholes, others, added, appended }) {
  const out = [value, ...wholes];
  const places = [];
  const walk = (v, path) => {
    places.push(path);
    if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], [...path, k]);
  };
  walk(value, []);
  const edit = (path, fn) => {
    const copy = structuredClone(value);
    const parent = path.slice(0, -1).reduce((o, k) => o[k], copy);
    fn(parent, path[path.length - 1]);
    return copy;
  };
  for (const path of places.filter((p) => p.length)) {
    for (const other of others) {
      out.push(
        edit(path, (parent, key) => {
          parent[key] = other;
        }),
      );
    }
    out.push(
      edit(path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }),
    );
    out.push(
      edit(path, (parent, key) => {
        const v = parent[key];
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(v, added);
        else if (Array.isArray(v)) v.push(...appended(v));
      }),
    );
  }
  return out;
}
