// Generated workflows on two shapes of codat.io's accounting spec (fixtures/workflow-ids.yaml),
// served as `npm run fake` serves them (real Prism in proxy mode in front of the engine): a
// create body that chooses the id sends one the item path takes (`{billId}`, a uuid), and a body
// is not the schema's example where the example lacks a required field.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine, generate } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/workflow-ids.yaml');
const model = loadSpecModel(SPEC);
const { workflows } = generateWorkflows(createEngine(model).inference.resources, model);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('workflow ids and bodies', () => {
  const env = servedFixture(SPEC, 'workflow-ids');

  it('an example lacking a required field (its properties in an allOf part) is not the generated value', () => {
    const bill = model.at('/components/schemas/Bill');
    const body = generate(bill, 's', { resolve: (n) => model.resolve(n), direction: 'request' });
    expect(body).toMatchObject({ id: expect.any(String), total: expect.any(Number), subTotal: expect.any(Number) });
    expect(model.validateNode(bill, body)).toBe(true);
    // a complete example is still the value
    const complete = { ...bill, examples: [{ id: 'b-1', total: 10, subTotal: 9 }] };
    expect(generate(complete, 's', { resolve: (n) => model.resolve(n) })).toEqual({ id: 'b-1', total: 10, subTotal: 9 });
  });

  it('a create body choosing the id sends one the item path takes, and every step passes behind Prism', async () => {
    const { steps, requests } = await env.run(
      model,
      workflows.find((w) => w.resource === 'bills'),
    );
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'delete', 'read-deleted']);
    expect(requests[0].body.id).toMatch(UUID);
    expect(requests[1].path).toBe(`/bills/${requests[0].body.id}`);
  });

  it("a create body choosing the id sends one the path of every step takes, where a step names the id otherwise (codat's {bankAccountId})", async () => {
    const workflow = workflows.find((w) => w.resource === 'accounts');
    expect(workflow.idParam).toBe('accountId');
    const { steps, requests } = await env.run(model, workflow);
    expect(steps).toEqual(['create', 'update']);
    expect(requests[0].body.id).toMatch(UUID);
    expect(requests[1].path).toBe(`/accounts/${requests[0].body.id}`);
  });
});
