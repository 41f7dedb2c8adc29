// no-invalid-media-type-examples (Redocly's rule, found by Redocly): an example that contradicts
// its schema. Mocks answer it and the contract tests expect it, so it is removed (mocks and tests
// then use the schema). The same action serves no-invalid-schema-examples and
// no-invalid-parameter-examples (their own files).
import { formatPointer, getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { typedPath } from '../build/defect-actions.ts';
import type { DefectKind, FixFunction, OverlayAction } from './types.ts';

/** A path of a document: keys and array indexes. */
type Segments = (string | number)[];

/**
 * How many leading segments of a path name the example to remove: up to the outermost `example`
 * keyword, or the entry under the outermost `examples` (an example's value may have keys named
 * so too; a property named so is not a keyword). Undefined when there is none.
 */
function exampleCut(segs: readonly (string | number)[]): number | undefined {
  const i = segs.findIndex((s, k) => (s === 'example' || (s === 'examples' && segs[k + 1] !== undefined)) && segs[k - 1] !== 'properties');
  if (i < 0) return undefined;
  return segs[i] === 'examples' ? i + 2 : i + 1;
}

/**
 * Where each local `$ref` that stands for an example is used, by the pointer it names, as path
 * segments of the referring entry: a `$ref` to `#/components/examples/<name>` (or its `value`),
 * and one inside an example's value that names another example (shutterstock's response example
 * `{ value: { $ref: '#/components/schemas/AudioDataList/example' } }`). Removing the example it
 * names removes these uses too, or the bundle is left with a `$ref` it cannot resolve.
 */
function exampleRefs(doc: unknown): Map<string, Segments[]> {
  const refs = new Map<string, Segments[]>();
  const walk = (node: unknown, path: Segments): void => {
    if (!node || typeof node !== 'object') return;
    const ref = (node as { $ref?: unknown }).$ref;
    const cut = exampleCut(path);
    if (typeof ref === 'string' && (ref.startsWith('#/components/examples/') || (cut !== undefined && ref.startsWith('#/')))) {
      let uses = refs.get(ref);
      if (!uses) {
        uses = [];
        refs.set(ref, uses);
      }
      uses.push(path.slice(0, cut ?? path.length));
      return;
    }
    if (Array.isArray(node)) for (const [i, v] of node.entries()) walk(v, [...path, i]);
    else for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(doc, []);
  return refs;
}

/** The uses of the examples at or below `at` (exampleRefs), each once. */
function usesOf(refs: Map<string, Segments[]>, at: readonly (string | number)[]): Segments[] {
  const pointer = formatPointer(at);
  return [...refs].filter(([ref]) => ref === pointer || ref.startsWith(`${pointer}/`)).flatMap(([, uses]) => uses);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * After a schema's `example` is removed, the schema it leaves when that is an `allOf` of one
 * member and nothing else (wowza.com's `{ allOf: [{ $ref }], example }`), which lint then calls
 * illogical: the member in its place, written over the schema and the allOf removed. Not when
 * the member is itself an allOf (the update would merge the two), nor when it refers to a
 * schema with a discriminator (an allOf of it is how a schema joins that discriminator).
 */
function collapseLoneAllOf(doc: unknown, example: readonly (string | number)[], why: string): OverlayAction[] {
  if (example.at(-1) !== 'example') return [];
  const at = example.slice(0, -1);
  const schema = getAt(doc, at);
  if (!isRecord(schema) || Object.keys(schema).some((k) => k !== 'allOf' && k !== 'example')) return [];
  const all = schema.allOf;
  if (!Array.isArray(all) || all.length !== 1 || !isRecord(all[0]) || 'allOf' in all[0]) return [];
  const member = all[0];
  const ref = typeof member.$ref === 'string' && member.$ref.startsWith('#') ? getAt(doc, member.$ref) : undefined;
  if (isRecord(ref) && 'discriminator' in ref) return [];
  return [
    { target: jsonPathOf(at), description: `${why} Its allOf of one member is that member (step 1 of 2).`, update: member },
    { target: jsonPathOf([...at, 'allOf']), description: 'Remove the allOf its member replaces (step 2 of 2).', remove: true },
  ];
}

/**
 * Each example that contradicts its schema removed: inline (up to the outermost `example`
 * keyword, or the entry under the outermost `examples`), or a shared one with every use of it.
 * A finding that names no example is left to a person (the rule is accepted).
 */
export const removeInvalidExamples: FixFunction = (findings, ctx) => {
  const { doc } = ctx;
  let treatment: 'accept' | undefined;
  let refs: Map<string, Segments[]> | undefined; // the uses of each shared example, worked out once
  for (const f of findings) {
    const segs = parsePointer(f.pointer ?? '');
    const why = `Upstream example contradicts its schema (${ctx.where(f)}: ${f.message.replace(/^Example value must conform to the schema: /, '')}); removed, so mocks and tests use the schema.`;
    const cut = exampleCut(segs);
    if (segs[0] === 'components' && segs[1] === 'examples' && segs[2]) {
      // a shared example: drop every use of it, then the example itself
      refs ??= exampleRefs(doc);
      for (const use of usesOf(refs, ['components', 'examples', segs[2]]))
        ctx.push(f, { target: jsonPathOf(use), description: why, remove: true });
      ctx.push(f, { target: jsonPathOf(['components', 'examples', segs[2]]), description: why, remove: true });
    } else if (cut !== undefined) {
      const example = typedPath(doc, segs.slice(0, cut));
      // an example another one names by `$ref`: that use goes too
      refs ??= exampleRefs(doc);
      for (const use of usesOf(refs, example)) ctx.push(f, { target: jsonPathOf(use), description: why, remove: true });
      ctx.push(f, { target: jsonPathOf(example), description: why, remove: true });
      for (const action of collapseLoneAllOf(doc, example, why)) ctx.push(f, action);
    } else {
      treatment = 'accept';
    }
  }
  return treatment;
};

export const kind: DefectKind = {
  id: 'no-invalid-media-type-examples',
  severity: 'error',
  stage: 'lint',
  docs: "Redocly's no-invalid-media-type-examples: an example of a request or response body that contradicts its schema. Mocks answer it and the contract tests expect it; the action removes it (a shared example with every use of it), so mocks and tests use the schema.",
  fix: removeInvalidExamples,
};
