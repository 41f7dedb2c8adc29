// What openapi-typescript cannot express on its own, made expressible before or after it runs.
// Both are about how its output refers to schemas:
//
//   - A `$ref` into a schema (`#/components/schemas/Item/definitions/itemType`, `.../allOf/0/
//     properties/lines`) becomes an indexed access into the TypeScript type of that schema
//     (`components["schemas"]["Item"]["definitions"]["itemType"]`): TS2339 when the path is not
//     a property path of the type, TS2502 when the access goes through the referring schema's
//     own type. liftNestedRefs makes each such target a component schema of its own (named after
//     where it is) and points the references at it; the spec itself is not changed.
//   - A component whose type refers to itself outside an object type (`Tree: Tree[]`,
//     `Json: string | Json[]`, via other components too) is legal recursion, but inside the
//     `components` interface TypeScript resolves it eagerly: TS2502. hoistRecursiveMembers moves
//     such members into type aliases, where TypeScript defers array and tuple elements.
import ts from 'typescript';
import { escapeSegment, getAt, parsePointer } from '../spec/json-pointer.ts';
import { schemaRefs, walkSchemaInside } from '../spec/schema-walk.ts';
import type { SpecNode } from '../spec/spec-model.ts';
import type { SchemaRefs } from '../defects/types.ts';

/**
 * Gives every schema that a `$ref` reaches inside another schema (or anywhere but directly under
 * components/schemas) a place of its own under components/schemas, and points the references
 * there. Mutates `doc`; returns what was lifted (new name → original location). `refs`: the
 * document's schemaRefs (spec/schema-walk.ts) as it is now, when the caller has them already.
 */
export function liftNestedRefs(doc: SpecNode, refs: SchemaRefs = schemaRefs(doc)): Map<string, string> {
  const holders: { node: SpecNode; seg: string[] }[] = [];
  for (const { node } of refs) {
    if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) continue;
    const seg = parsePointer(node.$ref);
    if (seg.length === 3 && seg[0] === 'components' && seg[1] === 'schemas') continue;
    if (getAt(doc, seg) === undefined) continue; // dangling: validation names it
    holders.push({ node, seg });
  }
  const lifted = new Map<string, string>(); // original location (escaped) -> new name
  if (!holders.length) return lifted;
  doc.components ??= {};
  doc.components.schemas ??= {};
  const schemas: SpecNode = doc.components.schemas;
  const nameFor = (seg: string[]): string => {
    const key = seg.map(escapeSegment).join('/');
    const known = lifted.get(key);
    if (known !== undefined) return known;
    const within = seg[0] === 'components' && seg[1] === 'schemas' ? seg.slice(2) : seg;
    let name = within.join('/');
    for (let i = 2; Object.hasOwn(schemas, name); i++) name = `${within.join('/')} (${i})`;
    lifted.set(key, name);
    schemas[name] = structuredClone(getAt(doc, seg));
    return name;
  };
  for (const { seg } of holders) nameFor(seg);
  // every reference at a schema position, the lifted copies' own included, now points at the
  // copy: those the walk found, and those inside the copies (each a copy of a schema the walk
  // reached, so walking the document again would find nothing else)
  const again: SpecNode[] = refs.flatMap(({ node }) => (typeof node.$ref === 'string' && node.$ref.startsWith('#') ? [node] : []));
  for (const name of lifted.values())
    walkSchemaInside(doc, ['components', 'schemas', name], (node) => {
      if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) again.push(node);
    });
  for (const node of again) {
    const name = lifted.get(parsePointer(node.$ref).map(escapeSegment).join('/'));
    if (name !== undefined) node.$ref = `#/components/schemas/${escapeSegment(name)}`;
  }
  return new Map([...lifted].map(([at, name]) => [name, `#/${at}`]));
}

/** `components["<group>"]["<name>"]` → [group, name], else null. */
function componentRef(node: ts.Node): [group: string, name: string] | null {
  if (!ts.isIndexedAccessTypeNode(node)) return null;
  const inner = node.objectType;
  if (!ts.isIndexedAccessTypeNode(inner)) return null;
  const root = inner.objectType;
  if (!ts.isTypeReferenceNode(root) || !ts.isIdentifier(root.typeName) || root.typeName.text !== 'components') return null;
  const lit = (n: ts.TypeNode) => (ts.isLiteralTypeNode(n) && ts.isStringLiteral(n.literal) ? n.literal.text : null);
  const group = lit(inner.indexType);
  const name = lit(node.indexType);
  return group !== null && name !== null ? [group, name] : null;
}

const memberName = (m: ts.TypeElement) => (m.name && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name)) ? m.name.text : null);

/**
 * The component references of a type that TypeScript resolves when it resolves the type itself:
 * everything but the members of object types. `array` says whether an array or tuple element
 * lies between (deferred once the type is an alias).
 */
function eagerRefs(type: ts.TypeNode): { key: string; array: boolean }[] {
  const out: { key: string; array: boolean }[] = [];
  const visit = (n: ts.Node, array: boolean): void => {
    if (ts.isTypeLiteralNode(n) || ts.isMappedTypeNode(n)) return;
    const ref = componentRef(n);
    if (ref) {
      out.push({ key: ref.join('\0'), array });
      return;
    }
    if (ts.isArrayTypeNode(n)) {
      visit(n.elementType, true);
      return;
    }
    if (ts.isTupleTypeNode(n)) {
      for (const e of n.elements) visit(e, true);
      return;
    }
    ts.forEachChild(n, (c) => visit(c, array));
  };
  visit(type, false);
  return out;
}

/** Strongly connected components (Tarjan) of `graph` (key → [key]) that hold a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  // v and w are numbered by then (NaN, what Math.min made of a missing number, never happens)
  const num = (m: Map<string, number>, v: string) => m.get(v) ?? Number.NaN;
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(num(low, v), num(low, w)));
      } else if (on.has(w)) low.set(v, Math.min(num(low, v), num(idx, w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break; // never: v is on the stack
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

/**
 * Rewrites openapi-typescript's statements so recursive components compile: each member of the
 * `components` interface that is part of an eager cycle becomes `export type <alias> = ...` (its
 * references to the other members of the cycle pointing at their aliases) and the member refers
 * to the alias. Returns the new statements and the cycles no alias can express (a type that is
 * itself without an array or object between: the spec's own schema loops; see
 * generation-checks.ts), as lists of `group/name`.
 */
export function hoistRecursiveMembers(statements: ts.Node[]): { statements: ts.Node[]; unexpressible: string[][] } {
  const iface = statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'components');
  if (!iface) return { statements, unexpressible: [] };
  const members = new Map<string, { group: string; name: string; type: ts.TypeNode }>(); // key -> member
  for (const g of iface.members) {
    const group = memberName(g);
    if (!group || !ts.isPropertySignature(g) || !g.type || !ts.isTypeLiteralNode(g.type)) continue;
    for (const m of g.type.members) {
      const name = memberName(m);
      if (name !== null && ts.isPropertySignature(m) && m.type) members.set(`${group}\0${name}`, { group, name, type: m.type });
    }
  }
  const graph = new Map([...members].map(([k, m]) => [k, eagerRefs(m.type).map((r) => r.key)]));
  const hoisted = new Set(cycles(graph).flat());
  if (!hoisted.size) return { statements, unexpressible: [] };
  // a key of a cycle is a key of `members` (cycles only follows the graph's own keys)
  const member = (k: string) => {
    const m = members.get(k);
    if (!m) throw new Error(`hoistRecursiveMembers: no member ${k}`);
    return m;
  };
  // what stays circular as aliases: cycles of references with no array or tuple element between
  const direct = new Map(
    [...hoisted].map((k) => [
      k,
      eagerRefs(member(k).type)
        .filter((r) => !r.array)
        .map((r) => r.key),
    ]),
  );
  const unexpressible = cycles(direct).map((scc) => scc.map((k) => k.replace('\0', '/')));

  const taken = new Set(
    statements.flatMap((s) => (ts.isDeclarationStatement(s) && s.name && ts.isIdentifier(s.name) ? [s.name.text] : [])),
  );
  const aliasOf = new Map<string, string>();
  for (const k of hoisted) {
    const { group, name } = member(k);
    const base = `Recursive_${group}_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
    let alias = base;
    for (let i = 2; taken.has(alias); i++) alias = `${base}_${i}`;
    taken.add(alias);
    aliasOf.set(k, alias);
  }
  const toAliases = (type: ts.TypeNode): ts.TypeNode =>
    ts.transform(type, [
      (ctx) => {
        const visit = (n: ts.Node): ts.Node => {
          const ref = componentRef(n);
          const alias = ref && aliasOf.get(ref.join('\0'));
          if (alias) return ts.factory.createTypeReferenceNode(alias);
          return ts.visitEachChild(n, visit, ctx);
        };
        return (root) => ts.visitNode(root, visit, ts.isTypeNode);
      },
    ]).transformed[0];
  // aliasOf has every hoisted key, in the same order
  const aliases = [...aliasOf].map(([k, aliasName]) => {
    const { group, name, type } = member(k);
    const alias = ts.factory.createTypeAliasDeclaration(
      [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)],
      aliasName,
      undefined,
      toAliases(type),
    );
    return ts.addSyntheticLeadingComment(
      alias,
      ts.SyntaxKind.MultiLineCommentTrivia,
      `* components["${group}"]["${name}"]: recursive, so a type alias (TypeScript defers its array elements). `,
      true,
    );
  });
  const rewriteGroup = (g: ts.PropertySignature): ts.PropertySignature => {
    const group = memberName(g);
    if (!group || !g.type || !ts.isTypeLiteralNode(g.type)) return g;
    const inner = g.type.members.map((m) => {
      const alias = aliasOf.get(`${group}\0${memberName(m)}`);
      if (!alias || !ts.isPropertySignature(m)) return m;
      return ts.factory.updatePropertySignature(m, m.modifiers, m.name, m.questionToken, ts.factory.createTypeReferenceNode(alias));
    });
    return ts.factory.updatePropertySignature(
      g,
      g.modifiers,
      g.name,
      g.questionToken,
      ts.factory.updateTypeLiteralNode(g.type, ts.factory.createNodeArray(inner)),
    );
  };
  const newIface = ts.factory.updateInterfaceDeclaration(
    iface,
    iface.modifiers,
    iface.name,
    iface.typeParameters,
    iface.heritageClauses,
    iface.members.map((g) => (ts.isPropertySignature(g) ? rewriteGroup(g) : g)),
  );
  const out: ts.Node[] = [];
  for (const s of statements) {
    out.push(s === iface ? newIface : s);
    if (s === iface) out.push(...aliases);
  }
  return { statements: out, unexpressible };
}
