// contract-tests/overlapping-oneof: given the oneOf, want these actions.
import { describe, expect, it } from 'vitest';
import { oneOfToAnyOf } from './overlapping-oneof.ts';
import { wanted } from './testing.ts';

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
    expect(oneOfToAnyOf(pointer, { oneOf: branches }).map(wanted)).toEqual(want);
  });
});
