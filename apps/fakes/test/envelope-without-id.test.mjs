// An item inside a `{ data, success }` envelope that holds no `id` (test/fixtures/envelope-without-id.yaml):
// the fake stores the item, not the envelope, with the field named like its item parameter as its
// id, and its generated workflow passes behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/envelope-without-id.yaml');
const model = loadSpecModel(SPEC);
const { resources } = createEngine(model).inference;
const { workflows } = generateWorkflows(resources, model);

describe('an envelope whose item holds no id', () => {
  const env = servedFixture(SPEC, 'envelope-without-id');

  it('the id field is the item parameter inside the envelope, not the envelope path to it', () => {
    expect(resources.find((r) => r.name === 'hooks')?.idField).toBe('url');
  });

  it('the store holds the item, each answer wraps it in its envelope, and the generated workflow passes', async () => {
    const workflow = workflows.find((w) => w.resource === 'hooks');
    expect(workflow).toBeDefined();
    const { steps } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'list', 'delete']);
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /accounts/{accountId}/hooks'), {
      path: { accountId: 'a1' },
      body: { url: 'https://example.com/in', events: ['sent'] },
    });
    expect(created.violations).toBeNull();
    expect(created.body.data).toMatchObject({ url: 'https://example.com/in', events: ['sent'] });
    const [stored] = env.served.engine.records('hooks');
    expect(stored).toMatchObject({ url: 'https://example.com/in' });
    expect(Object.hasOwn(stored, 'data')).toBe(false);
    const listed = await env.send(model.operation('GET /accounts/{accountId}/hooks'), { path: { accountId: 'a1' } });
    expect(listed.violations).toBeNull();
    expect(listed.body.data.map((h) => h.url)).toEqual(['https://example.com/in']);
    const deleted = await env.send(model.operation('DELETE /accounts/{accountId}/hooks/{url}'), {
      path: { accountId: 'a1', url: 'https://example.com/in' },
    });
    expect(deleted.status).toBe(204);
  });
});
