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
  if (Object.hasOwn(s, 'default') && s.default !== undefined) return structuredClone(s.default);
  if (Array.isArray(s.examples) && s.examples.length > 0) return structuredClone(s.examples[0]);
  if (Object.hasOwn(s, 'example') && s.example !== undefined) return structuredClone(s.example);
  if (Array.isArray(s.allOf) && s.allOf.length > 0) {
    const merged: Schema = {
      type: 'object',
      properties: { ...(s.properties ?? {}) },
      required: [...(Array.isArray(s.required) ? s.required : [])],
    };
    for (const part of s.allOf) {
      const p = options.resolve(part) ?? {};
      Object.assign(merged.properties, p.properties ?? {});
      merged.required.push(...(Array.isArray(p.required) ? p.required : []));
      if (p.type && p.type !== 'object') return generate(p, seed, options, depth + 1);
    }
    return generate({ ...s, allOf: undefined, ...merged }, seed, options, depth + 1);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]) && s[key].length > 0) {
      const branch = s[key].find((b: unknown) => [options.resolve(b)?.type].flat()[0] !== 'null') ?? s[key][0];
      return generate(branch, seed, options, depth + 1);
    }
  }
  const types = [s.type].flat().filter((t) => typeof t === 'string');
  const type = types.find((t) => t !== 'null') ?? (s.properties ? 'object' : s.items ? 'array' : types[0]);
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return hash(seed) % 2 === 0;
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : min + 999;
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
      for (const name of Object.keys(props)) {
        if (!required.has(name) && depth >= (options.optionalDepth ?? 1)) continue;
        out[name] = generate(props[name], `${seed}.${name}`, options, depth + 1);
      }
      for (const name of required) if (!Object.hasOwn(out, name)) out[name] = typeof name === 'string' ? `${name}` : null;
      return { ...out };
    }
    default:
      return null;
  }
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
    default:
      value = `${seed.replace(/[^A-Za-z0-9_-]/g, '').slice(-12) || 'v'}-${h.slice(0, 8)}`;
  }
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}
