// A list whose page size and offset are required query parameters (test/fixtures/paged-list.yaml;
// postmark's account API lists domains, senders and servers so): the generated workflow asks for
// the first page (the offset at its minimum, the size at its maximum up to 100), so the created
// item is on it. Before, the offset was generated anywhere in its range and skipped past it.
// Behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/paged-list.yaml');
const model = loadSpecModel(SPEC);
const { resources } = createEngine(model).inference;
const { workflows } = generateWorkflows(resources, model);

describe('a list with a required page size and offset', () => {
  const env = servedFixture(SPEC, 'paged-list');

  it('the generated workflow lists the first page and finds the created domain there', async () => {
    const workflow = workflows.find((w) => w.resource === 'domains');
    expect(workflow).toBeDefined();
    const { steps, requests } = await env.run(model, workflow);
    expect(steps).toContain('list');
    const list = requests.find((r) => r.operation === 'GET /domains');
    expect(list?.query).toMatchObject({ offset: '0', count: '100' });
  });
});
