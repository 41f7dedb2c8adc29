// An item two envelopes deep (test/fixtures/nested-envelope.yaml; YNAB's API: `{ data: { account:
// {...} } }` from a create and a read, `{ data: { accounts: [...], server_knowledge } }` from the
// list). The fake took `data`'s object as the item: its id field read as the path parameter
// (`account_id`) instead of the item's `id`, the list answered generated accounts, and the
// workflow was reduced to a count that failed (one account listed before the create and after
// it). Behind real Prism, as `npm run fake` serves it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/nested-envelope.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);

describe('an item two envelopes deep', () => {
  const env = servedFixture(SPEC, 'nested-envelope');
  const call = async (method, path, body) => {
    const res = await fetch(`${env.served.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, violations: res.headers.get('sl-violations'), body: await res.json() };
  };

  it('is read from the member named like one item, its id the field it names', () => {
    const accounts = engine.inference.resources.find((r) => r.name === 'accounts');
    expect(accounts.idField).toBe('id');
  });

  it('is stored by the create, read back in place, and listed in the member named like the collection', async () => {
    env.served.engine.reset();
    const created = await call('POST', '/budgets/b1/accounts', { account: { name: 'Cash', type: 'checking' } });
    expect([created.status, created.violations]).toEqual([201, null]);
    const account = created.body.data.account;
    expect(account).toMatchObject({ name: 'Cash', type: 'checking' });
    const read = await call('GET', `/budgets/b1/accounts/${account.id}`);
    expect([read.status, read.body]).toEqual([200, { data: { account } }]);
    const list = await call('GET', '/budgets/b1/accounts');
    expect([list.status, list.violations]).toEqual([200, null]);
    expect(list.body.data.accounts).toEqual([account]);
    expect((await call('GET', '/budgets/b2/accounts')).body.data.accounts).toEqual([]);
  });

  it('gets a whole generated workflow that passes, not a reduced one', async () => {
    const { workflows } = generateWorkflows(engine.inference.resources, model);
    const workflow = workflows.find((w) => w.resource === 'accounts');
    expect(workflow.reduced).toBeUndefined();
    const { failed, steps } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
    expect(steps).toEqual(['create', 'read', 'list']);
  });
});
