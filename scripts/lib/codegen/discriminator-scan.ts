// openapi-typescript's scan of a document's discriminators (`scanDiscriminators`: the
// discriminator of each schema by its pointer, and the mapped schemas it patches with the
// discriminator's enum) without walking the whole document through it.
//
// Its scan walks every node of the document twice, building each node's path as a new array
// (on GitHub's spec 130 ms of CPU, most of it for examples and descriptions that hold no schema
// it acts on). What it acts on is few: nodes with a `discriminator` (its first walk), nodes with
// an `allOf` list (its second), and the schemas their references name (what it patches). So the
// document is walked here once, cheaply, for those, and openapi-typescript's own scan is run on
// a skeleton of the document: the same keys in the same order down to each of those nodes, and
// the real nodes from there (so what it patches is the document's own, and every pointer it
// makes is the one it would make in the whole document). Nodes it skips are nodes whose visit
// does nothing. Anything this does not model (a malformed discriminator, a list item that is not
// an object) runs openapi-typescript's scan on the whole document, as before, so its outcome,
// an error included, is exactly its own.
import { createRef, type GlobalContext, type OpenAPI3, scanDiscriminators } from 'openapi-typescript';
import { parseRef } from '@redocly/openapi-core/lib/ref-utils.js';

type Node = Record<string, unknown>;
type Key = string | number;
/** A tree of keys: the places of the skeleton; `leaf`: from here the document's own node. */
interface Trie {
  leaf: boolean;
  children: Map<string, Trie>;
}

const isObj = (v: unknown): v is Node => v !== null && typeof v === 'object';

/** scanDiscriminators(doc, options), with openapi-typescript's own scan run on the parts it acts on (see above). */
export function discriminatorsOf(doc: OpenAPI3, options: Parameters<typeof scanDiscriminators>[1]): GlobalContext['discriminators'] {
  const found = actedOn(doc);
  if (!found) return scanDiscriminators(doc, options);
  const trie: Trie = { leaf: false, children: new Map() };
  const add = (path: readonly Key[]) => {
    let t = trie;
    for (const at of path) {
      if (t.leaf) return;
      // an array index as the walk has it (a number) and as a pointer has it (its digits) are one key
      const key = String(at);
      let next = t.children.get(key);
      if (!next) {
        next = { leaf: false, children: new Map() };
        t.children.set(key, next);
      }
      t = next;
    }
    t.leaf = true;
  };
  for (const path of found.paths) add(path);
  for (const ref of found.refs) for (const path of resolvedPaths(doc, ref)) add(path);
  return scanDiscriminators(skeleton(doc, trie) as OpenAPI3, options);
}

/**
 * The nodes openapi-typescript's scan acts on (their paths) and the references it resolves
 * (those it may patch), or undefined when the document has something this does not model.
 */
function actedOn(doc: unknown): { paths: Key[][]; refs: string[] } | undefined {
  const paths: Key[][] = [];
  const refs: string[] = [];
  const path: Key[] = [];
  let unmodelled = false;
  const visit = (node: unknown): void => {
    if (unmodelled || !isObj(node)) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i]);
        path.pop();
      }
      return;
    }
    const discriminator = node.discriminator as Node | undefined;
    const hasDiscriminator = !!discriminator?.propertyName;
    const allOf = Array.isArray(node.allOf) ? (node.allOf as unknown[]) : undefined;
    if (hasDiscriminator || allOf) {
      paths.push(path.slice());
      if (hasDiscriminator && !discriminatorRefs(node, discriminator as Node, refs)) unmodelled = true;
      if (allOf) {
        let referring = false;
        for (const item of allOf) {
          if (!isObj(item) || ('$ref' in item && typeof item.$ref !== 'string')) unmodelled = true;
          else if ('$ref' in item) referring = true;
        }
        // the scan patches the schema at this node's own pointer, as it writes it
        if (referring) refs.push(createRef(path));
      }
    }
    for (const key of Object.keys(node)) {
      path.push(key);
      visit(node[key]);
      path.pop();
    }
  };
  visit(doc);
  return unmodelled ? undefined : { paths, refs };
}

/** Adds the references a discriminator's node names (its oneOf items, its mapping); false when they are not as modelled. */
function discriminatorRefs(node: Node, discriminator: Node, refs: string[]): boolean {
  if (Array.isArray(node.oneOf)) {
    for (const item of node.oneOf as unknown[]) {
      if (!isObj(item)) return false;
      if (!('$ref' in item)) continue;
      if (typeof item.$ref !== 'string') return false;
      refs.push(item.$ref);
    }
  }
  const mapping = discriminator.mapping;
  if (!mapping) return true;
  if (!isObj(mapping) || Array.isArray(mapping)) return false;
  for (const value in mapping) {
    const ref = mapping[value];
    if (!ref) continue;
    if (typeof ref !== 'string') return false;
    refs.push(ref);
  }
  return true;
}

/**
 * The paths of the nodes openapi-typescript's resolveRef reaches for `ref` in `doc`: the node
 * its pointer names and, when that node is itself a `$ref`, the nodes along that chain, as
 * resolveRef follows it (a key is followed while its value is truthy; a loop stops it).
 */
function resolvedPaths(doc: unknown, ref: string): Key[][] {
  const out: Key[][] = [];
  const seen = new Set<string>();
  let next: string | undefined = ref;
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    const { pointer } = parseRef(next);
    if (!pointer.length) break;
    let node: unknown = doc;
    for (const key of pointer) {
      node = isObj(node) ? node[key] : undefined;
      if (!node) break;
    }
    if (!node) break;
    out.push(pointer);
    next = isObj(node) && node.$ref ? String(node.$ref) : undefined;
  }
  return out;
}

/** A copy of `node` down to the trie's leaves (keys in the node's own order), the node's own values from there. */
function skeleton(node: unknown, trie: Trie): unknown {
  if (trie.leaf || !isObj(node)) return node;
  if (Array.isArray(node)) {
    const copy = node.slice();
    for (const [key, child] of trie.children) {
      const i = Number(key);
      if (Number.isInteger(i) && i >= 0 && i < node.length && String(i) === key) copy[i] = skeleton(node[i], child);
    }
    return copy;
  }
  const copy: Node = {};
  for (const key of Object.keys(node)) {
    const child = trie.children.get(key);
    // defined, not assigned: a key named `__proto__` stays a key
    if (child)
      Object.defineProperty(copy, key, { value: skeleton(node[key], child), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
