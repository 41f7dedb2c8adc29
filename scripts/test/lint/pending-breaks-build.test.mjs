// `lint:specs --fix` writes the actions waiting in overlay.suggested.yaml only where the effective
// spec still builds with them: actions that break a build that worked (here the old move of an
// overlapping `oneOf` to `anyOf` that left another schema's `$ref` into it pointing at nothing,
// as nexmo's conversation API has) are taken back out, none of them is left in the overlay, and the command says why and keeps them in overlay.refused.yaml. With the real Redocly,
// through the command as a user runs it.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { registerOneProvider, runNode } from '../helpers.mjs';

let root;
afterEach(() => root && rmSync(root, { recursive: true, force: true }));

function provider(actions) {
  root = mkdtempSync(join(tmpdir(), 'capi-pending-build-'));
  mkdirSync(join(root, 'specs', 'p'), { recursive: true });
  const member = (name) => ({ type: 'object', required: ['type'], properties: { type: { type: 'string' }, [name]: { type: 'string' } } });
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1', description: 'd', license: { name: 'x', url: 'https://x.invalid' } },
    servers: [{ url: 'https://api.t.invalid' }],
    paths: {
      '/calls': {
        get: {
          operationId: 'getCalls',
          summary: 'Calls',
          responses: {
            200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/channel' } } } },
            400: { description: 'bad' },
          },
        },
      },
    },
    components: {
      schemas: {
        channel: {
          type: 'object',
          properties: {
            from: { oneOf: [member('user'), member('number')] },
            to: { oneOf: [{ $ref: '#/components/schemas/channel/properties/from/oneOf/0' }, member('uri')] },
          },
        },
      },
    },
  };
  writeFileSync(join(root, 'specs/p/upstream.yaml'), stringify(doc));
  registerOneProvider(root, { api: { rules: { 'no-illogical-composition-keywords': 'off' } } });
  writeFileSync(join(root, 'specs/p/overlay.suggested.yaml'), stringify({ actions }));
}

const lintFix = () => runNode([join(repoRoot, 'scripts/capi.mjs'), 'lint', '--root', root, '--fix', 'p'], { timeoutMs: 300_000 });
const target = '$.components.schemas.channel.properties.from';

describe('lint:specs --fix: suggested actions that break the build', () => {
  it('are taken back out: none in the overlay, kept in overlay.refused.yaml, the reason said', async () => {
    // the move alone, as the harness wrote it before: `to`'s $ref into `from/oneOf/0` resolves to nothing
    const broken = [
      { target, description: 'moved', update: { anyOf: [{ type: 'object' }, { type: 'object' }] } },
      { target: `${target}.oneOf`, description: 'Remove the oneOf that anyOf replaces.', remove: true },
    ];
    provider(broken);
    const res = await lintFix();
    const out = res.stdout + res.stderr;
    expect(out).toMatch(
      /the 2 suggested overlay action\(s\) in specs\/p\/overlay\.suggested\.yaml would break the build of its effective spec \(.+\); specs\/p\/overlay\.yaml is left as it was and the actions are kept in specs\/p\/overlay\.refused\.yaml/,
    );
    // (lint's own corrections of this spec, written after, are there; none of the suggested ones)
    const written = parse(readFileSync(join(root, 'specs/p/overlay.yaml'), 'utf8')).actions ?? [];
    expect(written.filter((a) => a.target.startsWith(target))).toEqual([]);
    expect(parse(readFileSync(join(root, 'specs/p/overlay.refused.yaml'), 'utf8')).actions).toEqual(broken);
    // the effective spec is the one built without them
    expect(parse(readFileSync(join(root, 'specs/p/effective.yaml'), 'utf8')).components.schemas.channel.properties.from.oneOf).toHaveLength(
      2,
    );
  });

  it('actions that keep it building are written', async () => {
    provider([{ target, description: 'a title', update: { title: 'from' } }]);
    const res = await lintFix();
    expect(res.stdout + res.stderr).toMatch(/--fix wrote 1 suggested overlay action\(s\)/);
    const written = parse(readFileSync(join(root, 'specs/p/overlay.yaml'), 'utf8')).actions;
    expect(written.filter((a) => a.target === target)).toEqual([{ target, description: 'a title', update: { title: 'from' } }]);
  });
});
