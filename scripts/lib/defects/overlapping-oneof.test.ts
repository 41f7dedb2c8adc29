// contract-tests/overlapping-oneof: given the oneOf, want these actions; a spec that points into
// the alternatives with `$ref`s keeps every `$ref` resolving once they move (applied with the
// build's overlay checker, then every `$ref` of the result resolved).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkOverlay } from '../overlay/overlay.ts';
import { getAt, parsePointer } from '../spec/json-pointer.ts';
import { oneOfsToAnyOf } from './overlapping-oneof.ts';
import { wanted } from './testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'capi-oneof-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// biome-ignore lint/suspicious/noExplicitAny: the fixed document is read freely
const apply = (doc: unknown, actions: unknown[]): any => {
  const file = join(dir, `overlay-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ overlay: '1.0.0', info: { title: 't', version: '1' }, actions }));
  const res = checkOverlay(file, doc, { root: dir });
  for (const a of res.actions) expect(a.matched > 0 && a.changed, `action ${a.index} (${a.target}) must match and change`).toBe(true);
  return res.document;
};

const branches = [{ type: 'object' }, { type: 'object', required: ['id'] }];
const cases: [string, string, ReturnType<typeof wanted>[]][] = [
  [
    'a oneOf in an allOf part: anyOf with the same branches, then the oneOf removed',
    '#/components/schemas/Thing/allOf/0',
    [
      { target: '$.components.schemas.Thing.allOf[0]', update: { anyOf: branches } },
      { target: '$.components.schemas.Thing.allOf[0].oneOf', remove: true },
    ],
  ],
];

describe('contract-tests/overlapping-oneof', () => {
  it.each(cases)('%s', (_, pointer, want) => {
    const doc = { components: { schemas: { Thing: { allOf: [{ oneOf: branches }] } } } };
    expect(oneOfsToAnyOf(doc, [pointer], () => true).map(wanted)).toEqual(want);
  });

  // nexmo's conversation API: a channel's `to` is `$ref`s to the members of its `from`'s oneOf,
  // and a member of `to` refers to a property inside one of them
  const channel = () => ({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {},
    components: {
      schemas: {
        channel: {
          type: 'object',
          properties: {
            from: {
              oneOf: [
                { type: 'object', required: ['type'], properties: { type: { type: 'string' }, user: { type: 'string' } } },
                { type: 'object', required: ['type'], properties: { type: { type: 'string' }, number: { type: 'string' } } },
              ],
            },
            to: {
              oneOf: [
                { $ref: '#/components/schemas/channel/properties/from/oneOf/0' },
                {
                  type: 'object',
                  properties: { number: { $ref: '#/components/schemas/channel/properties/from/oneOf/1/properties/number' } },
                },
              ],
            },
            alias: { $ref: '#/components/schemas/channel/properties/from/oneOf/1' },
          },
        },
      },
    },
  });
  const unresolved = (doc: unknown): string[] => {
    const out: string[] = [];
    const walk = (n: unknown): void => {
      if (!n || typeof n !== 'object') return;
      const ref = (n as { $ref?: unknown }).$ref;
      if (typeof ref === 'string' && getAt(doc, parsePointer(ref)) === undefined) out.push(ref);
      for (const v of Object.values(n)) walk(v);
    };
    walk(doc);
    return out;
  };

  it.each([
    ['from', '#/components/schemas/channel/properties/from'],
    ['to', '#/components/schemas/channel/properties/to'],
  ])('$refs into the moved alternatives still resolve, starting from %s; both move together', (_, start) => {
    const doc = channel();
    const actions = oneOfsToAnyOf(doc, [start], () => true);
    const fixed = apply(doc, actions);
    expect(unresolved(fixed)).toEqual([]);
    const s = fixed.components.schemas.channel.properties;
    expect(Object.keys(s.from)).toEqual(['anyOf']);
    expect(Object.keys(s.to)).toEqual(['anyOf']);
    expect(s.to.anyOf[0]).toEqual({ $ref: '#/components/schemas/channel/properties/from/anyOf/0' });
    expect(s.alias).toEqual({ $ref: '#/components/schemas/channel/properties/from/anyOf/1' });
    // the same moves whichever one a case starts from
    expect(oneOfsToAnyOf(channel(), ['#/components/schemas/channel/properties/to'], () => true)).toEqual(
      oneOfsToAnyOf(channel(), ['#/components/schemas/channel/properties/from'], () => true),
    );
  });

  it('a related oneOf that does not overlap stays; its $ref into the moved one is pointed at anyOf', () => {
    const doc = channel();
    const actions = oneOfsToAnyOf(doc, ['#/components/schemas/channel/properties/from'], (p) => !p.endsWith('/to'));
    const out = apply(doc, actions);
    expect(unresolved(out)).toEqual([]);
    expect(Object.keys(out.components.schemas.channel.properties.to)).toEqual(['oneOf']);
  });
});
