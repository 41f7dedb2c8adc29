// The overlay actions for three kinds of spec defect found on real public specs (issue 19):
//   - a transport-level header documented on a response (capi/transport-response-header):
//     removed from the contract;
//   - a closed `allOf` part (`additionalProperties: false`) whose siblings add properties
//     (capi/closed-allof-part): the siblings' properties merged into it, or it is opened where
//     they cannot be listed;
//   - a discriminator `mapping` that names files which do not exist (a document bundled from a
//     multi-file source that kept its relative references): each value rewritten to the
//     component its name denotes, or removed where the document has none. Redocly resolves
//     those before any overlay and the bundle stops, so this one is found on the root document
//     before bundling (build-spec.ts), not by a lint rule.
// lint-hints.ts calls the first two from suggestFixes; build-spec.ts the third.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPointer, getAt, jsonPathOf, parsePointer, resolveLocal } from './json-pointer.ts';
import { structKind } from './generation-checks.ts';

/** An overlay action as the suggestions write it (lint-hints.ts SuggestedAction). */
export interface DefectAction {
  target: string;
  description: string;
  update?: unknown;
  remove?: boolean;
  'x-fixes'?: string[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Path segments with array indexes as numbers, read against the document. */
export function typedPath(doc: unknown, segs: readonly string[]): (string | number)[] {
  let node = doc;
  return segs.map((s) => {
    const key = Array.isArray(node) && /^\d+$/.test(s) ? Number(s) : s;
    node = (node as Record<string | number, unknown> | null | undefined)?.[key];
    return key;
  });
}

// --- transport-level response headers ---------------------------------------------------------

/** capi/transport-response-header: the header's entry removed from the response's `headers`. */
export function transportHeaderActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'headers' || getAt(doc, segs) === undefined) return [];
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents the transport-level header \`${String(segs.at(-1))}\` on a response (${where}), copied from one exchange: no client reads it as data, and a mock that sends it back as documented makes the answer invalid HTTP/1.1; removed from the contract.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

/** capi/transport-request-header, reported at `.../parameters/<i>`: that parameter removed (from this list; a shared definition stays for its other uses). */
export function transportRequestHeaderActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'parameters' || typeof segs.at(-1) !== 'number') return [];
  const param = resolveLocal(doc, getAt(doc, segs));
  const name = isObject(param) ? String(param.name) : '?';
  return [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents the transport-level header \`${name}\` as a header parameter (${where}), copied from one exchange: the HTTP stack writes it from the body, and no client can send it as documented; removed from the contract.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
}

// --- a closed schema that requires a property it forbids ----------------------------------------

/**
 * capi/required-not-allowed, reported at `.../required`: the names the closed schema does not
 * list taken out of `required` (an overlay update appends to a list, so the list is removed and
 * written again, or left out when nothing is left).
 */
export function requiredNotAllowedActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-1) !== 'required') return [];
  const at = segs.slice(0, -1);
  const schema = getAt(doc, at);
  if (!isObject(schema) || schema.additionalProperties !== false || !Array.isArray(schema.required)) return [];
  const listed = isObject(schema.properties) ? schema.properties : {};
  const kept = schema.required.filter((n) => typeof n === 'string' && Object.hasOwn(listed, n));
  const dropped = schema.required.filter((n) => !kept.includes(n));
  if (!dropped.length) return [];
  const why = `Upstream's schema (${where}) requires ${dropped.map((n) => `\`${String(n)}\``).join(', ')}, which its \`additionalProperties: false\` forbids (not under \`properties\`), so no value is valid`;
  return [
    {
      target: jsonPathOf(segs),
      description: `${why}; the name is taken out of \`required\`${kept.length ? ' (step 1 of 2)' : ''}.`,
      remove: true,
      'x-fixes': [rule],
    },
    ...(kept.length
      ? [
          {
            target: jsonPathOf(at),
            description: '...(step 2 of 2) the names it lists stay required.',
            update: { required: kept },
            'x-fixes': [rule],
          },
        ]
      : []),
  ];
}

// --- a path parameter whose enum admits a value that changes the path ------------------------------

/** capi/path-param-empty-value, reported at `.../schema/enum`: '', '.' and '..' out of the enum (removed and written again). */
export function pathParamEmptyValueActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  const values = getAt(doc, segs);
  if (segs.at(-1) !== 'enum' || !Array.isArray(values)) return [];
  const kept = values.filter((v) => !['', '.', '..'].includes(v as string));
  if (kept.length === values.length) return [];
  const why = `Upstream's path parameter (${where}) admits ${values
    .filter((v) => !kept.includes(v))
    .map((v) => JSON.stringify(v))
    .join(', ')}, which as a path segment changes the path: no client can send it`;
  return [
    {
      target: jsonPathOf(segs),
      description: `${why}; taken out of the enum${kept.length ? ' (step 1 of 2)' : ''}.`,
      remove: true,
      'x-fixes': [rule],
    },
    ...(kept.length
      ? [
          {
            target: jsonPathOf(segs.slice(0, -1)),
            description: '...(step 2 of 2) the other values.',
            update: { enum: kept },
            'x-fixes': [rule],
          },
        ]
      : []),
  ];
}

// --- a header parameter OpenAPI ignores (Accept, Content-Type, Authorization) ---------------------

/**
 * capi/ignored-header-parameter, reported at `.../parameters/<i>`: the parameter removed. For an
 * operation's `Authorization` without security of its own, when the document has exactly one
 * scheme that sends that header (http, oauth2, openIdConnect), the operation requires it: what
 * the parameter was saying.
 */
export function ignoredHeaderParameterActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const segs = typedPath(doc, parsePointer(pointer));
  if (segs.at(-2) !== 'parameters' || typeof segs.at(-1) !== 'number') return [];
  const param = resolveLocal(doc, getAt(doc, segs));
  const name = isObject(param) ? String(param.name) : '?';
  const actions: DefectAction[] = [
    {
      target: jsonPathOf(segs),
      description: `Upstream documents \`${name}\` as a header parameter (${where}), which OpenAPI ignores (${name.toLowerCase() === 'authorization' ? 'security requirements say how credentials go' : 'the media types say it'}), and a client sending it as documented collides with what it sends anyway; removed.`,
      remove: true,
      'x-fixes': [rule],
    },
  ];
  const op = segs.slice(0, -2);
  const operation = getAt(doc, op);
  const schemes =
    isObject(doc) && isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const senders = Object.entries(schemes).filter(
    ([, s]) => isObject(s) && (s.type === 'http' || s.type === 'oauth2' || s.type === 'openIdConnect'),
  );
  const isOperation = op.length === 3 && op[0] === 'paths';
  if (
    name.toLowerCase() === 'authorization' &&
    isOperation &&
    isObject(operation) &&
    operation.security === undefined &&
    senders.length === 1
  ) {
    actions.push({
      target: jsonPathOf(op),
      description: `...and the operation requires ${senders[0][0]}, the document's one scheme that sends an Authorization header (what the parameter said).`,
      update: { security: [{ [senders[0][0]]: [] }] },
      'x-fixes': [rule],
    });
  }
  return actions;
}

// --- OAS 3.0 `nullable` without a `type` (Redocly's nullable-type-sibling) -----------------------

/**
 * nullable-type-sibling (`nullable` beside an allOf or $ref and no `type`, OAS 3.0): the same
 * correction generation asks for when it refuses the schema (generation-checks.ts), so lint
 * --fix corrects it instead of accepting the rule and leaving generation to stop (cpy.re
 * peertube: lint passed, generate failed on the six of them).
 */
export function nullableTypeSiblingActions(doc: unknown, pointer: string, _where: string, rule: string): DefectAction[] {
  const kind = structKind({ rule: 'struct', message: 'The `type` field must be defined when the `nullable` field is used.', pointer }, doc);
  return (kind.fix ?? []).map((a) => ({ ...a, 'x-fixes': [rule, ...(a['x-fixes'] ?? [])] }));
}

// --- a closed allOf part ----------------------------------------------------------------------

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
export function closedAllOfActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
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

// --- discriminator mappings that name missing files -------------------------------------------

/** A discriminator mapping value Redocly resolves as a reference (a name alone is a schema name). */
export const isMappingRef = (v: string): boolean =>
  v.startsWith('#') ||
  /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ||
  v.startsWith('./') ||
  v.startsWith('../') ||
  v.includes('/') ||
  /\.(ya?ml|json)$/i.test(v);

/** One discriminator mapping entry the bundle cannot resolve. */
export interface DanglingMapping {
  /** path of the entry (…/discriminator/mapping/<key>) */
  path: (string | number)[];
  pointer: string;
  value: string;
  /** `#/components/schemas/<name>` when the value's name denotes a schema of the document, else null */
  component: string | null;
}

/**
 * The discriminator mapping entries of a document (the root document, as read before bundling)
 * that name a file which does not exist next to `file`, a URL, or a local pointer to nothing.
 */
export function danglingMappings(doc: unknown, file: string): DanglingMapping[] {
  const schemas = isObject(doc) && isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const out: DanglingMapping[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, [...path, i]);
      return;
    }
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    const mapping = isObject(node.discriminator) ? node.discriminator.mapping : undefined;
    if (isObject(mapping)) {
      for (const [key, value] of Object.entries(mapping)) {
        if (typeof value !== 'string' || !isMappingRef(value) || resolves(doc, file, value)) continue;
        const entry = [...path, 'discriminator', 'mapping', key];
        out.push({ path: entry, pointer: formatPointer(entry), value, component: denoted(value, schemas) });
      }
    }
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(doc, []);
  return out;
}

/** Whether a mapping reference resolves: a local pointer to a node, or a file that exists (and, with a fragment, is not checked further). */
function resolves(doc: unknown, file: string, value: string): boolean {
  if (value.startsWith('#')) return getAt(doc, value) !== undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false; // the build reads no network
  const path = value.split('#')[0];
  return existsSync(resolve(dirname(file), decodeURIComponent(path)));
}

/** The schema a mapping value's name denotes: its fragment's last segment, else its file name without the extension. */
function denoted(value: string, schemas: Obj): string | null {
  const [path, fragment] = value.split('#');
  const candidates = [
    fragment ? parsePointer(fragment).at(-1) : undefined,
    path
      .split('/')
      .at(-1)
      ?.replace(/\.(ya?ml|json)$/i, ''),
  ].filter((c): c is string => Boolean(c));
  for (const c of candidates) if (Object.hasOwn(schemas, c)) return formatPointer(['components', 'schemas', c]);
  // the same name in another case, when only one schema has it
  for (const c of candidates) {
    const same = Object.keys(schemas).filter((s) => s.toLowerCase() === c.toLowerCase());
    if (same.length === 1) return formatPointer(['components', 'schemas', same[0]]);
  }
  return null;
}

/**
 * no-unresolved-refs at a discriminator mapping entry of the effective spec (a schema name or a
 * local pointer to nothing, which the bundle keeps: "Discriminator mapping value 'Fish' does not
 * point to an existing schema component"): the same correction, the component the name denotes
 * or the entry's removal. Any other unresolved reference gets no action.
 */
export function mappingEntryActions(doc: unknown, pointer: string, where: string, rule: string): DefectAction[] {
  const path = typedPath(doc, parsePointer(pointer));
  const value = getAt(doc, path);
  if (path.at(-2) !== 'mapping' || path.at(-3) !== 'discriminator' || typeof value !== 'string') return [];
  const schemas = isObject(doc) && isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const component = denoted(value, schemas);
  if (component === value) return [];
  return danglingMappingActions([{ path, pointer, value, component }], where).map((a) => ({
    ...a,
    description: a.description.replace(
      'names a file that is not there (the document was bundled from several files and kept the reference), so the bundle cannot resolve it',
      'names no schema of the document',
    ),
    'x-fixes': [rule],
  }));
}

// --- examples whose externalValue the bundle cannot read ----------------------------------------

/** An example (`{ externalValue }`) the bundle would fetch or read and cannot. */
export interface ExternalExample {
  path: (string | number)[];
  pointer: string;
  value: string;
  /** the `$ref` uses of it, when it is a component (paths of the referring entries) */
  uses: (string | number)[][];
}

/**
 * The examples of a document whose `externalValue` is a URL (the build reads no network) or a
 * file that is not there: Redocly resolves them like references, before any overlay, and the
 * bundle stops ("Can't resolve $ref: fetch failed"; cpy.re's peertube has 17).
 */
export function externalExamples(doc: unknown, file: string): ExternalExample[] {
  const out: ExternalExample[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, [...path, i]);
      return;
    }
    if (!isObject(node)) return;
    if (path.at(-2) === 'examples' && typeof node.externalValue === 'string' && !resolves(doc, file, node.externalValue)) {
      out.push({ path, pointer: formatPointer(path), value: node.externalValue, uses: [] });
    }
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(doc, []);
  // a shared one: its uses go with it (a $ref left to a removed example would dangle)
  for (const e of out.filter((x) => x.path[0] === 'components' && x.path[1] === 'examples' && x.path.length === 3)) {
    const walkRefs = (node: unknown, path: (string | number)[]): void => {
      if (Array.isArray(node)) for (const [i, v] of node.entries()) walkRefs(v, [...path, i]);
      else if (isObject(node)) {
        if (node.$ref === e.pointer && path.at(-2) === 'examples') e.uses.push(path);
        else for (const [k, v] of Object.entries(node)) walkRefs(v, [...path, k]);
      }
    };
    walkRefs(doc, []);
  }
  return out;
}

/** The overlay actions for those examples: each removed (mocks and tests use the schema), with its uses. */
export function externalExampleActions(found: readonly ExternalExample[], where: string): DefectAction[] {
  return found.flatMap((e) => {
    const why = `Upstream's example ${e.pointer} (${where}) is \`externalValue: ${e.value}\`, which the build cannot read (it reads no network, and no such file is there), so the bundle stops; removed, so mocks and tests use the schema`;
    return [...e.uses, e.path].map((path) => ({
      target: jsonPathOf(path),
      description: path === e.path ? `${why}.` : `${why} (a use of it).`,
      remove: true,
      'x-fixes': [DANGLING_MAPPING_RULE],
    }));
  });
}

/** The rule the actions name in x-fixes: what Redocly reports on the upstream document for these entries. */
export const DANGLING_MAPPING_RULE = 'no-unresolved-refs';

/** The overlay actions for dangling mapping entries: rewritten to the component the name denotes, or removed. */
export function danglingMappingActions(found: readonly DanglingMapping[], where: string): DefectAction[] {
  return found.map((m) => {
    const mapping = m.path.slice(0, -1);
    const key = String(m.path.at(-1));
    const why = `Upstream's discriminator mapping \`${key}: ${m.value}\` (${where} ${m.pointer}) names a file that is not there (the document was bundled from several files and kept the reference), so the bundle cannot resolve it`;
    return m.component
      ? {
          target: jsonPathOf(mapping),
          description: `${why}; the component its name denotes, ${m.component}, instead.`,
          update: { [key]: m.component },
          'x-fixes': [DANGLING_MAPPING_RULE],
        }
      : {
          target: jsonPathOf(m.path),
          description: `${why}, and the document has no schema of that name; removed (the discriminator still selects by the oneOf/anyOf schemas).`,
          remove: true,
          'x-fixes': [DANGLING_MAPPING_RULE],
        };
  });
}
