// An invalid request body Prism answered with a success because its validator cannot compile the
// body's schema (amazonaws.com/dynamodb: its 53 inputs as one anyOf, "can't resolve reference ...
// from id #" in Prism's own bundling of the deep $refs; Prism 5.16 drops that error and accepts any
// body) is the mock's limit, not the client's: the case is skipped naming the compile error. A
// refusal, or a schema Prism compiles, is judged as before.
import { describe, expect, it } from 'vitest';
import { assertRequestChecked } from '../src/judge/defects.ts';
import { MockLimitation } from '../src/prism.ts';

const compileError =
  "can't resolve reference #/paths/~1/post/requestBody/content/application~1json/schema/anyOf/42/properties/TransactItems from id #";
const where = 'application/json body of POST /';

describe('an invalid body Prism accepted', () => {
  it('is a mock limitation when Prism cannot compile the body schema, named with the compile error', () => {
    const meta = {};
    const skipped = [];
    expect(() => assertRequestChecked(compileError, { answered: 200, where, meta, ctx: { skip: (note) => skipped.push(note) } })).toThrow(
      MockLimitation,
    );
    expect(meta).toMatchObject({ limitation: 'mock' });
    expect(meta.reason).toMatch(
      /^Prism checks no application\/json body of POST \/: its validator cannot compile the body's schema \(Ajv: can't resolve reference/,
    );
    expect(meta.reason).toMatch(/answered an invalid one 200 \(a mock limitation\)$/);
    expect(skipped).toEqual([meta.reason]);
  });

  it('is judged as before when Prism refused it or compiles the schema', () => {
    const meta = {};
    expect(() => assertRequestChecked(compileError, { answered: 400, where, meta })).not.toThrow();
    expect(() => assertRequestChecked(null, { answered: 200, where, meta })).not.toThrow();
    expect(meta).toEqual({});
  });
});
