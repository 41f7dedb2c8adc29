// Request bodies by media type, for the contract tests: for each media type an operation's
// request body declares (scripts/lib/spec/spec-model.ts), how a valid body is made, how one with a
// constraint broken is made, and how a server reads what the client sends, which is what
// decides whether a body is valid:
//   json       the value itself (application/json, any +json type, `; charset=...`);
//   form       an object of fields; a server reads each field as a string and the schema's types
//              from it (coercion: "3" is an integer), so `{ name: 123 }` is a valid string field;
//   multipart  the same, and binary fields (`format: binary`, OAS 3.1 binary content) are Blobs;
//   text       a string (text/*), checked against its schema; not made invalid on purpose;
//   binary     bytes (Uint8Array: octet-stream and any other type); nothing to check; but a
//              string schema that constrains its text (a pattern, `format: byte`) gets such strings.
// An empty body is no body at all (Prism then answers "Body parameter is required"), so valid
// text and binary bodies are never empty and a top-level JSON null is never sent.
//
// Prism 5.16 reads form and multipart bodies in its own way (@stoplight/prism-http,
// validator/validators/body.js), and the harness only sends what it can read:
//   - a repeated field keeps only its last value, and a field is read as an array only when the
//     spec gives it an `encoding` with a `style`: an array field has at most one item, and one
//     without a style is left out (or, when required, the media type is Prism's limitation);
//   - a nested object field is a string to it (no JSON inside a field): left out likewise; so is
//     a list in a field with no type of its own but oneOf/anyOf branches: only its branches that
//     are no object or list are sent;
//   - a field with an encoding style must not be empty and, without `allowReserved`, must not
//     hold a reserved character (/?#[]@!$&'()*+,;= and the space, which a form encodes as +);
//   - a form body with no field to send (every one null or left out: a form has no null) is
//     empty, which Prism reads as no body at all: such a body is not sent as a form.
import fc, { type Arbitrary } from 'fast-check';
import {
  isBinarySchema,
  type Media,
  type MediaKind,
  type SpecModel,
  type SpecNode,
  type Validation,
} from '@capi/scripts/lib/spec/spec-model.ts';
import { CHECKABLE } from './budget.ts';
import { type ConstraintCase, constraintViolations, invalidArbitrary, mergeAllOf, validArbitrary } from './arbitraries.ts';

/** How bodies of one media type are made, checked and read (see the top of this file). */
export interface BodyPlan {
  readonly media: Media;
  readonly kind: MediaKind;
  /** Whether a server can tell its invalid bodies apart: negative cases and invalid properties. */
  readonly checkable: boolean;
  /** Why no body of it can be sent as meant (the harness's or, starting with "Prism", the mock's limit), or null. */
  limitation: string | null;
  /** Valid bodies. */
  readonly valid: () => Arbitrary<unknown>;
  /** Candidate invalid bodies (checkable kinds only). */
  readonly invalid: (() => Arbitrary<unknown>) | undefined;
  /** One body per documented constraint, broken in a valid body. */
  readonly cases: (valid: unknown) => ConstraintCase[];
  /** A body checked as a server reads it. */
  readonly check: (body: unknown) => Validation;
  /** Why Prism would read this body otherwise than it was sent, or null. */
  readonly readable: (body: unknown) => string | null;
  /** What a server reads of a form or multipart body. */
  readonly wire?: (body: Record<string, unknown>) => Record<string, unknown>;
}

type PlanBase = Pick<BodyPlan, 'media' | 'kind' | 'checkable' | 'limitation'>;

const PRISM_STYLES = new Set(['form', 'spaceDelimited', 'pipeDelimited', 'deepObject']);
const RESERVED = /[/?#[\]@!$&'()*+,;= ]/;
/** Strings for a style-encoded field when its schema says nothing narrower (no reserved character). */
const PLAIN_TOKEN = '^[A-Za-z0-9._~-]{1,12}$';

const plans = new WeakMap<Media, BodyPlan>();

/** How bodies of one media type are made and read. Fixed per media type: computed once. */
export function bodyPlan(model: SpecModel, media: Media): BodyPlan {
  let plan = plans.get(media);
  if (!plan) {
    plan = makePlan(model, media);
    plans.set(media, plan);
  }
  return plan;
}

/** A media type's parameters as RFC 9110 has them (`; name=value`), or not: Prism cannot read a body sent with malformed ones. */
const PARAM = /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+=("[^"]*"|[!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*$/;
const malformedParameters = (type: string): boolean =>
  type
    .split(';')
    .slice(1)
    .some((p) => !PARAM.test(p));

/** A JSON body as the server receives it: the value through its JSON text (undefined stays: no body). */
const asSent = (v: unknown): unknown => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function makePlan(model: SpecModel, media: Media): BodyPlan {
  const plan = planFor(model, media);
  if (!plan.limitation && malformedParameters(media.type))
    plan.limitation = `Prism 5.16 cannot read a body sent as "${media.type}": its parameters are not name=value, so Prism matches it to no media type of the spec`;
  return plan;
}

function planFor(model: SpecModel, media: Media): BodyPlan {
  const resolve = model.resolve;
  const schema = media.schema ?? {};
  const pointer = media.schemaPointer;
  const base: PlanBase = { media, kind: media.kind, checkable: CHECKABLE.has(media.kind), limitation: null };
  switch (media.kind) {
    case 'json':
      return {
        ...base,
        // as sent: the JSON text of the value (fast-check's null-prototype objects become plain
        // ones, which Ajv's equality checks need)
        valid: () => validArbitrary(schema, resolve).map(asSent),
        invalid: () => invalidArbitrary(schema, resolve).map(asSent),
        cases: (valid: unknown) => constraintViolations(schema, resolve, valid),
        check: (body: unknown): Validation =>
          body === null || body === undefined
            ? { ok: false, errors: ['/ null is sent as no body at all'] }
            : pointer
              ? model.validate(pointer, body, { request: true })
              : { ok: true, errors: [] },
        // Prism reads a top-level false, 0 or "" as no body at all ("Body parameter is required")
        readable: (body: unknown) =>
          body === false || body === 0 || body === '' ? `Prism reads a top-level ${JSON.stringify(body)} as no body at all` : null,
      };
    case 'form':
    case 'multipart':
      return fieldsPlan(model, media, base);
    case 'text': {
      const s = resolve(schema) ?? {};
      const types: string[] = [s.type ?? []].flat();
      return {
        ...stringPlan(model, media, base),
        limitation:
          types.length && !types.includes('string')
            ? `the ${media.type} body's schema (at ${pointer}) is not a string: the harness sends text bodies as strings`
            : null,
      };
    }
    default: {
      const s = resolve(schema) ?? {};
      const types: string[] = [s.type ?? []].flat();
      // a string schema that constrains its text (spotify.com's image/jpeg as base64: `format:
      // byte`): Prism checks the raw text against it, so the body is such a string, not bytes
      if (types.includes('string') && !isBinarySchema(s) && STRING_CONSTRAINTS.some((k) => s[k] !== undefined)) {
        return { ...stringPlan(model, media, base), limitation: null };
      }
      return {
        ...base,
        // Prism parses only JSON and form bodies; any other body is checked as the raw text it
        // received, so a schema that is not a string (an XML or msgpack object) refuses every body
        limitation:
          (types.length && !types.includes('string')) || (media.schema !== undefined && !model.validateNode(media.schema, 'text'))
            ? `Prism 5.16 checks a ${media.type} body as raw text against its schema (at ${pointer}), which admits no string: no body can pass`
            : null,
        valid: () => fc.uint8Array({ minLength: 1, maxLength: 64 }),
        invalid: undefined,
        cases: () => [],
        // bytes have no schema a server checks (a string schema with format binary says "any bytes")
        check: (body: unknown): Validation =>
          body instanceof Uint8Array && body.length > 0 ? { ok: true, errors: [] } : { ok: false, errors: ['/ no bytes'] },
        readable: () => null,
      };
    }
  }
}

/** What makes a string schema say more than "any text". */
const STRING_CONSTRAINTS = ['format', 'pattern', 'enum', 'const', 'minLength', 'maxLength', 'contentEncoding'];

/** Bodies that are one string, checked against the media type's schema (text/*, and constrained strings of other types). */
function stringPlan(model: SpecModel, media: Media, base: PlanBase): BodyPlan {
  const { schema, schemaPointer: pointer } = media;
  const types: string[] = [model.resolve(schema)?.type ?? []].flat();
  return {
    ...base,
    // mapped, never filtered: a filter retries without limit on a schema whose only string is ''
    // (the validator then reports the body as the harness's limit)
    valid: () =>
      validArbitrary(types.length ? schema : { type: 'string' }, model.resolve).map((v) =>
        typeof v === 'string' && v !== '' ? v : 'text',
      ),
    invalid: undefined,
    cases: () => [],
    check: (body: unknown): Validation =>
      typeof body !== 'string' || body === ''
        ? { ok: false, errors: ['/ an empty text body is no body at all'] }
        : pointer
          ? model.validate(pointer, body, { request: true })
          : { ok: true, errors: [] },
    readable: () => null,
  };
}

/** Form-urlencoded and multipart bodies: objects of fields (see the top of this file). */
function fieldsPlan(model: SpecModel, media: Media, base: PlanBase): BodyPlan {
  const resolve = model.resolve;
  const pointer = media.schemaPointer;
  let s: SpecNode = resolve(media.schema) ?? {};
  if (s.allOf) s = mergeAllOf(s, resolve);
  const multipart = media.kind === 'multipart';
  const props = Object.entries(s.properties ?? {}).map(([name, raw]) => {
    let p: SpecNode = resolve(raw) ?? {};
    if (p.allOf) p = mergeAllOf(p, resolve);
    const enc = media.encoding[name] ?? {};
    return {
      name,
      raw,
      p,
      binary: multipart && isBinarySchema(p),
      array: [p.type ?? []].flat().includes('array'),
      styled: PRISM_STYLES.has(enc.style),
      // Prism builds it from `name[key]…` fields: an object (every level of it, sent or not) or a list
      deep: enc.style === 'deepObject' && (p.type === 'object' || p.type === 'array'),
      reserved: enc.allowReserved === true,
      type: firstContentType(enc.contentType) ?? (typeof p.contentMediaType === 'string' ? p.contentMediaType : 'application/octet-stream'),
    };
  });
  const byName = new Map(props.map((x) => [x.name, x]));
  const alwaysSent = new Set<string>();
  const required = new Set<string>(s.required ?? []);
  const types: string[] = [s.type ?? []].flat();

  // the schema valid bodies are generated from: only fields Prism reads as the spec means them
  const unreadable: { name: string; why: string }[] = [];
  const genProps: Record<string, unknown> = {};
  for (const x of props) {
    const kinds: string[] = [x.p.type ?? []].flat();
    let gen = x.raw;
    if (x.deep) {
      const made = deepGen(x.p, resolve, 0, true);
      if (typeof made === 'string') unreadable.push({ name: x.name, why: made });
      else {
        genProps[x.name] = made;
        // Prism builds an object field whether or not it is sent: its required fields must be
        alwaysSent.add(x.name);
      }
      continue;
    }
    if (kinds.includes('object') || x.p.properties) {
      unreadable.push({ name: x.name, why: 'an object field (a form field is one string to Prism, not JSON)' });
      continue;
    }
    // a field with no type of its own but branches (`anyOf: [array, string]`, stripe's "a list or
    // '' to clear it"): Prism 5.16 reads it as one string whatever its style, so only its branches
    // that are no object or list can be sent
    const branches = x.p.anyOf ?? x.p.oneOf;
    if (!kinds.length && Array.isArray(branches)) {
      const scalar = scalarBranches(branches, resolve);
      if (!scalar.length) {
        unreadable.push({ name: x.name, why: 'an object or a list inside a oneOf or anyOf (Prism 5.16 reads one string there)' });
        continue;
      }
      const { anyOf: _a, oneOf: _o, ...rest } = x.p;
      genProps[x.name] = { ...rest, [x.p.anyOf ? 'anyOf' : 'oneOf']: x.styled && !x.reserved ? scalar.map(plainStrings) : scalar };
      continue;
    }
    if (kinds.includes('array')) {
      if (!x.styled) {
        unreadable.push({ name: x.name, why: 'an array field without an encoding style (Prism 5.16 then reads one string)' });
        continue;
      }
      const items = resolve(x.p.items) ?? {};
      gen = { ...x.p, maxItems: Math.min(x.p.maxItems ?? 1, 1), items: x.reserved ? items : plainStrings(items) };
    } else if (x.styled && !x.reserved) gen = plainStrings(x.p);
    genProps[x.name] = gen;
  }
  const blocked = unreadable.filter((u) => required.has(u.name));
  const limitation =
    types.length && !types.includes('object')
      ? `the ${media.type} body's schema (at ${pointer}) is not an object of fields`
      : blocked.length
        ? `Prism 5.16 cannot read the required ${blocked.map((u) => `field "${u.name}", ${u.why}`).join('; ')} of a ${media.type} body`
        : null;
  const genSchema = {
    ...s,
    type: 'object',
    properties: genProps,
    required: [...new Set([...required, ...[...alwaysSent].filter((n) => byName.get(n)?.p.type === 'object')])].filter(
      (r) => r in genProps,
    ),
  };
  const deepFields = props.filter((x) => x.deep);
  /** A body with its deepObject fields written as Prism reads them, `name[key][0]=value`. */
  const flatten = (body: unknown): unknown => {
    if (!deepFields.length || !isPlainObject(body)) return body;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (byName.get(k)?.deep && v !== null && typeof v === 'object') writeDeep(k, v, out);
      else out[k] = v;
    }
    return out;
  };

  const blob = (x: { type: string }, bytes: Uint8Array<ArrayBuffer>): Blob => new Blob([bytes], { type: x.type });
  /** Binary fields given as strings (from a schema-derived value) become Blobs of their bytes. */
  const blobify = (body: unknown): unknown => {
    if (!multipart || !isPlainObject(body)) return body;
    const out: Record<string, unknown> = { ...body };
    for (const x of props) {
      const v = out[x.name];
      if (x.binary && typeof v === 'string') out[x.name] = blob(x, new TextEncoder().encode(v));
    }
    return out;
  };
  const binaries = props.filter((x) => x.binary && x.name in genProps);
  const valid = (): Arbitrary<unknown> =>
    fc
      .tuple(
        validArbitrary(genSchema, resolve),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 16 }), { minLength: binaries.length, maxLength: binaries.length }),
      )
      .map(([body, bytes]) => {
        if (!isPlainObject(body) || !binaries.length) return body;
        const out: Record<string, unknown> = { ...body };
        binaries.forEach((x, i) => {
          if (x.name in out) out[x.name] = blob(x, bytes[i]);
        });
        return out;
      })
      .map(flatten);

  /**
   * What a server reads: each field a string (a Blob: its size in characters); a field the schema
   * says is an array is a list of such values (a single value is a list of one: the wire cannot
   * tell them apart); null, undefined and an empty list are not sent at all.
   */
  const wire = (body: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) {
      const values = (Array.isArray(v) ? v : [v]).filter((i) => i !== null && i !== undefined).map(field);
      if (!values.length) continue;
      fields[k] = values[values.length - 1] as string;
      out[k] = Array.isArray(v) || byName.get(k)?.array ? values : values[0];
    }
    // a deepObject field is what Prism builds of the `name[…]` fields, whatever `name` itself holds
    for (const x of deepFields) {
      const built = readDeep(x.name, x.p, fields, resolve, 0);
      if (built === undefined) delete out[x.name];
      else out[x.name] = built;
    }
    for (const k of Object.keys(out)) if (!byName.has(k) && deepKey(k) !== null && byName.get(deepKey(k) as string)?.deep) delete out[k];
    return out;
  };
  const field = (v: unknown): string => (v instanceof Blob ? 'x'.repeat(v.size) : typeof v === 'object' ? JSON.stringify(v) : String(v));

  /** Why Prism would read this body differently from what the client sent, or null. */
  const readable = (body: unknown): string | null => {
    if (!isPlainObject(body)) return null;
    // the client leaves out null and undefined fields (a form has no null): with no field left
    // the body is empty, which Prism (as any server) reads as no body at all, not as the object {}
    const sent = Object.entries(body).filter(([, v]) => (Array.isArray(v) ? v : [v]).some((i) => i !== null && i !== undefined));
    if (!multipart && !sent.length) return 'no field is sent (a form has no null), and Prism reads an empty form body as no body at all';
    for (const [k, v] of Object.entries(body)) {
      if (v === null || v === undefined) continue;
      // `name[key]…` of a deepObject field: Prism builds the field of them (wire)
      const parent = byName.has(k) ? null : deepKey(k);
      if (parent !== null && byName.get(parent)?.deep) {
        if (typeof v === 'object' && !(v instanceof Blob)) return `field "${k}" holds an object or a list (Prism reads one string)`;
        continue;
      }
      const x = byName.get(k);
      // @stoplight/prism-http validator/validators/body.js deserializeFormBody: only the fields
      // the schema's `properties` name are read, so an unknown field can never be refused
      if (!x && s.properties) return `field "${k}" is not in the schema (Prism 5.16 reads only the fields its schema names)`;
      const values = Array.isArray(v) ? v.filter((i) => i !== null && i !== undefined) : [v];
      if ((Array.isArray(v) || x?.array) && !x?.styled)
        return `field "${k}" is an array without an encoding style (Prism 5.16 reads one string)`;
      if (Array.isArray(v) && x && !x.array)
        return `field "${k}" holds a list, but its schema's own type is not array (a oneOf or anyOf: Prism 5.16 reads one string)`;
      if (values.length > 1) return `field "${k}" has ${values.length} values (Prism 5.16 reads only the last one)`;
      for (const i of values) {
        if (i !== null && typeof i === 'object' && !(i instanceof Blob)) return `field "${k}" holds an object (Prism reads it as a string)`;
        if (x?.styled && !x.reserved && (String(i) === '' || RESERVED.test(String(i))))
          return `field "${k}" has an encoding style and a value Prism reads as missing or refuses (empty, or a reserved character)`;
      }
    }
    return null;
  };

  return {
    ...base,
    limitation,
    valid,
    invalid: () => invalidArbitrary(genSchema, resolve).map((b) => blobify(flatten(b))),
    cases: (validBody: unknown) =>
      constraintViolations(s, resolve, validBody)
        .map((c) => ({ ...c, body: blobify(c.body) }))
        .filter((c) => isPlainObject(c.body)),
    check: (body: unknown): Validation =>
      !isPlainObject(body)
        ? { ok: false, errors: ['/ a form or multipart body is an object of fields'] }
        : pointer
          ? model.validate(pointer, wire(body), { coerce: true, request: true })
          : { ok: true, errors: [] },
    readable,
    wire,
  };
}

/** Levels of a deepObject field the harness writes out; deeper (a cycle) is its limit. */
const DEEP_LEVELS = 8;

/**
 * The schema a deepObject field's value is generated from so that what Prism 5.16 builds of it
 * (validator/deserializers/style/deepObject.js) is valid: an object (`type: object`) is built with
 * every property its schema names, sent or not, so each object below is required (and its own
 * required fields with it), and nothing the schema does not name is made; a list is built from
 * `name[0]`, `name[1]`…; anything else is one field's string (a oneOf or anyOf only of its
 * branches that are no object or list). A string: why no such value can be made.
 */
function deepGen(p: SpecNode, resolve: (n: unknown) => SpecNode | undefined, level: number, top: boolean): SpecNode | string {
  if (level > DEEP_LEVELS) return `a deepObject field nested more than ${DEEP_LEVELS} levels (a cycle)`;
  if (p.type === 'object') {
    const properties: Record<string, SpecNode> = {};
    const required = new Set<string>(Array.isArray(p.required) ? p.required : []);
    for (const [name, raw] of Object.entries<unknown>(p.properties ?? {})) {
      let q: SpecNode = resolve(raw) ?? {};
      if (q.allOf) q = mergeAllOf(q, resolve);
      if (q.readOnly === true) continue;
      const made = deepGen(q, resolve, level + 1, false);
      if (typeof made === 'string') {
        if (required.has(name)) return `its field "${name}" is ${made}`;
        continue;
      }
      properties[name] = made;
      if (q.type === 'object') required.add(name);
    }
    return { type: 'object', properties, required: [...required].filter((r) => r in properties), additionalProperties: false };
  }
  if (p.type === 'array') {
    let items: SpecNode = resolve(p.items) ?? {};
    if (items.allOf) items = mergeAllOf(items, resolve);
    // Prism reads a top-level list of objects as JSON texts (body.js): one built of fields it refuses
    if (top && items.type === 'object') {
      if ((p.minItems ?? 0) > 0) return 'a list of objects (Prism 5.16 refuses one sent as deepObject fields)';
      return { ...p, maxItems: 0 };
    }
    const made = deepGen(items, resolve, level + 1, false);
    if (typeof made === 'string') {
      if ((p.minItems ?? 0) > 0) return `a list whose items are ${made}`;
      return { ...p, maxItems: 0 };
    }
    return { ...p, items: made, maxItems: Math.max(p.minItems ?? 0, Math.min(p.maxItems ?? 2, 2)) };
  }
  const branches = p.anyOf ?? p.oneOf;
  if (Array.isArray(branches)) {
    const scalar = scalarBranches(branches, resolve);
    if (!scalar.length) return 'an object or a list inside a oneOf or anyOf (Prism 5.16 reads one string there)';
    const { anyOf: _a, oneOf: _o, ...rest } = p;
    return { ...rest, [p.anyOf ? 'anyOf' : 'oneOf']: scalar };
  }
  const kinds: string[] = [p.type ?? []].flat();
  if (kinds.includes('object') || kinds.includes('array'))
    return 'an object or a list of more than one type (Prism 5.16 reads one string there)';
  return p;
}

/** The branches of a oneOf or anyOf that are no object or list: what one form field can hold. */
function scalarBranches(branches: unknown[], resolve: (n: unknown) => SpecNode | undefined): SpecNode[] {
  return branches.filter((b: unknown) => {
    const t: string[] = [resolve(b)?.type ?? []].flat();
    return !t.includes('object') && !t.includes('array');
  }) as SpecNode[];
}

/** `name[key][0]` → `name`; null for a field name without brackets. */
const deepKey = (k: string): string | null => /^([^[\]]+)\[/.exec(k)?.[1] ?? null;

/** A deepObject value written as fields: `name[key]`, `name[0]`; nulls left out (a form has no null). */
function writeDeep(name: string, value: unknown, out: Record<string, unknown>): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) writeDeep(`${name}[${i}]`, v, out);
  } else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) writeDeep(`${name}[${k}]`, v, out);
  else out[name] = value;
}

/**
 * What Prism 5.16 builds of a deepObject field from the fields sent (deserializeDeepObjectStyle):
 * an object of every property its schema names, a list of the indexes sent, else the field's
 * string; a property it builds as undefined is left out (as Ajv reads it).
 */
function readDeep(
  name: string,
  p: SpecNode,
  fields: Record<string, string>,
  resolve: (n: unknown) => SpecNode | undefined,
  level: number,
): unknown {
  if (level > DEEP_LEVELS + 1) return undefined;
  if (p.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, raw] of Object.entries<unknown>(p.properties ?? {})) {
      let q: SpecNode = resolve(raw) ?? {};
      if (q.allOf) q = mergeAllOf(q, resolve);
      const v = readDeep(`${name}[${k}]`, q, fields, resolve, level + 1);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (p.type === 'array') {
    let items: SpecNode = resolve(p.items) ?? {};
    if (items.allOf) items = mergeAllOf(items, resolve);
    const prefix = `${name}[`;
    const indexes = new Set<string>();
    for (const k of Object.keys(fields)) {
      const m = k.startsWith(prefix) ? /^([0-9]+)\]/.exec(k.slice(prefix.length)) : null;
      if (m) indexes.add(m[1] as string);
    }
    return [...indexes].map((i) => readDeep(`${name}[${i}]`, items, fields, resolve, level + 1));
  }
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** A string schema (or one for array items) narrowed to plain tokens when it says nothing narrower. */
function plainStrings(p: SpecNode): SpecNode {
  const t: string[] = [p.type ?? []].flat();
  if (!t.includes('string') || p.pattern || p.enum || p.const !== undefined || p.format) return p;
  return { ...p, pattern: PLAIN_TOKEN, minLength: Math.max(1, p.minLength ?? 1) };
}

const firstContentType = (ct: unknown): string | undefined => {
  const first = typeof ct === 'string' ? (ct.split(',')[0] ?? '').trim() : '';
  return first && !first.includes('*') ? first : undefined;
};

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Blob) && !ArrayBuffer.isView(v);

/** A body for a failure message: bytes and Blobs by their size, never their content. */
export function describeBody(body: unknown): string {
  if (body instanceof Uint8Array) return `${body.length} bytes`;
  if (body instanceof Blob) return `a ${body.type || 'Blob'} of ${body.size} bytes`;
  if (isPlainObject(body))
    return `{ ${Object.entries(body)
      .map(([k, v]) => `${k}: ${v instanceof Blob ? `<${v.type} ${v.size} bytes>` : JSON.stringify(v)}`)
      .join(', ')} }`;
  return JSON.stringify(body);
}

/**
 * Why no invalid body of `plan` can be sent, judged on sampled candidates (the invalid bodies'
 * property skips with it), or null when one can: an invalid body the client sends as meant. Where
 * every invalid candidate is one Prism would read otherwise than sent (a form whose only invalid
 * body has no field left: an empty form, which Prism reads as no body at all), it says so: the
 * schema refuses bodies, the mock cannot be shown one.
 */
export function noInvalidBody(plan: BodyPlan, candidates: readonly unknown[]): string | null {
  const shaped = (b: unknown): boolean => plan.kind === 'json' || isPlainObject(b);
  const invalid = candidates.filter((b) => b !== null && b !== undefined && shaped(b) && !plan.check(b).ok);
  if (invalid.some((b) => !plan.readable(b))) return null;
  const unread = invalid.map((b) => plan.readable(b)).find((r) => r);
  return unread
    ? `every invalid ${plan.media.type} body tried is one Prism would read otherwise than sent (${unread}): there is no invalid body to send`
    : `the ${plan.media.type} body schema accepts every value tried: there is no invalid body to send`;
}
