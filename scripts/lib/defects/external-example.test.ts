// bundle/external-example: given a root document, want these examples and actions (the whole path
// through the build and lint:specs --fix: scripts/test/lint/defect-kinds.test.mjs).
import { describe, expect, it } from 'vitest';
import { kind } from './external-example.ts';
import { wanted } from './testing.ts';

const doc = () => ({
  openapi: '3.1.0',
  paths: {
    '/pets': {
      get: {
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': {
                examples: { nightly: { externalValue: 'https://example.invalid/config' }, shared: { $ref: '#/components/examples/Local' } },
              },
            },
          },
        },
      },
    },
  },
  components: { examples: { Local: { externalValue: './examples/missing.json' } } },
});

describe('bundle/external-example', () => {
  it('a URL and a missing file: each removed, a shared one with its uses', () => {
    const found = kind.detect?.(doc(), '/nowhere/upstream.yaml') ?? [];
    expect(found.map((p) => p.pointer)).toEqual([
      '#/paths/~1pets/get/responses/200/content/application~1json/examples/nightly',
      '#/components/examples/Local',
    ]);
    expect(found.flatMap((p) => p.fix.map(wanted))).toEqual([
      { target: "$.paths['/pets'].get.responses['200'].content['application/json'].examples.nightly", remove: true },
      { target: "$.paths['/pets'].get.responses['200'].content['application/json'].examples.shared", remove: true },
      { target: '$.components.examples.Local', remove: true },
    ]);
  });
});
