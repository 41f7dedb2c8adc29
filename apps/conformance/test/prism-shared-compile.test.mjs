// Prism's validator compiles each schema as a root of its own with the operation's `__bundled__`,
// and Ajv compiled a $ref into it once per root: a component every body reaches was compiled again
// for each. Each entry a root reaches is now added once to the Ajv instance that compiles it and
// shared by every root (src/prism.ts, wrapPrismCompile); what Prism accepts and refuses is the
// same, at every level of the shared component. One wrapper of Ajv's `compile` does that and the
// bounded patterns (test/prism-patterns.test.mjs) both.
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { httpOperations, sharedBundleEntries } from '../src/prism.ts';
import { wideLevels, withMadeUpPrism } from './made-up-prism.ts';

/**
 * A chain of parts (a cycle, so Prism's bundle holds `Part`) sent by two operations, each in a body
 * of its own; with `depth` levels of two fields each (2^depth written out), a spec large enough
 * that its operations share one bundle (src/prism-operations.ts).
 */
const spec = (depth) => ({
  openapi: '3.0.3',
  info: { title: 'shared compile', version: '1.0.0' },
  paths: Object.fromEntries(
    ['first', 'second'].map((name) => [
      `/${name}`,
      {
        post: {
          operationId: `post${name}`,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: [name], properties: { [name]: { $ref: '#/components/schemas/Part' } } },
              },
            },
          },
          responses: { 204: { description: 'taken' }, 422: { description: 'invalid' } },
        },
      },
    ]),
  ),
  components: {
    schemas: {
      ...wideLevels(depth),
      Part: {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' }, next: { $ref: '#/components/schemas/Part' } },
      },
    },
  },
});

const chain = (links, code) => {
  let part = { code };
  for (let i = 0; i < links; i++) part = { code: 'ABC', next: part };
  return part;
};

/** Serves the spec, judges valid and invalid chains in both bodies; returns how many entries were added. */
async function judged(depth) {
  return withMadeUpPrism(
    spec(depth),
    async (prism) => {
      const [first, second] = await httpOperations(prism.file);
      // Prism's reading: the cycle is the one entry of each operation's bundle (named by its place
      // there), or the component in the shared one
      expect(Object.keys(first.__bundled__ ?? {})).toEqual(depth > 20 ? ['Part'] : ['first']);
      const post = async (name, body) => {
        const res = await fetch(`${prism.url}/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Prefer: 'code=204' },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        return res.status;
      };
      const before = sharedBundleEntries.added;
      for (const name of ['first', 'second']) {
        expect(await post(name, { [name]: chain(4, 'XYZ') })).toBe(204);
        // the last part breaks its pattern, four $refs down
        expect(await post(name, { [name]: chain(4, 'xyz') })).toBe(422);
        expect(await post(name, { [name]: chain(2, 'XY') })).toBe(422);
      }
      return { added: sharedBundleEntries.added - before, shared: first.__bundled__ === second.__bundled__ };
    },
    { name: 'spec.json' },
  );
}

it("a component the operations' shared bundle holds is added once for both bodies and judged at every level in each", async () => {
  expect(await judged(24)).toEqual({ added: 1, shared: true });
});

it("each operation's own bundle (a small spec) has its entry added once, and judged the same", async () => {
  expect(await judged(2)).toEqual({ added: 2, shared: false });
});

it("Prism's Ajv `compile` is replaced once, by one wrapper that bounds patterns and shares entries both", async () => {
  const Ajv = createRequire(import.meta.resolve('@stoplight/prism-http'))('ajv/dist/core').default;
  // after a served spec: whatever Prism's modules and the harness's compile checks reach
  await judged(2);
  expect(Ajv.prototype.compile.name).toBe('compilePrism');
  expect(Object.keys(Ajv.prototype).filter((k) => k.startsWith('capi'))).toEqual(['capiCompile']);
});
