// Call results are typed by the response bodies of every JSON media type the spec model calls JSON
// (application/json, any `+json` type, with parameters such as `; charset=utf-8`), in `data` and in
// a documented error's `body`: from a spec in memory through codegen (openapi-typescript and the
// named aliases) to tsc on a file that calls the client (@capi/core read from its sources).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typecheckUse, writeGenerated } from './consumer-project.mjs';

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const json = (type, schema, description = 'ok') => ({ description, content: { [type]: { schema } } });
const spec = {
  openapi: '3.1.0',
  info: { title: 'media', version: '1' },
  paths: {
    '/videos/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getVideo',
        responses: {
          200: json('application/vnd.example.video+json', ref('Video')),
          404: json('application/problem+json', ref('Problem'), 'missing'),
          409: json('application/json; charset=utf-8', ref('Conflict'), 'conflict'),
          410: json('text/plain', { type: 'string' }, 'gone'),
        },
      },
    },
    '/clips': {
      get: {
        operationId: 'listClips',
        responses: { 200: json('application/json; charset=utf-8', { type: 'array', items: ref('Video') }) },
      },
    },
    '/captions': {
      get: {
        operationId: 'getCaptions',
        responses: {
          200: {
            description: 'ok',
            content: { 'Application/Vnd.Captions+JSON; v=2': { schema: ref('Video') }, 'text/vtt': { schema: { type: 'string' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Video: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'string' }, title: { type: 'string' } } },
      Problem: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, detail: { type: 'string' } } },
      Conflict: { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: ['taken'] } } },
    },
  },
};

const use = `
import { createProviderClient } from '@capi/core';
import { spec, type GetVideoResponse200, type GetVideoError404, type GetVideoError409, type ListClipsResponse200 } from './api.gen.js';
import type { components, paths } from './schema.gen.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Video = components['schemas']['Video'];
const client = createProviderClient<paths>({ name: 'media', spec }, {}, {});

export async function run() {
  const video = await client.GET('/videos/{id}', { params: { path: { id: 'v1' } } });
  if (video.data) {
    const d: true = {} as Equal<typeof video.data, Video>;
    const alias: true = {} as Equal<typeof video.data, GetVideoResponse200>;
    void [d, alias, video.data.title.toUpperCase()];
  }
  if (video.error?.documented && video.error.status === 404) {
    const e: true = {} as Equal<typeof video.error.body, GetVideoError404>;
    void [e, video.error.body.type.toUpperCase()];
  }
  if (video.error?.documented && video.error.status === 409) {
    const e: true = {} as Equal<typeof video.error.body, GetVideoError409>;
    void [e, video.error.body.code === 'taken'];
  }
  if (video.error?.documented && video.error.status === 410) {
    // not JSON: the client cannot promise a parsed body
    const e: true = {} as Equal<typeof video.error.body, unknown>;
    void e;
  }
  const clips = await client.GET('/clips');
  if (clips.data) {
    const d: true = {} as Equal<typeof clips.data, Video[]>;
    const alias: true = {} as Equal<typeof clips.data, ListClipsResponse200>;
    void [d, alias];
  }
  const captions = await client.GET('/captions');
  if (captions.data) {
    const d: true = {} as Equal<typeof captions.data, Video>;
    void d;
  }
}
`;

describe('call result types for JSON media types', () => {
  let dir;
  let result;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capi-response-types-'));
    await writeGenerated(dir, spec, { provider: 'media', file: 'media.yaml' });
    result = await typecheckUse(dir, use);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('types data and documented error bodies of application/*+json, parameters and case included, as the bodies codegen names', () => {
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
