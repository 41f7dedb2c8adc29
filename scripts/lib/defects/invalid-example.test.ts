// contract-tests/invalid-example: given the schema and the refused value, want this action.
import { describe, expect, it } from 'vitest';
import { correctInvalidValue } from './invalid-example.ts';
import { wanted } from './testing.ts';

const cases: [string, Parameters<typeof correctInvalidValue>, ReturnType<typeof wanted>[]][] = [
  [
    'a value that is no value of the schema: removed',
    ['#/components/schemas/Thing/allOf/1/properties/n', 'example', 'n: must be integer'],
    [{ target: '$.components.schemas.Thing.allOf[1].properties.n.example', remove: true }],
  ],
  [
    'a value written as the text of the one meant: that value',
    ['#/components/schemas/Flag', 'default', 'must be boolean', false],
    [{ target: '$.components.schemas.Flag', update: { default: false } }],
  ],
];

describe('contract-tests/invalid-example', () => {
  it.each(cases)('%s', (_, args, want) => {
    const actions = correctInvalidValue(...args);
    expect(actions.map(wanted)).toEqual(want);
    for (const a of actions) expect(a['x-fixes']).toEqual(['contract-tests']);
  });
});
