// `lint:specs --fix` removing an invalid `example` from a schema that is an allOf of one member
// and that example (wowza.com's `stream_target_create_input`: `{ allOf: [{ $ref }], example }`)
// used to leave `{ allOf: [{ $ref }] }`, which lint then warned about (an allOf should have at
// least two schemas). The fix writes the member in the allOf's place: the effective spec builds,
// and lint finds nothing in it. With the real Redocly, through the command as a user runs it.
import { afterEach, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { registerOneProvider, runNode } from '../helpers.mjs';

let root;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

function provider() {
  root = mkdtempSync(join(tmpdir(), 'capi-example-allof-'));
  mkdirSync(join(root, 'specs', 'p'), { recursive: true });
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1', description: 'd', license: { name: 'x', url: 'https://x.invalid' } },
    servers: [{ url: 'https://api.t.invalid' }],
    security: [{}],
    paths: {
      '/targets': {
        post: {
          operationId: 'createTarget',
          summary: 'Create a target',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/target_create_input' } } },
          },
          responses: { 201: { description: 'created' }, 400: { description: 'bad' } },
        },
      },
    },
    components: {
      schemas: {
        target_input: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        // the example's port is not an integer
        target_create_input: { allOf: [{ $ref: '#/components/schemas/target_input' }], example: { name: 'n', port: 'eighty' } },
      },
    },
  };
  writeFileSync(join(root, 'specs/p/upstream.yaml'), stringify(doc));
  registerOneProvider(root);
}

const lint = (...args) => runNode([join(repoRoot, 'scripts/capi.mjs'), 'lint', '--root', root, ...args, 'p'], { timeoutMs: 300_000 });

it('lint:specs --fix removes the example and writes the lone allOf member in its place: the effective spec lints with no warning', async () => {
  provider();
  const fixed = await lint('--fix');
  expect(fixed.stdout + fixed.stderr).toMatch(/--fix wrote 3 overlay action\(s\)/);
  const effective = parse(readFileSync(join(root, 'specs/p/effective.yaml'), 'utf8'));
  expect(effective.components.schemas.target_create_input).toEqual({ $ref: '#/components/schemas/target_input' });
  // linted again as it is now, without --fix: nothing to say, not even a warning
  const again = await lint();
  expect(again.status, again.stdout + again.stderr).toBe(0);
  expect(again.stdout).toMatch(/^p: ok {2}0 error\(s\), 0 warning\(s\)/m);
});
