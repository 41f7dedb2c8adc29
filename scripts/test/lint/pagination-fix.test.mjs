// `lint:specs --fix --accept-pagination` (scripts/lib/lint/pagination-fix.ts): the pagination
// hint's actions written into a provider's overlay, unreviewed and saying so, once; and the count
// of paginated operations the corpus run shows per spec.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { applyPaginationHints, paginatedOperations } from '../../lib/lint/pagination-fix.ts';

const doc = (getExtra = {}) => ({
  openapi: '3.1.0',
  info: { title: 'paged', version: '1' },
  paths: {
    '/orders': {
      get: {
        parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'a page',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    data: { type: 'array', items: { type: 'object' } },
                    meta: { type: 'object', properties: { next_cursor: { type: 'string' } } },
                  },
                },
              },
            },
          },
        },
        ...getExtra,
      },
    },
    '/orders/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'one', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
});

let dir;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
function provider(effective) {
  dir = mkdtempSync(join(tmpdir(), 'capi-pagination-fix-'));
  mkdirSync(join(dir, 'specs/p'), { recursive: true });
  const overlay = join(dir, 'specs/p/overlay.yaml');
  writeFileSync(overlay, 'overlay: 1.0.0\ninfo:\n  title: p\n  version: 1.0.0\nactions: []\n');
  writeFileSync(join(dir, 'specs/p/effective.yaml'), stringify(effective));
  return { name: 'p', specDir: join(dir, 'specs/p'), overlays: [overlay], effective: join(dir, 'specs/p/effective.yaml'), upstream: true };
}

describe('--fix --accept-pagination', () => {
  it("writes the hint's x-capi-pagination action into the overlay, saying it was not reviewed", () => {
    const p = provider(doc());
    const lines = [];
    const wrote = applyPaginationHints([p], dir, { log: (l) => lines.push(l), today: '2026-12-06' });
    expect(wrote.get('p')).toBe(1);
    const { actions } = parse(readFileSync(p.overlays[0], 'utf8'));
    expect(actions).toHaveLength(1);
    expect(actions[0].target).toBe("$.paths['/orders'].get");
    expect(actions[0].update['x-capi-pagination']).toEqual({
      style: 'cursor',
      request: { cursor: 'cursor' },
      response: { items: '/data', next: '/meta/next_cursor' },
    });
    expect(actions[0].description).toMatch(
      /check the provider's docs; written without review \(npm run lint:specs -- --fix --accept-pagination, 2026-12-06\)$/,
    );
    expect(lines).toEqual(['p: --fix wrote 1 pagination action(s) (x-capi-pagination, unreviewed) into specs/p/overlay.yaml']);
  });

  it('writes nothing for an operation that declares its pagination already (the overlay applied)', () => {
    const fact = { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/meta/next_cursor' } };
    const p = provider(doc({ 'x-capi-pagination': fact }));
    expect(applyPaginationHints([p], dir, { log: () => {} }).get('p')).toBeUndefined();
    expect(parse(readFileSync(p.overlays[0], 'utf8')).actions).toEqual([]);
  });

  it('counts the operations whose pagination codegen accepts (what the corpus table shows)', () => {
    const fact = { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/meta/next_cursor' } };
    expect(paginatedOperations(provider(doc({ 'x-capi-pagination': fact })).effective)).toBe(1);
    expect(paginatedOperations(provider(doc()).effective)).toBe(0);
    expect(paginatedOperations(join(dir, 'missing.yaml'))).toBe(0);
  });
});
