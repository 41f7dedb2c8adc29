// Request bodies derived from a JSON Schema (as OpenAPI 3.1 uses it): fast-check arbitraries of
// valid values, one deterministic violation per documented constraint, and arbitraries of
// invalid values. Supports what the provider specs use: $ref, allOf/oneOf/anyOf, type (also as
// a list), enum/const, string length/format/pattern, numeric bounds, object
// properties/required/minProperties/additionalProperties, arrays, readOnly.
import fc, { type Arbitrary } from 'fast-check';
import type { SpecNode } from '@capi/scripts/lib/spec/spec-model.ts';

/** Follows the `$ref`s of the document (the spec model's `resolve`). */
export type Resolve = (node: unknown) => SpecNode | undefined;
/** Which side a value is for (see validArbitrary). */
export type Direction = 'request' | 'response';
/** One body breaking one documented constraint. */
export interface ConstraintCase {
  name: string;
  constraint: string;
  body: unknown;
}

// Objects are made with Object's prototype (`noNullPrototype`): fast-check 4 otherwise makes
// about half of them with none, and Ajv's `uniqueItems` throws on those (`a.valueOf is not a
// function`), which read as "no valid value" (slack.com: a mock limitation called a spec defect).

const MAX_EXTRA = 12; // longest optional string beyond minLength, keeps bodies small

/**
 * @param {(node: any) => any} resolve follows $refs of the document
 * @param {'request' | 'response'} direction which side the value is for: a request leaves out
 *   `readOnly` properties, a response has them (required ones too) and leaves out `writeOnly` ones
 */
// Past MINIMAL_DEPTH a value is the least its schema asks for (an object its required properties
// only, an array its minItems), so a deep schema (beezup.com's link maps, each link with error
// lists) still gets valid values before MAX_DEPTH, where the generator gives up (null).
const MINIMAL_DEPTH = 3;
const MAX_DEPTH = 6;

export function validArbitrary(schema: unknown, resolve: Resolve, depth = 0, direction: Direction = 'request'): Arbitrary<unknown> {
  const s = resolve(schema) ?? {};
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (s.allOf) return validArbitrary(mergeAllOf(s, resolve), resolve, depth + 1, direction);
  const alts = s.oneOf ?? s.anyOf;
  if (alts) {
    // the alternatives often only add constraints to the keywords next to them
    // ({ properties, oneOf: [{ required: [a] }, { required: [b] }] }): each is generated merged with those
    const { oneOf, anyOf, ...rest } = s;
    const shared = Object.keys(rest).some((k) => ['type', 'properties', 'required', 'items', 'additionalProperties'].includes(k));
    return fc.oneof(
      ...alts.map((a: unknown) => validArbitrary(shared ? mergeAllOf({ ...rest, allOf: [a] }, resolve) : a, resolve, depth + 1, direction)),
    );
  }
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((t) => validArbitrary({ ...s, type: t }, resolve, depth + 1, direction)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const [min, max] = [Math.ceil(bound(s, 'min', -1e6)), Math.floor(bound(s, 'max', 1e6))];
      return min <= max ? fc.integer({ min, max }) : fc.constant(min); // no integer fits: the validator says so
    }
    case 'number': {
      const [min, max] = [bound(s, 'min', -1e6), bound(s, 'max', 1e6)];
      return min <= max ? fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) : fc.constant(min);
    }
    case 'string':
      return stringArbitrary(s);
    case 'array': {
      const least = s.minItems ?? 0;
      const size = { minLength: least, maxLength: depth >= MINIMAL_DEPTH ? least : Math.max(least, Math.min(s.maxItems ?? 3, 3)) };
      const items = validArbitrary(s.items ?? {}, resolve, depth + 1, direction);
      return s.uniqueItems ? fc.uniqueArray(items, { ...size, selector: (v) => JSON.stringify(v) }) : fc.array(items, size);
    }
    case 'object':
      return objectArbitrary(s, resolve, depth, direction);
    default:
      return fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), strings(0, 8));
  }
}

/**
 * Whether a property schema is readOnly (or writeOnly): on the schema it refers to, beside its
 * `$ref` (googleapis.com's `{ $ref: MaintenanceSchedule, readOnly: true }`), which Prism honours
 * and strips from a request although OAS 3.0 ignores siblings of a `$ref`, or in one of its
 * allOf parts (digitalocean.com's `{ allOf: [{ $ref }, { readOnly: true }] }`, which Prism strips
 * too: an invalid value there was accepted).
 */
export const marked = (p: unknown, key: 'readOnly' | 'writeOnly', resolve: Resolve, depth = 0): boolean => {
  if ((p as SpecNode | undefined)?.[key] === true) return true;
  const s = resolve(p);
  if (s?.[key] === true) return true;
  return depth < 8 && Array.isArray(s?.allOf) && s.allOf.some((part: unknown) => marked(part, key, resolve, depth + 1));
};

function objectArbitrary(s: SpecNode, resolve: Resolve, depth: number, direction: Direction): Arbitrary<unknown> {
  const hidden = direction === 'response' ? 'writeOnly' : 'readOnly';
  const props = Object.entries(s.properties ?? {}).filter(
    ([k, p]) =>
      (!marked(p, hidden, resolve) || (direction === 'response' && s.required?.includes(k))) &&
      (depth < MINIMAL_DEPTH || s.required?.includes(k)),
  );
  const required = (s.required ?? []).filter((k: string) => props.some(([n]) => n === k));
  // a required property `properties` does not declare is still required (blob.key where only
  // blob_key is declared): any value additionalProperties admits
  const undeclared: string[] = (s.required ?? []).filter(
    (k: unknown): k is string => typeof k === 'string' && s.properties?.[k] === undefined,
  );
  // minProperties: enough optional properties are made required to have that many, never a
  // filter (fast-check's retries without limit: a schema naming fewer properties than its
  // minProperties, with additionalProperties false, spun a worker for ever); a schema that
  // cannot have that many gets values with fewer, which the validator reports
  const min = s.minProperties ?? 0;
  const extras = s.additionalProperties === false ? 0 : undeclared.length;
  for (const [k] of props) {
    if (required.length + extras >= min) break;
    if (!required.includes(k)) required.push(k);
  }
  let arb: Arbitrary<Record<string, unknown>> = fc.record(
    Object.fromEntries(props.map(([k, p]) => [k, validArbitrary(p, resolve, depth + 1, direction)])),
    {
      requiredKeys: required,
      noNullPrototype: true,
    },
  );
  const declared = Object.keys(s.properties ?? {}).length > 0;
  if (!props.length && !(declared && depth >= MINIMAL_DEPTH) && s.additionalProperties !== false) {
    // a map: its values follow additionalProperties when that is a schema
    const values =
      s.additionalProperties && typeof s.additionalProperties === 'object'
        ? validArbitrary(s.additionalProperties, resolve, depth + 1, direction)
        : fc.oneof(strings(0, 8), fc.integer());
    arb = fc.dictionary(mapKeys, values, {
      minKeys: s.minProperties ?? 0,
      maxKeys: depth >= MINIMAL_DEPTH ? (s.minProperties ?? 0) : Math.max(2, s.minProperties ?? 0),
      noNullPrototype: true,
    });
  }
  if (extras) {
    const value =
      s.additionalProperties && typeof s.additionalProperties === 'object'
        ? validArbitrary(s.additionalProperties, resolve, depth + 1, direction)
        : strings(0, 8);
    const extra = fc.record(Object.fromEntries(undeclared.map((k) => [k, value])), { noNullPrototype: true });
    arb = fc.tuple(arb, extra).map(([o, x]) => ({ ...o, ...x }));
  }
  return arb;
}

// fast-check builds its URL and domain arbitraries from many parts (each segment's characters
// mapped and their shrink slices tokenised), hundreds of milliseconds a large spec's bodies
// paid again for every `format: uri` field: they are immutable, so made once per process
let webUrls: Arbitrary<string> | undefined;
let domains: Arbitrary<string> | undefined;
// So are its string arbitraries: building one tokenises its shrink slices against its characters
// (`fc.string`, and each repetition of `fc.stringMatching`), which was an eighth of a contract
// worker's CPU on stripe.com's spec, where every `metadata` map built its key arbitrary again
// (docs/conformance.md, Speed). The same arbitrary draws the same values from the same seed, so
// each is made once per process: by length bounds, by pattern (null: fast-check cannot generate
// from it). Keys come from the spec, so the maps are bounded by its patterns and lengths.
const mapKeys = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const emailParts = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const madeStrings = new Map<string, Arbitrary<string>>();
const madeMatching = new Map<string, Arbitrary<string> | null>();
const strings = (minLength: number, maxLength: number): Arbitrary<string> => {
  const key = `${minLength} ${maxLength}`;
  let arb = madeStrings.get(key);
  if (!arb) {
    arb = fc.string({ minLength, maxLength });
    madeStrings.set(key, arb);
  }
  return arb;
};
const matching = (pattern: string): Arbitrary<string> | null => {
  let arb = madeMatching.get(pattern);
  if (arb === undefined) {
    try {
      arb = fc.stringMatching(new RegExp(pattern, 'u'));
    } catch {
      arb = null;
    }
    madeMatching.set(pattern, arb);
  }
  return arb;
};

function stringArbitrary(s: SpecNode): Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  // a schema no string satisfies: one value, which the validator then reports (never a hang)
  if (s.maxLength !== undefined && s.maxLength < minLength) return fc.constant('x'.repeat(minLength));
  const maxLength = Math.min(s.maxLength ?? minLength + MAX_EXTRA, minLength + MAX_EXTRA);
  // lengths are fitted by padding or cutting, not by .filter(), which retries without limit when
  // a format cannot meet them; a value that no longer matches its format is left to the validator
  const fit = (v: string): string => {
    const chars = [...v];
    if (chars.length < minLength) return v + 'a'.repeat(minLength - chars.length);
    if (s.maxLength !== undefined && chars.length > s.maxLength) return chars.slice(0, s.maxLength).join('');
    return v;
  };
  const within = (arb: Arbitrary<string>): Arbitrary<string> => arb.map(fit);
  switch (s.format) {
    case 'email':
      return within(fc.tuple(emailParts, emailParts, fc.constantFrom('com', 'org', 'io')).map(([u, d, t]) => `${u}@${d}.${t}`));
    case 'date':
      return fc
        .date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('1970-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uuid':
      return fc.uuid();
    case 'uri':
    case 'url':
    case 'uri-reference':
      webUrls ??= fc.webUrl();
      return within(webUrls);
    case 'hostname':
      domains ??= fc.domain();
      return within(domains);
    case 'ipv4':
      return fc.ipV4();
    case 'ipv6':
      return fc.ipV6();
    case 'byte':
      return within(fc.uint8Array({ maxLength: 12 }).map((b) => btoa(String.fromCharCode(...b))));
    case 'time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2000-01-02'), noInvalidDate: true })
        .map((d) => `${d.toISOString().slice(11, 19)}Z`);
    default:
      if (s.pattern) {
        // a pattern fast-check cannot generate from (lookarounds, ...): plain strings, filtered by the caller
        const arb = matching(String(s.pattern));
        if (arb) return within(arb);
      }
      return strings(minLength, maxLength);
  }
}

/**
 * One request body per documented constraint, each breaking exactly that constraint of a valid
 * `base` body. @returns {{ name: string, constraint: string, body: unknown }[]}
 */
/** The longest string a negative case sends (a maxLength at or above it gets no "longer than" case). */
export const MAX_CASE_LENGTH = 1_000_000;

export function constraintViolations(schema: unknown, resolve: Resolve, base: unknown): ConstraintCase[] {
  const cases: ConstraintCase[] = [];
  const visit = (node: unknown, path: string[], depth: number): void => {
    const s = resolve(node);
    if (!s || depth > 3) return;
    const where = path.length ? path.join('.') : 'body';
    // only a declared type can be broken: `properties` without `type` accepts any non-object
    const types = [s.type ?? []].flat();
    const set = (value: unknown): unknown => setAt(base, path, value);
    if (types.length && !s.allOf && !s.oneOf && !s.anyOf) {
      const wrong = [123, 'text', true, ['x'], { x: 1 }].find(
        (v) => !types.includes(jsonType(v)) && !(jsonType(v) === 'integer' && types.includes('number')),
      );
      if (wrong !== undefined)
        cases.push({ name: `${where}: wrong type (${jsonType(wrong)} for ${types.join('|')})`, constraint: 'type', body: set(wrong) });
      if (path.length && !types.includes('null'))
        cases.push({ name: `${where}: null where the spec allows none`, constraint: 'nullability', body: set(null) });
    }
    if (s.oneOf && path.length && !s.oneOf.some((a: unknown) => typesOf(resolve(a) ?? {}).includes('null'))) {
      cases.push({ name: `${where}: null where the spec allows none`, constraint: 'nullability', body: set(null) });
    }
    if (s.minLength > 0)
      cases.push({
        name: `${where}: shorter than minLength ${s.minLength}`,
        constraint: 'minLength',
        body: set('a'.repeat(s.minLength - 1)),
      });
    // a value longer than a huge maxLength (amazonaws.com's iotsitewise: 104857600) is no request
    // a mock reads (Prism refused it without naming the body): no case past MAX_CASE_LENGTH
    if (s.maxLength !== undefined && s.maxLength < MAX_CASE_LENGTH)
      cases.push({
        name: `${where}: longer than maxLength ${s.maxLength}`,
        constraint: 'maxLength',
        body: set(`${s.format === 'email' ? 'a@b.co' : ''}${'a'.repeat(s.maxLength + 1)}`),
      });
    if (Array.isArray(s.enum))
      cases.push({ name: `${where}: not one of ${s.enum.join(', ')}`, constraint: 'enum', body: set(`not-${s.enum.join('-')}`) });
    if (s.format && FORMAT_BREAKERS[s.format])
      cases.push({ name: `${where}: not a valid ${s.format}`, constraint: 'format', body: set(FORMAT_BREAKERS[s.format]) });
    if (s.pattern) {
      // an unanchored pattern may match almost anything: a case only when the value breaks it
      const breaking = ['no match!', '', '\u0000', '~'].find((v) => !matches(s.pattern, v));
      if (breaking !== undefined) cases.push({ name: `${where}: does not match ${s.pattern}`, constraint: 'pattern', body: set(breaking) });
    }
    if (s.minimum !== undefined)
      cases.push({ name: `${where}: below minimum ${s.minimum}`, constraint: 'minimum', body: set(s.minimum - 1) });
    if (s.maximum !== undefined)
      cases.push({ name: `${where}: above maximum ${s.maximum}`, constraint: 'maximum', body: set(s.maximum + 1) });
    if (typesOf(s).includes('object') || s.properties) {
      if (s.minProperties > 0)
        cases.push({ name: `${where}: fewer than minProperties ${s.minProperties}`, constraint: 'minProperties', body: set({}) });
      for (const r of s.required ?? []) {
        cases.push({ name: `${where}: required ${r} missing`, constraint: 'required', body: setAt(base, [...path, r], undefined) });
      }
      if (s.additionalProperties === false)
        cases.push({
          name: `${where}: unknown property`,
          constraint: 'additionalProperties',
          body: setAt(base, [...path, 'unexpected_field'], 1),
        });
      for (const [k, p] of Object.entries(s.properties ?? {})) if (!marked(p, 'readOnly', resolve)) visit(p, [...path, k], depth + 1);
    }
  };
  visit(schema, [], 0);
  return cases;
}

const FORMAT_BREAKERS: Record<string, string> = {
  email: 'not-an-email',
  date: '15/01/1990',
  'date-time': 'yesterday',
  uuid: 'not-a-uuid',
  uri: 'not a uri',
};

/**
 * Arbitrary candidate invalid bodies: a valid body with one constraint broken in a random way, or
 * not an object at all. Not every candidate is invalid (a schema may accept anything there): the
 * caller checks each with the spec's validator (fc.pre), never with an unbounded filter.
 */
export function invalidArbitrary(schema: unknown, resolve: Resolve): Arbitrary<unknown> {
  const mutations = fc.oneof(
    {
      weight: 1,
      arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.array(fc.integer(), { maxLength: 2 }), fc.boolean()).map(
        (v): (() => unknown) =>
          () =>
            v,
      ),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          validArbitrary(schema, resolve),
          fc.nat(),
          fc.oneof(
            fc.integer(),
            fc.boolean(),
            fc.constant(null),
            fc.string({ minLength: 260, maxLength: 300 }),
            fc.string({ maxLength: 4 }).map((x) => `x${x}`),
          ),
        )
        .map(([base, pick, value]): (() => unknown) => () => {
          const cases = constraintViolations(schema, resolve, base);
          if (!cases.length) return value;
          // half of the time a documented-constraint violation, otherwise a random value at a random field
          if (pick % 2 === 0) return cases[(pick >> 1) % cases.length].body;
          const keys = Object.keys(base ?? {});
          return keys.length ? setAt(base, [keys[(pick >> 1) % keys.length]], value) : value;
        }),
    },
  );
  return mutations.map((make) => make());
}

function typesOf(s: SpecNode): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (s.type) return [s.type];
  if (s.properties) return ['object'];
  return [];
}

function bound(s: SpecNode, side: 'min' | 'max', fallback: number): number {
  if (side === 'min') return s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? fallback);
  return s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : (s.maximum ?? fallback);
}

/**
 * One schema equivalent (for generating values) to `s` with its allOf parts: every keyword is
 * kept, as JSON Schema combines them. Properties defined twice are both applied, enum and type
 * are intersected, bounds take the tighter side, required is the union. `additionalProperties:
 * false` in a part only admits that part's own `properties` (so an outer `false` over allOf
 * parts admits only the outer ones, which is what a validator enforces).
 */
export function mergeAllOf(s: SpecNode, resolve: Resolve): SpecNode {
  const parts: SpecNode[] = [
    { ...s, allOf: undefined },
    ...s.allOf.map((p: unknown) => resolve(p) ?? {}).map((p: SpecNode) => (p.allOf ? mergeAllOf(p, resolve) : p)),
  ];
  let allowed: Set<string> | null = null; // property names admitted by every part with additionalProperties: false
  for (const p of parts) {
    if (p.additionalProperties !== false) continue;
    const names = new Set<string>([...Object.keys(p.properties ?? {}), ...(Object.keys(p.patternProperties ?? {}).length ? ['*'] : [])]);
    allowed = allowed ? new Set([...allowed].filter((n: string) => names.has(n))) : names;
  }
  const out = parts.reduce<SpecNode>(mergeTwo, {});
  delete out.allOf;
  if (allowed && !allowed.has('*')) {
    const admitted = allowed;
    out.properties = Object.fromEntries(Object.entries(out.properties ?? {}).filter(([k]) => admitted.has(k)));
    out.additionalProperties = false;
  }
  return out;
}

const TIGHTER: Record<string, (a: number, b: number) => number> = {
  minLength: Math.max,
  minimum: Math.max,
  exclusiveMinimum: Math.max,
  minItems: Math.max,
  minProperties: Math.max,
  maxLength: Math.min,
  maximum: Math.min,
  exclusiveMaximum: Math.min,
  maxItems: Math.min,
  maxProperties: Math.min,
};

function mergeTwo(a: SpecNode, b: SpecNode): SpecNode {
  const out: SpecNode = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    if (out[k] === undefined) {
      out[k] = v;
    } else if (k === 'properties') {
      out.properties = { ...out.properties };
      for (const [name, schema] of Object.entries(v as SpecNode))
        out.properties[name] = out.properties[name] ? { allOf: [out.properties[name], schema] } : schema;
    } else if (k === 'required') {
      out.required = [...new Set([...out.required, ...(v as unknown[])])];
    } else if (k === 'enum') {
      out.enum = out.enum.filter((x: unknown) => (v as unknown[]).some((y) => JSON.stringify(x) === JSON.stringify(y)));
    } else if (k === 'type') {
      const mine: string[] = [out.type].flat();
      const theirs: string[] = [v].flat();
      const both = mine.filter((t) => theirs.includes(t) || (t === 'integer' && theirs.includes('number')));
      const also = theirs.filter((t) => t === 'integer' && mine.includes('number') && !both.includes('integer'));
      const types = [...both, ...also];
      out.type = types.length === 1 ? types[0] : types;
    } else if (TIGHTER[k] && typeof v === 'number' && typeof out[k] === 'number') {
      out[k] = TIGHTER[k](out[k], v);
    } else if (k === 'additionalProperties') {
      out[k] =
        out[k] === false || v === false
          ? false
          : out[k] === true || out[k] === undefined
            ? v
            : v === true
              ? out[k]
              : { allOf: [out[k], v] };
    } else if (k === 'items' && typeof v === 'object' && typeof out[k] === 'object') {
      out.items = { allOf: [out.items, v] };
    }
    // any other keyword defined twice (format, pattern, description, ...): the first one stays
  }
  return out;
}

/** Whether `value` matches a JSON Schema pattern (read as a validator does: unicode, else plain). */
function matches(pattern: string, value: string): boolean {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags).test(value);
    } catch {
      // not valid with these flags
    }
  }
  return true; // a pattern no engine reads: no case built on it
}

const jsonType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** A copy of `obj` with the value at `path` replaced (undefined deletes it). */
export function setAt(obj: unknown, path: readonly string[], value: unknown): unknown {
  if (!path.length) return value;
  const copy: Record<string, unknown> = obj && typeof obj === 'object' && !Array.isArray(obj) ? { ...obj } : {};
  const [k, ...rest] = path;
  if (rest.length === 0) {
    if (value === undefined) delete copy[k];
    else copy[k] = value;
  } else copy[k] = setAt(copy[k], rest, value);
  return copy;
}
