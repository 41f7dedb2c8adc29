// contract-tests/read-only-request-body: given the body schema, want this action.
import { describe, expect, it } from 'vitest';
import { removeReadOnlyRoot } from './read-only-request-body.ts';
import { wanted } from './testing.ts';

const cases: [string, string, ReturnType<typeof wanted>[]][] = [
  ['a component schema', '#/components/schemas/Thing', [{ target: '$.components.schemas.Thing.readOnly', remove: true }]],
  [
    'an inline schema of a request body',
    '#/paths/~1things/post/requestBody/content/application~1json/schema',
    [{ target: "$.paths['/things'].post.requestBody.content['application/json'].schema.readOnly", remove: true }],
  ],
];

describe('contract-tests/read-only-request-body', () => {
  it.each(cases)('%s', (_, pointer, want) => {
    const actions = removeReadOnlyRoot(pointer, 'POST /things');
    expect(actions.map(wanted)).toEqual(want);
    expect(actions[0].description).toMatch(/POST \/things readOnly as a whole/);
  });
});
