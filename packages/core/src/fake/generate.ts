// Deterministic values from a JSON Schema (2020-12, as the spec model reads every schema): the
// fields a stored record must have that the request did not send, and documented answers with no
// example. The same schema and seed always give the same value; no random source, no dependency
// (the harness's generators pull in fast-check, which the fakes do not need).

type Schema = Record<string, any>;

export interface GenerateOptions {
  /** `$ref`s -> the node they name (the spec model's `resolve`). */
  resolve(node: unknown): Schema | undefined;
  /** Optional properties are generated down to this depth (required ones always; default 1). */
  optionalDepth?: number;
  /**
   * What the value is for: a `request` body leaves out readOnly properties (OAS: the server sets
   * them; Prism refuses them in a request, required or not), a `response` leaves out writeOnly
   * ones. Unset: every property.
   */
  direction?: 'request' | 'response';
}

/** The property keyword that keeps a property out of a value for `direction`. */
const LEFT_OUT = { request: 'readOnly', response: 'writeOnly' } as const;

/**
 * Whether `direction` leaves out a property of schema `prop`: the keyword on its schema, or beside
 * its `$ref` (`{ $ref: Stamp, readOnly: true }`), as the fake's and the spec model's request
 * checks read it (model.ts readOnlyAt; apps/fakes/test/read-only-agreement.test.mjs).
 */
function isLeftOut(prop: unknown, options: GenerateOptions): boolean {
  if (!options.direction) return false;
  const keyword = LEFT_OUT[options.direction];
  return (prop !== null && typeof prop === 'object' && (prop as Schema)[keyword] === true) || options.resolve(prop)?.[keyword] === true;
}

/** `value` without the properties of `s` that `direction` leaves out (an example or default may hold them). */
function withoutLeftOut(value: unknown, s: Schema, options: GenerateOptions): unknown {
  if (!options.direction || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const props = s.properties && typeof s.properties === 'object' ? s.properties : {};
  const out = value as Record<string, unknown>;
  for (const name of Object.keys(props)) if (isLeftOut(props[name], options)) delete out[name];
  return out;
}

const MAX_DEPTH = 8;

/** A 32-bit FNV-1a hash of a string: the seed of each value. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const hex = (seed: string, n: number) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += hash(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, n);
};

/** A value valid for simple schemas (types, enum, const, formats, bounds); `seed` names the value (a path). */
export function generate(schema: unknown, seed: string, options: GenerateOptions, depth = 0): unknown {
  const s = options.resolve(schema);
  if (s === undefined || depth > MAX_DEPTH) return null;
  if (Object.hasOwn(s, 'const')) return structuredClone(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return structuredClone(s.enum[hash(seed) % s.enum.length]);
  // a default or example of another type than the schema's (gsmtasks' duration: an object whose
  // default is a string) is a spec defect, not a value to send
  if (Object.hasOwn(s, 'default') && s.default !== undefined && fits(s.default, s) && complete(s.default, s, options))
    return withoutLeftOut(structuredClone(s.default), s, options);
  if (Array.isArray(s.examples) && s.examples.length > 0 && fits(s.examples[0], s) && complete(s.examples[0], s, options))
    return withoutLeftOut(structuredClone(s.examples[0]), s, options);
  if (Object.hasOwn(s, 'example') && s.example !== undefined && fits(s.example, s) && complete(s.example, s, options))
    return withoutLeftOut(structuredClone(s.example), s, options);
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const merged: Schema = {
      type: 'object',
      properties: { ...(s.properties ?? {}) },
      required: [...(Array.isArray(s.required) ? s.required : [])],
    };
    // the parts' other keywords too (`allOf: [{ $ref: TagMap }, { description }]`, AWS: the
    // map's minProperties and additionalProperties)
    const keywords: Schema = {};
    // a part that is an allOf itself is read as its parts (an ARM resource: `allOf: [TrackedResource,
    // ...]`, TrackedResource `allOf: [Resource, { required: [location] }]`), a few levels down
    const partsOf = (list: unknown[], level: number): Schema[] =>
      list.flatMap((part) => {
        const p = options.resolve(part) ?? {};
        return level < 8 && Array.isArray(p.allOf) && p.allOf.length > 0 ? [p, ...partsOf(p.allOf, level + 1)] : [p];
      });
    for (const p of partsOf(s.allOf, 0)) {
      const { properties: _p, required: _r, allOf: _a, ...rest } = p;
      Object.assign(keywords, rest);
      Object.assign(merged.properties, p.properties ?? {});
      merged.required.push(...(Array.isArray(p.required) ? p.required : []));
      if (p.type && p.type !== 'object') return generate(p, seed, options, depth + 1);
    }
    // the same level (its optional fields generated as the parts' would be): the merged node has no allOf left
    return generate({ ...keywords, ...s, allOf: undefined, ...merged }, seed, options, depth);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && s[key].length > 0) {
      const branch = s[key].find((b: unknown) => [options.resolve(b)?.type].flat()[0] !== 'null') ?? s[key][0];
      return generate(branch, seed, options, depth + 1);
    }
  }
  const types = [s.type].flat().filter((t) => typeof t === 'string');
  const type =
    types.find((t) => t !== 'null') ??
    (s.properties || s.additionalProperties || s.minProperties !== undefined ? 'object' : s.items ? 'array' : types[0]);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return hash(seed) % 2 === 0;
    case 'integer':
    case 'number': {
      let min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
      let max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : min + 999;
      // bounds as wide as int64's (gsmtasks): a small value inside them, exact as a JSON number
      if (max - min > 1e12) {
        if (min <= 1 && max >= 1) min = 1;
        max = min + 999;
      }
      const span = Math.max(0, Math.floor(max - min));
      let n = Math.ceil(min) + (span > 0 ? hash(seed) % (span + 1) : 0);
      if (typeof s.multipleOf === 'number' && s.multipleOf > 0) n = Math.ceil(n / s.multipleOf) * s.multipleOf;
      return n;
    }
    case 'string':
      return stringFor(s, seed);
    case 'array': {
      const count = Math.max(typeof s.minItems === 'number' ? s.minItems : 0, 0);
      return Array.from({ length: Math.min(count, 16) }, (_, i) => generate(s.items, `${seed}[${i}]`, options, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = Object.create(null);
      const required = new Set(Array.isArray(s.required) ? s.required : []);
      const props = s.properties && typeof s.properties === 'object' ? s.properties : {};
      const leftOut = (name: string) => isLeftOut(props[name], options);
      for (const name of Object.keys(props)) {
        if ((!required.has(name) && depth >= (options.optionalDepth ?? 1)) || leftOut(name)) continue;
        out[name] = generate(props[name], `${seed}.${name}`, options, depth + 1);
      }
      for (const name of required)
        if (!Object.hasOwn(out, name) && !(typeof name === 'string' && Object.hasOwn(props, name) && leftOut(name)))
          out[name] = typeof name === 'string' ? `${name}` : null;
      // minProperties: the optional properties left out, then entries of additionalProperties
      const least = typeof s.minProperties === 'number' ? Math.min(s.minProperties, 64) : 0;
      for (const name of Object.keys(props)) {
        if (Object.keys(out).length >= least) break;
        if (!Object.hasOwn(out, name) && !leftOut(name)) out[name] = generate(props[name], `${seed}.${name}`, options, depth + 1);
      }
      for (let i = 1; Object.keys(out).length < least && s.additionalProperties !== false && i <= 64; i++)
        if (!Object.hasOwn(out, `key${i}`))
          out[`key${i}`] =
            s.additionalProperties === true || s.additionalProperties === undefined
              ? `value${i}`
              : generate(s.additionalProperties, `${seed}.key${i}`, options, depth + 1);
      return { ...out };
    }
    default:
      return null;
  }
}

/** Whether `value` has a type the schema allows (no `type`: any). */
/**
 * Whether an object example holds every field the schema requires, its `allOf` parts' included
 * (codat's BillCreditNote example lacks four of its required amounts: sent as the body, Prism
 * refuses it). A field left out in this direction (readOnly in a request) is not asked for.
 */
function complete(value: unknown, s: Schema, options: GenerateOptions): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  const parts: Schema[] = [s, ...(Array.isArray(s.allOf) ? s.allOf.map((p: unknown) => options.resolve(p) ?? {}) : [])];
  const props: Schema = Object.create(null); // no prototype: a property named `__proto__` stays a key
  for (const part of parts) if (part.properties && typeof part.properties === 'object') Object.assign(props, part.properties);
  for (const part of parts) {
    if (!Array.isArray(part.required)) continue;
    for (const name of part.required) {
      if (typeof name !== 'string' || Object.hasOwn(value, name)) continue;
      if (Object.hasOwn(props, name) && isLeftOut(props[name], options)) continue;
      return false;
    }
  }
  return true;
}

function fits(value: unknown, s: Schema): boolean {
  const types = [s.type].flat().filter((t): t is string => typeof t === 'string');
  if (types.length === 0) return true;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (actual === 'null') return types.includes('null') || s.nullable === true;
  if (actual === 'number') return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  return types.includes(actual);
}

function stringFor(s: Schema, seed: string): string {
  const h = hex(seed, 32);
  let value: string;
  switch (s.format) {
    case 'uuid':
      value = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
      break;
    case 'date-time':
      value = new Date(Date.UTC(2026, 0, 1) + (hash(seed) % 31_536_000) * 1000).toISOString();
      break;
    case 'date':
      value = new Date(Date.UTC(2026, 0, 1) + (hash(seed) % 365) * 86_400_000).toISOString().slice(0, 10);
      break;
    case 'time':
      value = '12:00:00Z';
      break;
    case 'email':
      value = `user-${h.slice(0, 8)}@example.com`;
      break;
    case 'uri':
    case 'url':
    case 'uri-reference':
      value = `https://example.com/${h.slice(0, 8)}`;
      break;
    case 'hostname':
      value = `h${h.slice(0, 8)}.example.com`;
      break;
    case 'byte':
      value = Buffer.from(h.slice(0, 12)).toString('base64');
      break;
    case 'ipv4':
      value = '192.0.2.1';
      break;
    case 'ipv6':
      value = '2001:db8::1';
      break;
    case 'duration':
      // ISO 8601 (Azure's archiveWindowLength)
      value = `PT${(hash(seed) % 59) + 1}M`;
      break;
    default:
      value = `${seed.replace(/[^A-Za-z0-9_-]/g, '').slice(-12) || 'v'}-${h.slice(0, 8)}`;
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  // a pattern the value does not match: one built from the pattern, when it is a simple one
  if (typeof s.pattern === 'string' && !compilePattern(s.pattern)?.test(value)) value = fromPattern(s.pattern, seed, min, max) ?? value;
  return value;
}

/** A RegExp of a schema's `pattern` (with the `u` flag when it compiles with it), or undefined. */
function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // next
    }
  }
  return undefined;
}

/**
 * A string the `pattern` matches, for the simple patterns specs write (`^[A-Z]{2}$`,
 * `^\d{4}-\d{2}$`, `^(foo|bar)-[a-z0-9]+$`): literals, escapes, character classes, groups
 * (the first alternative), quantifiers. Characters vary with `seed`. Undefined when the pattern
 * is beyond that (a look-around, a back-reference) or what it built does not match, or no length
 * in [min, max] was found.
 */
function fromPattern(pattern: string, seed: string, min = 0, max = Number.POSITIVE_INFINITY): string | undefined {
  const re = compilePattern(pattern);
  if (!re || /\(\?[=!<]|\\[1-9k]/.test(pattern)) return undefined;
  for (const open of [1, 3, 8, 16, 40]) {
    let n = 0;
    const pick = (chars: string) => chars[hash(`${seed}#${n++}`) % chars.length] ?? chars[0] ?? 'a';
    const value = build(pattern, open, pick);
    if (value !== undefined && value.length >= min && value.length <= max && re.test(value)) return value;
  }
  return undefined;
}

const DIGITS = '0123456789';
const WORD = 'abcdefghijklmnopqrstuvwxyz';
const ESCAPES: Record<string, string> = { d: DIGITS, w: WORD, s: ' ', D: WORD, W: '-', S: WORD, n: '\n', t: '\t', r: '\r' };

/** The characters of a class body (`a-z0-9_`, without the brackets); null for a negated one. */
function classChars(body: string): string | null {
  if (body.startsWith('^')) {
    const not = compilePattern(`[${body}]`);
    const found = [...`${WORD}${DIGITS}-_ .`].filter((c) => not?.test(c));
    return found.length ? found.join('') : null;
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    let c = body[i] as string;
    if (c === '\\') {
      const e = body[++i] ?? '';
      if (ESCAPES[e] !== undefined) {
        out += ESCAPES[e];
        continue;
      }
      c = e;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const end = body[i + 2] === '\\' ? (body[i + 3] ?? c) : (body[i + 2] as string);
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0) && out.length < 200; code++) out += String.fromCharCode(code);
      i += body[i + 2] === '\\' ? 3 : 2;
    } else out += c;
  }
  return out || null;
}

/** The first top-level alternative of a pattern part. */
function firstAlternative(part: string): string {
  let depth = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part[i];
    if (c === '\\') i++;
    else if (c === '[') {
      while (i < part.length && part[i] !== ']') i += part[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return part.slice(0, i);
  }
  return part;
}

/** A string for a pattern part: `open` is the count of an open-ended quantifier (`*`, `+`, `{n,}`). */
function build(pattern: string, open: number, pick: (chars: string) => string, depth = 0): string | undefined {
  if (depth > 10) return undefined;
  const part = firstAlternative(pattern);
  let out = '';
  let i = 0;
  while (i < part.length) {
    const c = part[i] as string;
    let unit: (() => string | undefined) | undefined;
    if (c === '^' || c === '$') {
      i++;
      continue;
    }
    if (c === '\\') {
      const e = part[i + 1] ?? '';
      const chars = ESCAPES[e];
      unit = chars !== undefined ? () => pick(chars) : /[bB]/.test(e) ? () => '' : () => e;
      i += 2;
    } else if (c === '[') {
      let j = i + 1;
      if (part[j] === ']') j++;
      while (j < part.length && part[j] !== ']') j += part[j] === '\\' ? 2 : 1;
      const chars = classChars(part.slice(i + 1, j));
      if (chars === null) return undefined;
      unit = () => pick(chars);
      i = j + 1;
    } else if (c === '(') {
      let depthHere = 0;
      let j = i;
      for (; j < part.length; j++) {
        if (part[j] === '\\') j++;
        else if (part[j] === '[') {
          while (j < part.length && part[j] !== ']') j += part[j] === '\\' ? 2 : 1;
        } else if (part[j] === '(') depthHere++;
        else if (part[j] === ')' && --depthHere === 0) break;
      }
      const inner = part.slice(i + 1, j).replace(/^\?(?::|<[A-Za-z]\w*>)/, '');
      unit = () => build(inner, open, pick, depth + 1);
      i = j + 1;
    } else if (c === '.') {
      unit = () => pick(WORD);
      i++;
    } else {
      unit = () => c;
      i++;
    }
    // the quantifier after the unit
    let times = 1;
    const q = /^(?:\{(\d+)(,(\d*))?\}|[*+?])/.exec(part.slice(i));
    if (q) {
      const [all, lo, comma, hi] = q;
      if (all === '*') times = open;
      else if (all === '+') times = Math.max(1, open);
      else if (all === '?') times = 1;
      else {
        const low = Number(lo);
        const high = comma ? (hi ? Number(hi) : Number.POSITIVE_INFINITY) : low;
        times = Math.min(Math.max(low, Math.min(open, high)), 1000);
      }
      i += all.length;
      if (part[i] === '?' || part[i] === '+') i++; // lazy or possessive
    }
    for (let k = 0; k < times; k++) {
      const piece = unit();
      if (piece === undefined) return undefined;
      out += piece;
    }
  }
  return out;
}
