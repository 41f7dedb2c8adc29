// Prism's dynamic mock (json-schema-faker) resolves a $ref by merging its target into the object
// that held it and deleting the $ref, in place, in the bundle it is handed (Prism clones only the
// schema, not `__bundled__`); a $ref it stops following (a cycle past its depth) becomes `{}`. The
// operations of a large spec share one bundle, with which Prism's validator compiles every
// schema (src/prism-operations.ts): one dynamic answer must not change what a later request is
// judged by (src/prism.ts, dynamicMockOwnCopy).
import { expect, it } from 'vitest';
import { httpOperations } from '../src/prism.ts';
import { wideLevels, withMadeUpPrism } from './made-up-prism.ts';

/**
 * A list of nodes (a cycle through an allOf, which json-schema-faker walks in place), answered by
 * /nodes and sent to /lists inside a wrapper; and `depth` levels of two fields each, which make the
 * spec large enough (2^depth written out) that its operations share one bundle.
 */
function spec(depth) {
  const schemas = wideLevels(depth);
  schemas.Node = {
    type: 'object',
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' }, next: { allOf: [{ $ref: '#/components/schemas/Node' }] } },
  };
  schemas.List = { type: 'object', required: ['first'], properties: { first: { $ref: '#/components/schemas/Node' } } };
  const op = (operationId, body) => ({
    post: {
      operationId,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } } },
      responses: {
        201: { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
        422: { description: 'invalid' },
      },
    },
  });
  return {
    openapi: '3.0.3',
    info: { title: 'dynamic copy', version: '1.0.0' },
    paths: { '/nodes': op('createNode', 'Node'), '/lists': op('createList', 'List'), '/trees': op('createTree', 'Level0') },
    components: { schemas },
  };
}

it("a dynamic answer leaves the operations' shared bundle as it was, and later requests are judged at every level", async () => {
  await withMadeUpPrism(
    spec(24),
    async (prism) => {
      // the operations the Prism serves (read once per process)
      const [nodes, lists] = await httpOperations(prism.file);
      expect(nodes.__bundled__).toBe(lists.__bundled__);
      const before = JSON.stringify(nodes.__bundled__);
      const chain = (links, code) => {
        let node = { code };
        for (let i = 0; i < links; i++) node = { code: 'ABC', next: node };
        return node;
      };
      const post = (path, body, headers = {}) =>
        fetch(`${prism.url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      // whatever it answers (json-schema-faker cannot always make a valid node: Prism says so)
      const dynamic = await post('/nodes', chain(1, 'ABC'), { Prefer: 'dynamic=true, seed=1' });
      await dynamic.arrayBuffer();
      expect(JSON.stringify(nodes.__bundled__)).toBe(before);
      // the list's schema is compiled after that answer, with the bundle: its last node is judged
      for (const links of [0, 3, 6]) {
        const invalid = await post('/lists', { first: chain(links, 'abc') });
        expect(invalid.status, `${links} links`).toBe(422);
        expect(invalid.headers.get('sl-violations'), `${links} links`).toMatch(/pattern/);
      }
    },
    { name: 'shared.json' },
  );
});
