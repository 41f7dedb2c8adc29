// Where the Schema objects of an OpenAPI 3.0/3.1 document are: every place the specification
// puts a schema (components, parameters, media types, headers, path items, callbacks, webhooks)
// and, inside a schema, every keyword whose value is a schema (properties, items, allOf, ...).
// A local `$ref` found where a schema belongs makes its target a schema too (a spec may refer
// into `definitions` or an `allOf` branch of another schema). Examples, enums and defaults are
// values, not schemas, and are never entered.
import { escapeSegment, getAt, parsePointer } from './json-pointer.ts';
import { HTTP_METHODS, isObject, type SpecNode } from './spec-model.ts';
import type { SchemaRefs } from '../defects/types.ts';

/** Where a node is: keys, and array indexes as numbers. */
type SchemaLocation = readonly (string | number)[];

/** Called with a Schema object and its location. */
type SchemaVisitor = (node: SpecNode, at: SchemaLocation) => void;

/** Keywords whose value is one schema. */
const ONE = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
  'additionalItems',
];
/** Keywords whose value is a list of schemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to schemas (`definitions`: the draft-07 name many specs still use). */
const MAP = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/**
 * Calls `visit(node, segments)` once for every Schema object of `doc` (in no particular order),
 * `segments` being its location. A `$ref` node is visited too (it stands where a schema stands).
 */
export function walkSchemas(doc: unknown, visit: SchemaVisitor): void {
  const schema = schemaWalker(doc, visit);
  const content = (c: unknown, at: SchemaLocation): void => {
    if (isObject(c)) for (const [mt, m] of Object.entries(c)) if (isObject(m)) schema(m.schema, [...at, mt, 'schema']);
  };
  const withSchema = (p: unknown, at: SchemaLocation): void => {
    // a parameter or header: `schema`, or `content` with one media type; a `$ref` is followed
    if (!isObject(p)) return;
    if (typeof p.$ref === 'string' && p.$ref.startsWith('#')) {
      const target = parsePointer(p.$ref);
      withSchema(getAt(doc, target), target);
      return;
    }
    schema(p.schema, [...at, 'schema']);
    content(p.content, [...at, 'content']);
  };
  const headers = (h: unknown, at: SchemaLocation): void => {
    if (isObject(h)) for (const [name, x] of Object.entries(h)) withSchema(x, [...at, name]);
  };
  const response = (r: unknown, at: SchemaLocation): void => {
    if (!isObject(r)) return;
    if (typeof r.$ref === 'string' && r.$ref.startsWith('#')) {
      const target = parsePointer(r.$ref);
      response(getAt(doc, target), target);
      return;
    }
    content(r.content, [...at, 'content']);
    headers(r.headers, [...at, 'headers']);
  };
  const requestBody = (b: unknown, at: SchemaLocation): void => {
    if (!isObject(b)) return;
    if (typeof b.$ref === 'string' && b.$ref.startsWith('#')) {
      const target = parsePointer(b.$ref);
      requestBody(getAt(doc, target), target);
      return;
    }
    content(b.content, [...at, 'content']);
  };
  const callbacks = (cbs: unknown, at: SchemaLocation): void => {
    if (!isObject(cbs)) return;
    for (const [name, cb] of Object.entries(cbs)) {
      if (isObject(cb)) for (const [expr, item] of Object.entries(cb)) pathItem(item, [...at, name, expr]);
    }
  };
  const pathItem = (item: unknown, at: SchemaLocation): void => {
    if (!isObject(item)) return;
    if (Array.isArray(item.parameters)) for (const [i, p] of item.parameters.entries()) withSchema(p, [...at, 'parameters', i]);
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!isObject(op)) continue;
      if (Array.isArray(op.parameters)) for (const [i, p] of op.parameters.entries()) withSchema(p, [...at, m, 'parameters', i]);
      requestBody(op.requestBody, [...at, m, 'requestBody']);
      if (isObject(op.responses)) for (const [status, r] of Object.entries(op.responses)) response(r, [...at, m, 'responses', status]);
      callbacks(op.callbacks, [...at, m, 'callbacks']);
    }
  };
  const d: SpecNode = isObject(doc) ? doc : {};
  const c: SpecNode = isObject(d.components) ? d.components : {};
  if (isObject(c.schemas)) for (const [name, s] of Object.entries(c.schemas)) schema(s, ['components', 'schemas', name]);
  if (isObject(c.parameters)) for (const [name, p] of Object.entries(c.parameters)) withSchema(p, ['components', 'parameters', name]);
  headers(c.headers, ['components', 'headers']);
  if (isObject(c.responses)) for (const [name, r] of Object.entries(c.responses)) response(r, ['components', 'responses', name]);
  if (isObject(c.requestBodies))
    for (const [name, b] of Object.entries(c.requestBodies)) requestBody(b, ['components', 'requestBodies', name]);
  if (isObject(c.pathItems)) for (const [name, item] of Object.entries(c.pathItems)) pathItem(item, ['components', 'pathItems', name]);
  callbacks(c.callbacks, ['components', 'callbacks']);
  if (isObject(d.paths)) for (const [path, item] of Object.entries(d.paths)) pathItem(item, ['paths', path]);
  if (isObject(d.webhooks)) for (const [name, item] of Object.entries(d.webhooks)) pathItem(item, ['webhooks', name]);
}

/**
 * Calls `visit(node, segments)` for the Schema object at `pointer` of `doc` and every schema
 * inside it (the keywords whose value is a schema; local `$ref`s followed to their targets, each
 * visited once per location), as walkSchemas does for the whole document.
 */
export function walkSchemaAt(doc: unknown, pointer: string, visit: SchemaVisitor): void {
  const at = parsePointer(pointer);
  schemaWalker(doc, visit)(getAt(doc, at), at);
}

/**
 * walkSchemas' visits of component schemas at their own place and of nodes holding a local
 * `$ref`, in the walk's order (each at every location it is visited at): what the generation's
 * loop check (generation-checks.ts selfLoops) and the types' reference lifting
 * (type-shapes.ts liftNestedRefs) read of a document's schemas. Made once per generation and
 * handed to both, so the document is walked once for them, not three times (on GitHub's spec a
 * walk is 44 000 visits, 80-120 ms); valid as long as the document is not changed.
 */
export function schemaRefs(doc: unknown): SchemaRefs {
  const out: { node: SpecNode; at: SchemaLocation }[] = [];
  walkSchemas(doc, (node, at) => {
    if ((at.length === 3 && at[0] === 'components' && at[1] === 'schemas') || (typeof node.$ref === 'string' && node.$ref.startsWith('#')))
      out.push({ node, at });
  });
  return out;
}

/**
 * Calls `visit` for the Schema object at `at` in `doc` and every schema inside it, as walkSchemaAt
 * does, without following `$ref`s out of it: the schemas written inside that one only.
 */
export function walkSchemaInside(doc: unknown, at: SchemaLocation, visit: SchemaVisitor): void {
  schemaWalker(doc, visit, { follow: false })(getAt(doc, at), at);
}

/** The walk of one schema and everything inside it, for `doc` ($refs resolve there, and are followed unless `follow` is false). */
function schemaWalker(
  doc: unknown,
  visit: SchemaVisitor,
  { follow = true }: { follow?: boolean } = {},
): (node: unknown, at: SchemaLocation) => void {
  // the locations each node was visited at: a location names one node, so a location already
  // visited is found among its node's (no pointer string built per node: on a spec the size of
  // GitHub's that was most of the walk)
  const seen = new Map<object, SchemaLocation[]>();
  const schema = (node: unknown, at: SchemaLocation): void => {
    if (!isObject(node)) return;
    const visited = seen.get(node);
    if (visited === undefined) seen.set(node, [at]);
    else if (visited.some((other) => sameLocation(other, at))) return;
    else visited.push(at);
    visit(node, at);
    if (follow && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
      const target = parsePointer(node.$ref);
      schema(getAt(doc, target), target);
    }
    // most schemas hold none (a property's `{ type, description }`): a look at their few keys
    // instead of a lookup of every keyword below
    if (!holdsSchemas(node)) return;
    for (const k of ONE) if (isObject(node[k])) schema(node[k], [...at, k]);
    // OAS 3.0 / draft-04 tuple form: `items` as a list
    if (Array.isArray(node.items)) for (const [i, s] of node.items.entries()) schema(s, [...at, 'items', i]);
    for (const k of LIST) if (Array.isArray(node[k])) for (const [i, s] of node[k].entries()) schema(s, [...at, k, i]);
    for (const k of MAP) if (isObject(node[k])) for (const [name, s] of Object.entries(node[k])) schema(s, [...at, k, name]);
  };
  return schema;
}

/** Every keyword whose value is or holds schemas. */
const KEYWORDS = new Set([...ONE, ...LIST, ...MAP]);

/** Whether a node has one of KEYWORDS (its own keys or inherited enumerable ones, as `node[k]` would find). */
function holdsSchemas(node: SpecNode): boolean {
  for (const k in node) if (KEYWORDS.has(k)) return true;
  return false;
}

/** Whether two locations are one (an array index and its string are the same segment, as in a pointer). */
function sameLocation(a: SchemaLocation, b: SchemaLocation): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i] && String(a[i]) !== String(b[i])) return false;
  return true;
}

/** The locations of every Schema object, as JSON pointers ('#/components/schemas/A'). */
export function schemaPointers(doc: unknown): Set<string> {
  const out = new Set<string>();
  walkSchemas(doc, (_node, at) => out.add(`#/${at.map(escapeSegment).join('/')}`));
  return out;
}
