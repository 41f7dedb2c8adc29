// `lint:specs --fix --accept-all` accepts just the findings it saw, each by its JSON pointer under
// the provider's `x-accepted` in redocly.yaml, not the whole rule: one `struct` finding used to
// turn `struct` off for the provider, so every later structural defect of its spec went unseen.
// With the real Redocly, through the command as a user runs it.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { registerOneProvider, runNode } from '../helpers.mjs';
import { lintProviders } from '../../lib/lint/lint.ts';

let root;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

/**
 * A repository root of one provider `p` whose upstream has a structural finding that has no
 * mechanical correction and does not stop generation (an unknown `definitions` keyword a $ref
 * points into: struct accepts it); `more` adds schemas to it.
 */
function provider(more = {}) {
  root ??= mkdtempSync(join(tmpdir(), 'capi-accept-findings-'));
  mkdirSync(join(root, 'specs', 'p'), { recursive: true });
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1', description: 'd', license: { name: 'x', url: 'https://x.invalid' } },
    servers: [{ url: 'https://api.t.invalid' }],
    paths: {
      '/things': {
        get: {
          operationId: 'getThings',
          summary: 'Things',
          responses: {
            200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/D' } } } },
            400: { description: 'bad' },
          },
        },
      },
    },
    components: {
      schemas: {
        B: { type: 'object', definitions: { C: { type: 'string' } } },
        D: { $ref: '#/components/schemas/B/definitions/C' },
        ...more,
      },
    },
  };
  writeFileSync(join(root, 'specs/p/upstream.yaml'), stringify(doc));
  return doc;
}

function registry() {
  registerOneProvider(root);
}

const lintSpecs = (...args) => runNode([join(repoRoot, 'scripts/capi.mjs'), 'lint', '--root', root, ...args, 'p'], { timeoutMs: 300_000 });

describe('lint:specs --fix --accept-all', () => {
  it('accepts each finding it saw by its JSON pointer, and a later finding of the same rule is still reported', async () => {
    provider();
    registry();
    const fixed = await lintSpecs('--fix', '--accept-all');
    expect(fixed.status, fixed.out).toBe(0);
    const api = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')).apis.p;
    expect(api.rules?.struct).toBeUndefined();
    // (and B unused, a warning of another rule: accepted the same way)
    expect(api['x-accepted']).toMatchObject({
      struct: {
        '#/components/schemas/B/definitions': expect.stringMatching(
          /^accepted on import without review \(npm run lint:specs -- --fix --accept-all, \d{4}-\d\d-\d\d\): Property `definitions` is not expected here/,
        ),
      },
    });
    const [p] = loadProviders(root);
    const lint = (await lintProviders([p], root, { log: () => {} })).get('p');
    expect(lint.errors).toBe(0);
    expect(lint.configProblems).toEqual([]);
    expect(lint.upstream.filter((f) => f.rule === 'struct').map((f) => [f.pointer, f.handled])).toEqual([
      ['#/components/schemas/B/definitions', 'accepted'],
    ]);

    // the same kind of defect elsewhere, later: not accepted by the earlier acceptance
    provider({ E: { type: 'object', definitions: { F: { type: 'integer' } } }, G: { $ref: '#/components/schemas/E/definitions/F' } });
    const again = await lintSpecs();
    expect(again.status, again.out).not.toBe(0);
    expect(again.out).toMatch(
      /effective\.yaml:\d+ #\/components\/schemas\/E\/definitions Property `definitions` is not expected here\. \(struct\)/,
    );
    expect(again.out).not.toMatch(/schemas\/B\/definitions/);
    const later = (await lintProviders([p], root, { log: () => {} })).get('p');
    expect(later.upstream.filter((f) => f.rule === 'struct').map((f) => [f.pointer, f.handled])).toEqual([
      ['#/components/schemas/B/definitions', 'accepted'],
      ['#/components/schemas/E/definitions', 'unhandled'],
    ]);

    // an acceptance without a reason is refused, naming where to write it
    const config = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8'));
    config.apis.p['x-accepted'].struct['#/components/schemas/E/definitions'] = '';
    writeFileSync(join(root, 'redocly.yaml'), stringify(config));
    const unreasoned = (await lintProviders([p], root, { log: () => {} })).get('p');
    expect(unreasoned.configProblems).toEqual([
      'redocly.yaml: the struct finding at #/components/schemas/E/definitions is accepted for p without a reason (apis.p.x-accepted)',
    ]);
  }, 600_000);
});
