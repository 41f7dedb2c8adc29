// What stops a spec from generating, what does not, and the overlay actions that correct it.
//
// Redocly's structural findings (`struct`) are sorted by whether they can change the generated
// types or the requests the client makes:
//   - an unknown keyword in an OAS 3.1 schema is an annotation (JSON Schema 2020-12): valid, not a
//     finding at all, for generation and for lint alike;
//   - an unknown keyword in an OAS 3.0 schema is invalid there but changes no type: generation
//     goes on; lint reports it and `--fix` removes it;
//   - `nullable: false` without `type` (OAS 3.0) says nothing (false is the default): generation
//     goes on; lint reports it and `--fix` removes it;
//   - OAS 3.0 `nullable: true` (without `type` in 3.0, anywhere in 3.1) changes the type: it stops
//     generation, with the action that drops or converts it;
//   - a `type` that is not a type name: a schema written one level too deep (`type: { type:
//     string, enum: [...] }`) is unwrapped, `type: file` becomes a binary string; anything else
//     stops generation for a person to correct;
//   - a value of the wrong type (`maxLength: "10"`, `pattern: 0`): written as the type asks where
//     that loses nothing, else (a schema keyword) removed; it stops generation until corrected.
// Besides Redocly's findings, two shapes stop generation with actions of their own:
//   - a schema that refers to itself with no property or array item between (`allOf: [self]`, a
//     `oneOf` branch that comes back through another schema's `allOf`): no value can be checked
//     against it (a validator loops) and no TypeScript type expresses it; the reference that
//     closes the loop is removed;
//   - a path with `?` or `#` in its template: path-templates.ts.
import { formatPointer, getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import { schemaPointers, schemaRefs } from '../spec/schema-walk.ts';
import { isObject } from '../spec/spec-model.ts';
import type { OverlayAction, SchemaRefs } from '../defects/types.ts';

/** A location in a document: keys, and array indexes as numbers. */
type Segments = (string | number)[];

/** A Redocly finding (its ruleId as `rule`) as structKind reads it. */
interface StructFinding {
  rule: string;
  message: string;
  pointer?: string | undefined;
}

type StructKindName =
  | 'other'
  | 'oas30-nullable'
  | 'annotation'
  | 'unknown-keyword'
  | 'nullable-false'
  | 'nullable-no-type'
  | 'type-is-schema'
  | 'type-file'
  | 'type-invalid'
  | 'value-type'
  | 'extension'
  | 'ref-to-non-schema';

/** The kind of one structural finding and what it means for generation. */
interface FindingKind {
  kind: StructKindName;
  /** whether it stops generation */
  blocking: boolean;
  /** false when it is no defect at all (lint drops it too) */
  finding: boolean;
  why: string;
  /** the actions that correct it, when there are some */
  fix?: OverlayAction[];
}

/**
 * What structKind works out once per document and keeps for the next finding of the same
 * document: the schema locations and the `$ref` targets (normalized pointers). Pass the same
 * object for every finding of one document.
 */
export interface StructContext {
  schemas?: Set<string> | null;
  refs?: Set<string> | null;
}

/** A shape that stops generation, where it is, and the actions that correct it. */
export interface GenerationProblem {
  message: string;
  pointer: string;
  fix: OverlayAction[];
  /** the actions of another problem (the first of the list) correct it too */
  covered?: boolean;
}

const is31 = (doc: unknown) => isObject(doc) && /^3\.1\./.test(String(doc.openapi ?? ''));

/**
 * Whether a place is inside a vendor extension (a segment `x-…`): not part of the contract
 * codegen reads, whatever shape Redocly expects of it. One rule for lint (structKind) and the
 * build (codegen validateSpec).
 */
export const inExtension = (segments: readonly string[]): boolean => segments.some((s) => s.startsWith('x-'));

/** Pointer segments with array indexes as numbers, read against `doc`. */
function typed(doc: unknown, segments: readonly (string | number)[]): Segments {
  const out: Segments = [];
  let node = doc;
  for (const s of segments) {
    const key = Array.isArray(node) && /^\d+$/.test(String(s)) ? Number(s) : s;
    out.push(key);
    // any value is indexed, as `node?.[key]` was (the cast only lets the checker index it)
    node = node == null ? undefined : (node as Record<string | number, unknown>)[key];
  }
  return out;
}

const normal = (pointer: string) => formatPointer(parsePointer(pointer));

/**
 * The kind of one structural finding and what it means for generation.
 * @param f a Redocly finding (ruleId as rule)
 * @param ctx what is known of `doc` already (see StructContext)
 */
export function structKind(f: StructFinding, doc: unknown, ctx: StructContext = { schemas: null, refs: null }): FindingKind {
  if (f.rule !== 'struct') return { kind: 'other', blocking: true, finding: true, why: '' };
  const seg = parsePointer(f.pointer ?? '');
  if (inExtension(seg)) {
    // Redocly types some vendor extensions (`x-webhooks` as a map of path items, `x-logo` as an
    // object): one off that shape is a finding, but no generated type or request is made of it
    return {
      kind: 'extension',
      blocking: false,
      finding: true,
      why: 'inside a vendor extension (`x-…`), which is not part of the contract generation reads: it changes no generated type and no request',
    };
  }
  const parent = seg.slice(0, -1);
  const last = seg.at(-1);
  const isSchema = (at: readonly string[]) => {
    ctx.schemas ??= new Set([...schemaPointers(doc)].map(normal));
    return ctx.schemas.has(formatPointer(at));
  };
  const inSchema = () => isSchema(parent);
  const unknown = /^Property `(.+)` is not expected here/.exec(f.message);
  // a `$ref` where a schema belongs that points at another kind of object (a parameter, a
  // response): Redocly reads that object as a schema and finds its own keywords unknown there.
  // The object is right where it is; the reference is the defect, and removing the object's
  // keywords would break it (a parameter without `name`, `in` and `schema`)
  const other = unknown && inSchema() ? objectAt(parent) : undefined;
  if (other) {
    const from = referrers(doc, formatPointer(parent));
    return {
      kind: 'ref-to-non-schema',
      blocking: false,
      finding: true,
      why: `\`${last}\` belongs to the ${other} at ${formatPointer(parent)}, which a \`$ref\` where a schema belongs points at${from.length ? ` (from ${from.slice(0, 3).join(', ')}${from.length > 3 ? ', ...' : ''})` : ''}: the reference is the defect, not the ${other}; point it at a schema in the overlay (nothing of the ${other} is removed)`,
    };
  }
  if (unknown && inSchema()) {
    if (last === 'nullable') {
      return {
        kind: 'oas30-nullable',
        blocking: true,
        finding: true,
        why: 'OAS 3.0 `nullable` in an OAS 3.1 schema: 3.1 reads it as an annotation, so the types would not allow null',
        fix: nullableTo31(doc, parent),
      };
    }
    if (is31(doc)) {
      return {
        kind: 'annotation',
        blocking: false,
        finding: false,
        why: `\`${last}\` in an OAS 3.1 schema is an annotation (JSON Schema 2020-12 allows unknown keywords); it changes no type and no validation`,
      };
    }
    // a keyword that holds what references point into (`definitions` used as $defs) stays
    ctx.refs ??= refTargets(doc);
    const here = formatPointer(seg);
    if ([...ctx.refs].some((t) => t === here || t.startsWith(`${here}/`))) {
      return {
        kind: 'unknown-keyword',
        blocking: false,
        finding: true,
        why: `\`${last}\` is no OAS 3.0 schema keyword, but references point into it: it stays (move what it holds under components/schemas by hand, or accept struct)`,
      };
    }
    return {
      kind: 'unknown-keyword',
      blocking: false,
      finding: true,
      why: `\`${last}\` is no OAS 3.0 schema keyword: invalid, but it changes no generated type`,
      fix: [
        {
          target: jsonPathOf(typed(doc, seg)),
          description: `\`${last}\` is no OAS 3.0 schema keyword (Redocly struct at ${f.pointer}); removed. If it is a property name, move it under \`properties\` instead.`,
          remove: true,
          'x-fixes': ['struct'],
        },
      ],
    };
  }
  if (unknown && docOnly(parent, isSchema)) {
    // an object neither the types nor the requests are made of: an XML object (names and
    // namespaces for XML), info, contact, license, a tag, externalDocs
    return {
      kind: 'unknown-keyword',
      blocking: false,
      finding: true,
      why: `\`${last}\` is not expected in ${formatPointer(parent)}, which only documents: invalid, but it changes no generated type and no request`,
      fix: [
        {
          target: jsonPathOf(typed(doc, seg)),
          description: `\`${last}\` is not expected here (Redocly struct at ${f.pointer}), in an object that only documents; removed.`,
          remove: true,
          'x-fixes': ['struct'],
        },
      ],
    };
  }
  if (/The `type` field must be defined when the `nullable` field is used/.test(f.message)) {
    const node = getAt(doc, parent);
    if (isObject(node) && node.nullable === false) {
      return {
        kind: 'nullable-false',
        blocking: false,
        finding: true,
        why: '`nullable: false` without `type` says nothing (false is the default); it changes no type',
        fix: [{ target: jsonPathOf(typed(doc, seg)), description: NULLABLE_FALSE, remove: true, 'x-fixes': ['struct'] }],
      };
    }
    return {
      kind: 'nullable-no-type',
      blocking: true,
      finding: true,
      why: '`nullable` without `type` is invalid in OAS 3.0',
      fix: [NULLABLE_WITHOUT_TYPE],
    };
  }
  if (/^`type` can be one of the following only/.test(f.message) && last === 'type') {
    const node = getAt(doc, parent);
    const value: unknown = isObject(node) ? node.type : undefined;
    const at = typed(doc, parent);
    if (
      isObject(node) &&
      isObject(value) &&
      SCHEMA_WORDS.some((k) => k in value) &&
      Object.keys(value).every((k) => !(k in node) || k === 'type')
    ) {
      return {
        kind: 'type-is-schema',
        blocking: true,
        finding: true,
        why: '`type` holds a schema (written one level too deep)',
        fix: [
          {
            target: jsonPathOf([...at, 'type']),
            description: `\`type\` holds a whole schema (${f.pointer}): the schema was written one level too deep. Step 1 of 2: remove it...`,
            remove: true,
            'x-fixes': ['struct'],
          },
          {
            target: jsonPathOf(at),
            description: '...step 2 of 2: and put its keywords where they belong.',
            update: value,
            'x-fixes': ['struct'],
          },
        ],
      };
    }
    if (value === 'file') {
      return {
        kind: 'type-file',
        blocking: true,
        finding: true,
        why: '`type: file` is Swagger 2.0',
        fix: [
          {
            target: jsonPathOf(at),
            description: `\`type: file\` is Swagger 2.0 (${f.pointer}); OAS 3 says a binary string.`,
            update: { type: 'string', format: 'binary' },
            'x-fixes': ['struct'],
          },
        ],
      };
    }
    return { kind: 'type-invalid', blocking: true, finding: true, why: `\`type: ${JSON.stringify(value)}\` is no type name` };
  }
  const expected = /^Expected type `(\w+)` but got `(\w+)`/.exec(f.message);
  if (expected && last !== undefined) {
    const fix = valueTypeFix(doc, seg, expected[1] as string, f.pointer ?? '', inSchema());
    if (fix.length)
      return { kind: 'value-type', blocking: true, finding: true, why: `a value of the wrong type (${expected[1]} expected)`, fix };
  }
  return { kind: 'other', blocking: true, finding: true, why: '' };
}

/**
 * The correction of a value of the wrong type (Redocly: "Expected type `T` but got `U`"): the
 * same value written as the type asks, where that loses nothing (`maxLength: "10"` is 10,
 * `required: "true"` is true, a number as a `description` is its text, `enum: "a"` is `["a"]`);
 * else, for a keyword of a schema, the keyword removed (`pattern: 0`: a converter's number where
 * a regular expression belongs; without it the schema accepts more, never less). Elsewhere
 * (a parameter's `name`, say) nothing is guessed: a person corrects it.
 */
function valueTypeFix(doc: unknown, seg: readonly string[], type: string, pointer: string, inSchema: boolean): OverlayAction[] {
  const at = typed(doc, seg);
  const value = getAt(doc, seg);
  const key = String(seg.at(-1));
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  let written: unknown;
  if ((type === 'integer' || type === 'number') && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n) && (type === 'number' || Number.isInteger(n)) && String(n) === value.trim()) written = n;
  } else if (type === 'boolean' && (value === 'true' || value === 'false')) written = value === 'true';
  else if (
    type === 'string' &&
    (key === 'description' || key === 'title' || key === 'summary') &&
    (typeof value === 'number' || typeof value === 'boolean')
  )
    written = String(value);
  else if (type === 'array' && inSchema && (key === 'enum' || key === 'required') && typeof value === 'string') written = [value];
  if (written !== undefined) {
    // the parent is updated (an overlay's update merges into an object; a scalar is no target to
    // update); a list does not merge into a scalar, so that one is removed first
    const update: OverlayAction = {
      target: jsonPathOf(at.slice(0, -1)),
      description: `\`${key}\` is ${shown} where ${type === 'array' ? 'a list' : `a ${type}`} belongs (Redocly struct at ${pointer}); the same value written as one.`,
      update: { [key]: written },
      'x-fixes': ['struct'],
    };
    if (!Array.isArray(written)) return [update];
    return [
      {
        target: jsonPathOf(at),
        description: `\`${key}: ${shown}\` is no list (Redocly struct at ${pointer}). Step 1 of 2: remove it...`,
        remove: true,
        'x-fixes': ['struct'],
      },
      { ...update, description: `...step 2 of 2: ${update.description}` },
    ];
  }
  if (!inSchema) return [];
  return [
    {
      target: jsonPathOf(at),
      description: `\`${key}: ${shown}\` is no ${type} (Redocly struct at ${pointer}) and means nothing as it is; removed, so the schema accepts what it would have let through and more. Write the intended ${key} here if the provider documents one.`,
      remove: true,
      'x-fixes': ['struct'],
    },
  ];
}

/**
 * Whether `at` is an object that only documents (no generated type or request is made of it): a
 * schema's `xml`, `info` and its contact and license, a tag, an `externalDocs`.
 */
function docOnly(at: readonly string[], isSchema: (at: readonly string[]) => boolean): boolean {
  const last = at.at(-1);
  if (last === 'externalDocs') return true;
  if (at.length === 1 && last === 'info') return true;
  if (at.length === 2 && at[0] === 'info' && (last === 'contact' || last === 'license')) return true;
  if (at.length === 2 && at[0] === 'tags') return true;
  if (last === 'xml') return isSchema(at.slice(0, -1));
  return false;
}

const HTTP_METHOD = /^(get|put|post|delete|options|head|patch|trace)$/;

/**
 * The kind of object the specification puts at `at` when it is no schema (a parameter, a header,
 * a response, a request body, a media type), from the location alone; undefined for any other
 * place. A schema `$ref` may point at one of these (a schema reached only that way is found at
 * the object's own location).
 */
function objectAt(at: readonly string[]): string | undefined {
  if (at[0] === 'components' && at.length === 3) {
    const names: Record<string, string> = {
      parameters: 'Parameter object',
      headers: 'Header object',
      responses: 'Response object',
      requestBodies: 'Request Body object',
    };
    return names[at[1] ?? ''];
  }
  if (at[0] !== 'paths' && at[0] !== 'webhooks') return undefined;
  const rest = at.slice(2);
  if (HTTP_METHOD.test(rest[0] ?? '')) rest.shift();
  const [a, , c] = rest;
  if (a === 'parameters' && rest.length === 2) return 'Parameter object';
  if (a === 'requestBody' && rest.length === 1) return 'Request Body object';
  if (a === 'requestBody' && rest.length === 3 && rest[1] === 'content') return 'Media Type object';
  if (a === 'responses' && rest.length === 2) return 'Response object';
  if (a === 'responses' && rest.length === 4 && c === 'headers') return 'Header object';
  if (a === 'responses' && rest.length === 4 && c === 'content') return 'Media Type object';
  return undefined;
}

/** The locations of the local `$ref`s of `doc` that point at `pointer` (normalized), as pointers. */
function referrers(doc: unknown, pointer: string): string[] {
  const out: string[] = [];
  const walk = (n: unknown, at: (string | number)[]) => {
    if (Array.isArray(n)) for (const [i, v] of n.entries()) walk(v, [...at, i]);
    else if (isObject(n)) {
      if (typeof n.$ref === 'string' && n.$ref.startsWith('#') && normal(n.$ref) === pointer) out.push(formatPointer(at));
      for (const [k, v] of Object.entries(n)) walk(v, [...at, k]);
    }
  };
  walk(doc, []);
  return out;
}

/** Every local `$ref` target of the document, as normalized pointers. */
function refTargets(doc: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (n: unknown) => {
    if (Array.isArray(n)) for (const v of n) walk(v);
    else if (isObject(n)) {
      if (typeof n.$ref === 'string' && n.$ref.startsWith('#')) out.add(normal(n.$ref));
      for (const v of Object.values(n)) walk(v);
    }
  };
  walk(doc);
  return out;
}

const SCHEMA_WORDS = ['type', 'enum', 'properties', 'items', 'allOf', 'anyOf', 'oneOf', '$ref', 'format', 'const'];

const NULLABLE_FALSE = '`nullable: false` without a `type` says nothing (false is the default) and is invalid in OAS 3.0; removed.';

/** The action provider:add has always printed for OAS 3.0 `nullable: true` without a `type`. */
const NULLABLE_WITHOUT_TYPE: OverlayAction = {
  target: '$..[?(@.nullable == true && !@.type)].nullable',
  description:
    'Upstream marks schemas nullable without a type (invalid in OAS 3.0; Redocly cannot check examples against such schemas either); drop the keyword there.',
  remove: true,
  'x-fixes': ['struct', 'no-invalid-media-type-examples', 'no-invalid-schema-examples'],
};

/** OAS 3.0 `nullable` in a 3.1 schema at `at` (segments): the 3.1 form of the same type. */
function nullableTo31(doc: unknown, at: readonly string[]): OverlayAction[] {
  const seg = typed(doc, at);
  const node = getAt(doc, at);
  const actions: OverlayAction[] = [];
  if (isObject(node) && node.nullable === true && typeof node.type === 'string') {
    actions.push(
      {
        target: `${jsonPathOf(seg)}.type`,
        description: 'OAS 3.0 `nullable` in an OAS 3.1 document: drop the scalar type (step 1 of 3).',
        remove: true,
      },
      { target: jsonPathOf(seg), description: 'Allow null the OAS 3.1 way (step 2 of 3).', update: { type: [node.type, 'null'] } },
    );
  }
  actions.push({ target: `${jsonPathOf(seg)}.nullable`, description: 'Remove the OAS 3.0 keyword (step 3 of 3).', remove: true });
  return actions.map((a) => ({ ...a, 'x-fixes': ['struct', 'capi/no-oas30-keywords'] }));
}

/** A list item that a reference is reached through (the place a loop can be cut). */
interface Cut {
  kind: 'allOf' | 'anyOf' | 'oneOf';
  at: Segments;
}

/** A same-value reference of a schema: to the normalized pointer `to`, written at `at`. */
interface Edge {
  to: string;
  cut: Cut | null;
  at: Segments;
}

/** An edge of a loop, with the schema it leaves from. */
type LoopEdge = Edge & { from: string };

/**
 * Schemas that refer to themselves with nothing between: through `$ref`, `allOf`, `anyOf` and
 * `oneOf` alone, a validator checks the same value against the same schema again, for ever, and
 * TypeScript reports TS2502. Each loop is cut where a list item (allOf first) closes it.
 * `refs`: the document's schemaRefs (spec/schema-walk.ts), when the caller has them already.
 */
export function selfLoops(doc: unknown, refs: SchemaRefs = schemaRefs(doc)): GenerationProblem[] {
  // nodes: every schema a $ref reaches (component or not); edges: same-value references
  const edges = new Map<string, Edge[]>();
  const nodes = new Set<string>();
  for (const { node, at } of refs) {
    if (at.length === 3 && at[0] === 'components' && at[1] === 'schemas') nodes.add(formatPointer(at));
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) nodes.add(normal(node.$ref));
  }
  for (const from of nodes) {
    const out: Edge[] = [];
    const visit = (node: unknown, at: Segments, cut: Cut | null, depth: number) => {
      if (!isObject(node) || depth > 64) return;
      if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) out.push({ to: normal(node.$ref), cut, at });
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
        if (Array.isArray(node[k]))
          for (const [i, s] of node[k].entries()) visit(s, [...at, k, i], { kind: k, at: [...at, k, i] }, depth + 1);
      }
    };
    const seg = parsePointer(from);
    visit(getAt(doc, seg), typed(doc, seg), null, 0);
    edges.set(from, out);
  }
  const problems: GenerationProblem[] = [];
  const cutEdges = new Set<Edge>();
  // bounded: every round removes at least one edge or stops
  for (let round = 0; round < 1000; round++) {
    const loop = findLoop(edges, cutEdges);
    if (!loop) break;
    const order = ['allOf', 'anyOf', 'oneOf'];
    const cuttable = loop
      .filter((e): e is LoopEdge & { cut: Cut } => e.cut !== null)
      .sort((a, b) => order.indexOf(a.cut.kind) - order.indexOf(b.cut.kind));
    const names = loop
      .map((e) => e.from.replace(/^#\/components\/schemas\//, ''))
      .concat(loop[0].from.replace(/^#\/components\/schemas\//, ''));
    const path = names.join(' → ');
    if (!cuttable.length) {
      problems.push({
        message: `${path}: these schemas only refer to each other, so none says what the value is; define one of them in the overlay`,
        pointer: loop[0].from,
        fix: [],
      });
      for (const e of loop) cutEdges.add(e);
      continue;
    }
    const e = cuttable[0];
    cutEdges.add(e);
    problems.push({
      message: `${path}: the schema refers to itself through ${e.cut.kind} with no property or array item between (a validator checks the same value again for ever; TypeScript: TS2502)`,
      pointer: formatPointer(e.cut.at),
      fix: [
        {
          target: jsonPathOf(e.cut.at),
          description: `Upstream closes a loop here (${path}): this ${e.cut.kind} item brings back a schema the value is already being checked against, so it adds nothing but the loop; removed.`,
          remove: true,
          'x-fixes': ['generation'],
        },
      ],
    });
  }
  return problems;
}

/** One cycle among the edges not cut yet, as its edges ({ from, to, cut }), or null. */
function findLoop(edges: Map<string, Edge[]>, cut: Set<Edge>): LoopEdge[] | null {
  const state = new Map<string, 1 | 2>(); // node -> 1 visiting, 2 done
  const stack: (LoopEdge & { edge: Edge })[] = [];
  const dfs = (v: string): LoopEdge[] | null => {
    state.set(v, 1);
    for (const e of edges.get(v) ?? []) {
      if (cut.has(e) || !edges.has(e.to)) continue;
      stack.push({ ...e, from: v, edge: e });
      if (state.get(e.to) === 1) {
        const start = stack.findIndex((x) => x.from === e.to);
        return stack.slice(start).map((x) => Object.assign(x.edge, { from: x.from }));
      }
      if (!state.has(e.to)) {
        const found = dfs(e.to);
        if (found) return found;
      }
      stack.pop();
    }
    state.set(v, 2);
    return null;
  };
  for (const v of edges.keys()) {
    if (state.has(v)) continue;
    const found = dfs(v);
    if (found) return found;
  }
  return null;
}
