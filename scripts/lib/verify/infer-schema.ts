// A JSON Schema 2020-12 for a value a server answered, for the overlay actions `capi verify`
// suggests where the spec says nothing (an undocumented status, a property of a closed object).
// Deliberately plain: the types seen and the properties present, nothing required, no formats;
// a person tightens it, the example beside it shows what was seen.

type Schema = Record<string, unknown>;

const MAX_DEPTH = 8;
const MAX_PROPERTIES = 100;

/** The JSON type of a value as JSON Schema names it. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The schema of one observed value (arrays: the schema of their first item). */
export function inferSchema(value: unknown, depth = 0): Schema {
  const type = jsonType(value);
  if (depth >= MAX_DEPTH) return {};
  if (type === 'array') {
    const items = value as unknown[];
    return items.length ? { type: 'array', items: inferSchema(items[0], depth + 1) } : { type: 'array' };
  }
  if (type === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).slice(0, MAX_PROPERTIES);
    return { type: 'object', properties: Object.fromEntries(entries.map(([k, v]) => [k, inferSchema(v, depth + 1)])) };
  }
  return { type };
}
