// JSON Pointers are decoded in one place (scripts/lib/spec/json-pointer.ts), correctly: RFC 6901
// escapes, URI-encoded $ref fragments, keys with '/', '~', '%' and empty keys; and no other module
// decodes them by hand.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatPointer, getAt, parsePointer, resolveLocal } from '../../lib/spec/json-pointer.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

describe('json-pointer', () => {
  it('parses the fragment and plain forms, escapes and URI-encoding', () => {
    expect(parsePointer('#/paths/~1users~1{id}/get')).toEqual(['paths', '/users/{id}', 'get']);
    expect(parsePointer('#/paths/~1users~1%7Bid%7D')).toEqual(['paths', '/users/{id}']);
    expect(parsePointer('/a~01/b')).toEqual(['a~1', 'b']); // ~01 is '~1', not '/'
    expect(parsePointer('#/x/100%')).toEqual(['x', '100%']); // a literal % is kept
    expect(parsePointer('#/a//b')).toEqual(['a', '', 'b']);
    expect(parsePointer('#')).toEqual([]);
    expect(parsePointer('')).toEqual([]);
  });

  it('formats what it parses', () => {
    for (const segs of [['paths', '/a/{b}', 'get'], ['a~b', 'c'], ['']]) expect(parsePointer(formatPointer(segs))).toEqual(segs);
  });

  it('reads own keys only and follows local $refs with a bound', () => {
    const doc = { a: { $ref: '#/b' }, b: { $ref: '#/c' }, c: { ok: true }, loop: { $ref: '#/loop' }, ext: { $ref: 'other.yaml#/x' } };
    expect(getAt(doc, '#/c/ok')).toBe(true);
    expect(getAt(doc, '#/c/constructor')).toBeUndefined();
    expect(getAt(doc, '#/c/__proto__')).toBeUndefined();
    expect(resolveLocal(doc, doc.a)).toEqual({ ok: true });
    expect(resolveLocal(doc, doc.loop)).toEqual({ $ref: '#/loop' }); // a cycle ends
    expect(resolveLocal(doc, doc.ext)).toEqual({ $ref: 'other.yaml#/x' });
  });

  it('is the only place that unescapes ~1 and ~0', () => {
    const offenders = [];
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', 'dist', 'generated', '.git', '.turbo', 'report', 'reports'].includes(e.name)) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(mjs|ts|js)$/.test(e.name) && !p.includes(`${join('scripts', 'test')}`) && !p.endsWith('json-pointer.ts')) {
          // @capi/core is published without @capi/scripts: its one decoder is pointerSegments in its json-pointer.ts
          if (p.endsWith(join('packages', 'core', 'src', 'json-pointer.ts'))) continue;
          if (/replace\(\/~1\/g/.test(readFileSync(p, 'utf8'))) offenders.push(relative(repoRoot, p));
        }
      }
    };
    for (const top of ['scripts', 'apps', 'packages', 'bench']) walk(join(repoRoot, top));
    expect(offenders).toEqual([]);
  });
});
