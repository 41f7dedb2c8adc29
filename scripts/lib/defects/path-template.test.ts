// generation/path-template: given paths, want these problems (the actions through generation:
// scripts/test/codegen/generation-checks.test.mjs).
import { describe, expect, it } from 'vitest';
import { kind } from './path-template.ts';

const get = (operationId: string) => ({ get: { operationId, responses: { 200: { description: 'ok' } } } });
const doc = (paths: Record<string, unknown>) => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths });

const cases: [string, Record<string, unknown>, string[]][] = [
  ['a query string in the template', { '/items': get('List'), '/items?full=true': get('ListFull') }, ['#/paths/~1items?full=true']],
  [
    'a fragment in the template',
    { '/#Action=X': { post: { operationId: 'X', responses: { 200: { description: 'ok' } } } } },
    ['#/paths/~1#Action=X'],
  ],
  ['a plain template: nothing', { '/items/{id}': get('Get') }, []],
];

describe('generation/path-template', () => {
  it.each(cases)('%s', (_, paths, pointers) => {
    const found = kind.detect?.(doc(paths), 'upstream.yaml') ?? [];
    expect(found.map((p) => p.pointer)).toEqual(pointers);
    for (const p of found) expect(p.fix.length).toBeGreaterThan(0);
  });
});
