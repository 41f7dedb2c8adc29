// An id the client chooses in a create's body, of another type than the item shows it
// (test/fixtures/chosen-id-type.yaml; gitlab's `POST /projects/{id}/share`: `group_id` an integer
// of a form, a string in the answer's ProjectGroupLink). The fake answered the integer as sent,
// so Prism in front refused its own answer with a 500 ("Response body property group_id must be
// string"): the application under test saw a server error for a request the spec allows. Behind
// real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/chosen-id-type.yaml');
const model = loadSpecModel(SPEC);

describe('an id the client chooses, of another type than the item shows it', () => {
  const env = servedFixture(SPEC, 'chosen-id-type');
  const share = (form) =>
    fetch(`${env.served.url}/projects/p1/share`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('is answered in the type the item shows, and still names the item', async () => {
    env.served.engine.reset();
    const res = await share({ group_id: '12', group_access: '30' });
    expect([res.status, res.headers.get('sl-violations')]).toEqual([201, null]);
    expect(await res.json()).toMatchObject({ group_id: '12' });
    expect((await share({ group_id: '12', group_access: '10' })).status).not.toBe(201); // exists already
    const gone = await fetch(`${env.served.url}/projects/p1/share/12`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    expect((await share({ group_id: '12', group_access: '10' })).status).toBe(201);
  });

  it('runs its generated workflow', async () => {
    const { workflows } = generateWorkflows(createEngine(model).inference.resources, model);
    const workflow = workflows.find((w) => w.resource.endsWith('share'));
    expect(workflow).toBeDefined();
    const { failed } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
  });
});
