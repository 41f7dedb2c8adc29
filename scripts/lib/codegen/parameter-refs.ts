// A parameter that is a `$ref` to another operation's parameter (`#/paths/~1v2~1account~1keys/
// get/parameters/0`, as digitalocean.com's published document has 83 of them: it was bundled
// without `components.parameters`) becomes, in openapi-typescript's output, an indexed access
// into that operation's parameter types: `paths["/v2/account/keys"]["get"]["parameters"]
// ["query"]["per_page"]`, where `query` is optional, so TS2339. liftParameterRefs gives each such
// target a place under components/parameters and points the references there, as
// type-shapes.ts does for schemas; the spec itself is not changed.
import { escapeSegment, getAt, parsePointer } from '../spec/json-pointer.ts';
import type { SpecNode } from '../spec/spec-model.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** References followed through a chain of parameters that are references themselves, at most. */
const MAX_CHAIN = 16;

/**
 * Points every parameter reference that does not name `#/components/parameters/<name>` at a
 * copy of its target there (named after the parameter's `name`; `name (2)` when taken), following
 * a chain of references. Mutates `doc`; returns what was lifted (new name → original location).
 */
export function liftParameterRefs(doc: SpecNode): Map<string, string> {
  const lists: unknown[][] = [];
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    if (Array.isArray(item.parameters)) lists.push(item.parameters);
    for (const m of METHODS) if (isObject(item[m]) && Array.isArray(item[m].parameters)) lists.push(item[m].parameters);
  }
  const lifted = new Map<string, string>(); // target pointer -> new name
  for (const list of lists) {
    for (const p of list) {
      if (!isObject(p) || typeof p.$ref !== 'string' || !p.$ref.startsWith('#/') || isComponentParameter(p.$ref)) continue;
      // the end of the chain: an inline parameter, or one under components/parameters
      let ref: string = p.$ref;
      let target: unknown = getAt(doc, parsePointer(ref));
      for (let i = 0; i < MAX_CHAIN && isObject(target) && typeof target.$ref === 'string' && !isComponentParameter(ref); i++) {
        ref = target.$ref;
        target = target.$ref.startsWith('#/') ? getAt(doc, parsePointer(target.$ref)) : undefined;
      }
      if (isComponentParameter(ref)) {
        p.$ref = ref;
        continue;
      }
      if (!isObject(target) || typeof target.$ref === 'string') continue; // dangling or external: validation names it
      let name = lifted.get(ref);
      if (name === undefined) {
        doc.components ??= {};
        doc.components.parameters ??= {};
        const taken: SpecNode = doc.components.parameters;
        const base = typeof target.name === 'string' && target.name ? target.name : 'parameter';
        name = base;
        for (let i = 2; Object.hasOwn(taken, name); i++) name = `${base} (${i})`;
        taken[name] = structuredClone(target);
        lifted.set(ref, name);
      }
      p.$ref = `#/components/parameters/${escapeSegment(name)}`;
    }
  }
  return new Map([...lifted].map(([at, name]) => [name, at]));
}

const isComponentParameter = (ref: string): boolean => {
  const seg = parsePointer(ref);
  return seg.length === 3 && seg[0] === 'components' && seg[1] === 'parameters';
};

const isObject = (v: unknown): v is SpecNode => v !== null && typeof v === 'object' && !Array.isArray(v);
