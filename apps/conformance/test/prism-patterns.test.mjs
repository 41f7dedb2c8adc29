// Prism compiles a schema's `pattern` as the harness's own validators do (src/prism.ts,
// boundedPrismPatterns): one that backtracks catastrophically runs as its linear form, or not at
// all, so a value that does not match it cannot block the process Prism and the tests share. A
// made-up spec, real Prism on 127.0.0.1 (port 0).
import { afterAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrism } from '../src/prism.ts';

const dir = mkdtempSync(join(tmpdir(), 'capi-prism-patterns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = {
  openapi: '3.0.3',
  info: { title: 'patterns', version: '1.0.0' },
  paths: {
    '/things': {
      post: {
        operationId: 'postThing',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['code', 'slug', 'tag'],
                properties: {
                  // backtracks, no linear form: not checked (as the harness's validators)
                  code: { type: 'string', pattern: '^(a|aa)+$' },
                  // backtracks, linear form ^[a-z]*$: checked as that
                  slug: { type: 'string', pattern: '^([a-z]*)*$' },
                  // does not backtrack: checked as written
                  tag: { type: 'string', pattern: '^[A-Z]{3}$' },
                },
              },
            },
          },
        },
        responses: { 204: { description: 'taken' }, 422: { description: 'invalid' } },
      },
    },
  },
};

it('a backtracking pattern is checked as its linear form or not at all; the others as written', async () => {
  const file = join(dir, 'patterns.json');
  writeFileSync(file, JSON.stringify(spec));
  const prism = await startPrism(file);
  try {
    const post = async (body) => {
      const res = await fetch(`${prism.url}/things`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: 'code=204' },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    };
    // a value the pattern as written refuses (422 from Prism before): not checked, as the harness does not
    expect(await post({ code: 'b', slug: 'abc', tag: 'ABC' })).toBe(204);
    // 60 a's and a b: billions of ways to try with the pattern as written (the process would not answer for minutes)
    expect(await post({ code: `${'a'.repeat(60)}b`, slug: 'abc', tag: 'ABC' })).toBe(204);
    // the linear form is the same language: a value outside it is still refused
    expect(await post({ code: 'a', slug: `${'a'.repeat(60)}1`, tag: 'ABC' })).toBe(422);
    expect(await post({ code: 'a', slug: 'abc', tag: 'abc' })).toBe(422);
  } finally {
    await prism.close();
  }
});
