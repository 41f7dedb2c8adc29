// An operation Prism would route elsewhere (test/fixtures/routes.yaml: `/v1/{name}` also matches
// `/v1/x:subscribe`, as on googleapis.com/authorizedbuyersmarketplace, and Prism 5.16 takes the
// first of its sort) is tested on a Prism that serves it alone: its request is the same, Prism
// validates it against its own operation, and every case passes instead of "Request path must have
// required property 'name'".
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { prismViolations, sharedRoute, startPrism } from '../src/prism.ts';
import { requestPath } from '../src/request/cases.ts';
import { providerSuite } from './contract-suite.ts';
import { fixtureProvider } from './suite/fixture-provider.ts';

const { file: FIXTURE, client } = fixtureProvider('routes.yaml', 'routes');
const model = loadSpecModel(FIXTURE);

describe('a request path two templates of one method match', () => {
  const subscribe = model.operation('POST /v1/{package}:subscribe');
  it('is found from the request as sent, for the templated operation only', () => {
    expect(sharedRoute(model.operations, subscribe, requestPath(subscribe, model))).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/{name}' }),
    ]);
    const update = model.operation('POST /v1/{name}');
    expect(sharedRoute(model.operations, update, requestPath(update, model))).toEqual([]);
    // a literal match is preferred by Prism: never at risk
    expect(sharedRoute([{ method: 'GET', path: '/v1/{name}' }], { method: 'GET', path: '/v1/things' }, '/v1/things')).toEqual([]);
  });

  it('is routed elsewhere by Prism serving every operation, and to its own by one serving it alone', async () => {
    const path = requestPath(subscribe, model);
    const send = async (server) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client: 'c' }),
      });
      return prismViolations(res, await res.json()).map((v) => v.message);
    };
    const all = await startPrism(FIXTURE);
    const alone = await startPrism(FIXTURE, { only: { method: 'POST', path: subscribe.path } });
    try {
      expect((await send(all)).join('; ')).toMatch(/required property 'name'|label/);
      expect(await send(alone)).toEqual([]);
    } finally {
      await all.close();
      await alone.close();
    }
  });
});

// the contract suite, on a provider that is not registered
providerSuite({ name: 'routes', effective: FIXTURE }, { client, runs: 5 });
