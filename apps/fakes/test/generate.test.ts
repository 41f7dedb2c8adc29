// Generated values (@capi/core/fake generate.ts) where real specs' request schemas refused them:
// a string `pattern` (23 of the creates of a 100-spec sample answered Prism's 422 "must match
// pattern") and `minProperties` (8 more).
import { describe, expect, it } from 'vitest';
import { generate } from '@capi/core/fake';

const plain = { resolve: (n: unknown) => n as Record<string, unknown> };

describe('generated values', () => {
  it.each([
    ['^[A-Z]{2}$', {}],
    ['^\\d{4}-\\d{2}-\\d{2}$', {}],
    ['^(foo|bar)-[a-z0-9]+$', {}],
    ['^[a-zA-Z0-9_.-]{3,30}$', { minLength: 5 }],
    ['^\\+?[1-9]\\d{1,14}$', {}],
    ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', {}],
    ['^(?:[A-Z][a-z]+ ?)+$', { maxLength: 40 }],
    ['[0-9a-f]{24}', {}],
    ['^projects/[^/]+/locations/[^/]+$', {}],
  ])('match a simple pattern: %s', (pattern, bounds) => {
    const value = generate({ type: 'string', pattern, ...bounds }, 'seed', plain);
    expect(value).toMatch(new RegExp(pattern, 'u'));
    const { minLength = 0, maxLength = Number.POSITIVE_INFINITY } = bounds as { minLength?: number; maxLength?: number };
    expect((value as string).length).toBeGreaterThanOrEqual(minLength);
    expect((value as string).length).toBeLessThanOrEqual(maxLength);
  });

  it('an allOf part that is an allOf itself gives the fields and required ones of its parts (an ARM resource: TrackedResource over Resource)', () => {
    const resource = { type: 'object', properties: { id: { type: 'string', readOnly: true }, name: { type: 'string', readOnly: true } } };
    const tracked = { allOf: [resource, { type: 'object', required: ['location'], properties: { location: { type: 'string' } } }] };
    const thing = { allOf: [tracked, { type: 'object', properties: { size: { type: 'integer' } } }] };
    expect(Object.keys(generate(thing, 's', { ...plain, direction: 'request' }) as object).sort()).toEqual(['location', 'size']);
    expect(Object.keys(generate(thing, 's', plain) as object).sort()).toEqual(['id', 'location', 'name', 'size']);
  });

  it('a request body leaves out readOnly properties, required ones and those of an example included; an answer leaves out writeOnly ones', () => {
    const note = {
      type: 'object',
      required: ['id', 'text', 'secret'],
      properties: {
        id: { type: 'string', readOnly: true },
        created_at: { type: 'string', format: 'date-time', readOnly: true },
        text: { type: 'string' },
        secret: { type: 'string', writeOnly: true },
      },
    };
    expect(Object.keys(generate(note, 's', plain) as object).sort()).toEqual(['created_at', 'id', 'secret', 'text']);
    expect(Object.keys(generate(note, 's', { ...plain, direction: 'request' }) as object).sort()).toEqual(['secret', 'text']);
    expect(Object.keys(generate(note, 's', { ...plain, direction: 'response' }) as object).sort()).toEqual(['created_at', 'id', 'text']);
    const withExample = { ...note, example: { id: 'n1', text: 'hi', secret: 'x' } };
    expect(generate(withExample, 's', { ...plain, direction: 'request' })).toEqual({ text: 'hi', secret: 'x' });
  });

  it("formats Ajv checks: an ISO 8601 duration (Azure's archiveWindowLength), an IPv6 address", () => {
    expect(generate({ type: 'string', format: 'duration' }, 'seed', plain)).toMatch(/^PT\d+M$/);
    expect(generate({ type: 'string', format: 'ipv6' }, 'seed', plain)).toBe('2001:db8::1');
  });

  it("an allOf of a $ref and a description (AWS's answers) is the $ref's own: its optional fields at the same level, its map's minProperties kept", () => {
    const schemas: Record<string, unknown> = {
      Group: {
        type: 'object',
        properties: { name: { type: 'string' }, config: { type: 'object', required: ['on'], properties: { on: { type: 'boolean' } } } },
      },
      TagMap: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } },
    };
    const resolve = (n: unknown) => {
      const ref = (n as { $ref?: string })?.$ref;
      return (ref ? schemas[ref.split('/').at(-1) ?? ''] : n) as Record<string, unknown>;
    };
    const described = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }, { description: 'described' }] });
    const group = generate(described('Group'), 'seed', { resolve }) as Record<string, unknown>;
    expect(Object.keys(group).sort()).toEqual(['config', 'name']);
    expect(group.config).toEqual({ on: expect.any(Boolean) });
    expect(Object.keys(generate(described('TagMap'), 'seed', { resolve }) as object)).toHaveLength(1);
  });

  it('vary with the seed (ids built from a pattern do not collide), and leave a pattern beyond them as before', () => {
    const ids = ['a', 'b', 'c'].map((seed) => generate({ type: 'string', pattern: '^[a-z]{8}$' }, seed, plain));
    expect(new Set(ids).size).toBe(3);
    // a look-ahead: not built; the value is the one without the pattern
    expect(generate({ type: 'string', pattern: '^(?=.*\\d).+$' }, 'seed', plain)).toBe(generate({ type: 'string' }, 'seed', plain));
  });

  it('give an object at least minProperties properties: its optional ones, then additionalProperties entries', () => {
    const opt = generate({ type: 'object', minProperties: 1, properties: { a: { type: 'string' } } }, 's', { ...plain, optionalDepth: 0 });
    expect(Object.keys(opt as object)).toEqual(['a']);
    const map = generate({ type: 'object', minProperties: 2, additionalProperties: { type: 'integer' } }, 's', plain) as Record<
      string,
      unknown
    >;
    expect(Object.keys(map)).toHaveLength(2);
    expect(Object.values(map).every(Number.isInteger)).toBe(true);
    // no type, only minProperties: still an object
    expect(Object.keys(generate({ minProperties: 1 }, 's', plain) as object)).toHaveLength(1);
  });
});

describe('generated values on defects of real specs', () => {
  it("ignore a default or example of another type than the schema's (gsmtasks' duration: an object with a string default)", () => {
    expect(generate({ type: 'object', nullable: true, default: '4 10:55:34.12' }, 's', plain)).toEqual({});
    expect(generate({ type: 'integer', example: 'ten' }, 's', plain)).toEqual(expect.any(Number));
    // of the schema's type: used
    expect(generate({ type: 'string', default: 'x' }, 's', plain)).toBe('x');
    expect(generate({ type: ['string', 'null'], example: null }, 's', plain)).toBeNull();
  });

  it("keep an integer within int64's bounds exact (gsmtasks' free_disk_storage)", () => {
    const value = generate({ type: 'integer', format: 'int64', minimum: -9223372036854776000, maximum: 9223372036854776000 }, 's', plain);
    expect(Number.isSafeInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(1);
  });
});
