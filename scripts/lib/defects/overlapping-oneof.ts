// contract-tests/overlapping-oneof (found by the contract tests, apps/conformance cases.mjs): a
// `oneOf` whose alternatives overlap: a value matches several, so none is valid (Prism's contract
// tests find it when a response cannot be made valid).
//
// The action moves the alternatives from `oneOf` to `anyOf`. A spec may point into them with
// `$ref`s (nexmo's conversation API writes a channel's `to` as `$ref`s to the members of its
// `from`'s `oneOf`, `#/.../from/oneOf/0`): moved alone, those would point at nothing and the
// effective spec would not build. So the oneOfs that refer into each other are moved together
// (where the other one overlaps too), and every `$ref` into a moved `oneOf` is pointed at the
// same member under `anyOf`.
import { getAt, parsePointer } from '../spec/json-pointer.ts';
import { schemaTarget } from './schema-target.ts';
import type { DefectKind, OverlayAction } from './types.ts';

const DESCRIPTION =
  'Upstream `oneOf` alternatives overlap here: a value matches several of them, so none is valid; `anyOf` says what the provider means (found by the contract tests).';

/** `anyOf`, which is what such a spec means. @param pointer JSON pointer of the schema node */
function oneOfToAnyOf(pointer: string, node: { oneOf?: unknown }): OverlayAction[] {
  const target = schemaTarget(pointer);
  return [
    { target, description: DESCRIPTION, update: { anyOf: node.oneOf }, 'x-fixes': ['contract-tests'] },
    { target: `${target}.oneOf`, description: 'Remove the oneOf that anyOf replaces.', remove: true, 'x-fixes': ['contract-tests'] },
  ];
}

/** A `$ref` of the document: the pointer of the object that holds it, and where it points. */
interface Ref {
  holder: string;
  ref: string;
}

const refsOf = new WeakMap<object, Ref[]>();
/** Every local `$ref` in `doc` (walked once per document, without recursion: a document may be deep). */
function localRefs(doc: unknown): Ref[] {
  if (!doc || typeof doc !== 'object') return [];
  const known = refsOf.get(doc);
  if (known) return known;
  const out: Ref[] = [];
  const stack: [unknown, string][] = [[doc, '#']];
  while (stack.length) {
    const [node, at] = stack.pop() as [unknown, string];
    if (!node || typeof node !== 'object') continue;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) out.push({ holder: at, ref });
    for (const [k, v] of Object.entries(node)) {
      if (v && typeof v === 'object') stack.push([v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  refsOf.set(doc, out);
  return out;
}

/** The schemas with a `oneOf` whose members `pointer` is inside (`#/a/oneOf/1/b` is inside `#/a`'s), outermost first. */
function oneOfOwners(pointer: string): string[] {
  const segs = pointer.split('/');
  const owners: string[] = [];
  for (let i = 1; i < segs.length - 1; i++)
    if (segs[i] === 'oneOf' && /^\d+$/.test(segs[i + 1] ?? '')) owners.push(segs.slice(0, i).join('/'));
  return owners;
}

/**
 * The actions that move the alternatives of the overlapping `oneOf`s at `pointers` (and of those
 * that refer into them or they into, where `overlaps` says that one overlaps too) to `anyOf`, with
 * every `$ref` into a moved `oneOf` pointed at the same member under `anyOf`: in the moved
 * members themselves, and where it is held elsewhere (an update of that `$ref`). Deterministic:
 * the same moves whichever of the related pointers a case starts from.
 */
export function oneOfsToAnyOf(doc: unknown, pointers: readonly string[], overlaps: (pointer: string) => boolean): OverlayAction[] {
  const moved = new Set(pointers.filter((p) => Array.isArray((getAt(doc, parsePointer(p)) as { oneOf?: unknown })?.oneOf)));
  const refs = localRefs(doc);
  const candidate = (p: string) =>
    !moved.has(p) && Array.isArray((getAt(doc, parsePointer(p)) as { oneOf?: unknown })?.oneOf) && overlaps(p);
  for (let round = 0, grew = true; grew && round < 16; round++) {
    grew = false;
    for (const { holder, ref } of refs) {
      const into = oneOfOwners(ref);
      const from = oneOfOwners(holder);
      // a ref between a moved oneOf and another one: the other one moves too, where it overlaps
      const related = into.some((q) => moved.has(q)) ? from : from.some((q) => moved.has(q)) ? into : [];
      for (const q of related) {
        if (!candidate(q)) continue;
        moved.add(q);
        grew = true;
      }
    }
  }
  const order = [...moved].sort();
  // longest first: a ref into a oneOf inside a moved member of another is renamed at its own level
  const byDepth = [...order].sort((a, b) => b.length - a.length);
  const renamed = (ref: string): string => {
    for (const q of byDepth) if (ref.startsWith(`${q}/oneOf/`)) return `${q}/anyOf/${ref.slice(q.length + '/oneOf/'.length)}`;
    return ref;
  };
  const renameIn = (node: unknown, depth = 0): unknown => {
    if (!node || typeof node !== 'object' || depth > 256) return node;
    if (Array.isArray(node)) return node.map((v) => renameIn(v, depth + 1));
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? renamed(v) : renameIn(v, depth + 1)]),
    );
  };
  const actions: OverlayAction[] = [];
  for (const p of order) {
    const node = getAt(doc, parsePointer(p)) as { oneOf: unknown[] };
    actions.push(...oneOfToAnyOf(p, { oneOf: renameIn(node.oneOf) }));
  }
  // the refs held outside the moved members
  for (const { holder, ref } of refs) {
    const next = renamed(ref);
    if (next === ref || oneOfOwners(holder).some((q) => moved.has(q))) continue;
    actions.push({
      target: schemaTarget(holder),
      description: `A \`$ref\` into a \`oneOf\` whose alternatives move to \`anyOf\` (above): the same member there (was ${ref}).`,
      update: { $ref: next },
      'x-fixes': ['contract-tests'],
    });
  }
  return actions;
}

export const kind: DefectKind = {
  id: 'contract-tests/overlapping-oneof',
  severity: 'error',
  stage: 'harness',
  docs: 'A `oneOf` whose alternatives overlap, found by the contract tests when a response cannot be made valid: a value matches several alternatives, so none is valid. The action says `anyOf`, which is what such a spec means; the `oneOf`s that refer into each other by `$ref` (and overlap) move together, and every `$ref` into a moved `oneOf` is pointed at the same member under `anyOf`.',
};
