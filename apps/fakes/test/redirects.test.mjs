// No provider client follows a redirect, on either transport: a 307 or 308 from the provider's
// origin comes back as an error with its Location, and the other origin (a second server on
// 127.0.0.1) never sees a request, let alone a credential. Every credential set each provider's
// fake accepts (API key header, bearer, HTTP Basic, client id + bearer + signer) is tried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { nodeTransport } from '@capi/core/node';
import { createClient } from '@capi/conformance/clients.ts';
import { fakes } from '../src/providers.ts';

async function listen(handler) {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push({ url: req.url, headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** The id of the fake's first seeded record (by the path parameter's name, else its `id` or `_id`). */
const seededId = (fake, param) => {
  const [record] = Object.values(fake.records)[0];
  return record[param] ?? record.id ?? record._id;
};

let elsewhere;
let origin;
let status = 307;
const transports = [];
beforeAll(async () => {
  elsewhere = await listen((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  origin = await listen((req, res) => res.writeHead(status, { location: `${elsewhere.url}${req.url}`, 'content-length': '0' }).end());
});
afterAll(async () => {
  for (const t of transports) await t.close();
  await origin?.close();
  await elsewhere?.close();
});

const cases = Object.entries(fakes).flatMap(([name, fake]) => fake.clients.valid.map((c) => [name, c.label, c.options, fake]));
describe.each([['global fetch'], ['node transport']])('on %s', (transportName) => {
  it.each(cases)('%s (%s): a 307 and a 308 to another origin are not followed', async (name, _label, options, fake) => {
    const extra = transportName === 'node transport' ? { fetch: transports[transports.push(nodeTransport()) - 1] } : {};
    const client = await createClient(name, origin.url, { ...options, ...extra });
    const { spec } = await import(`@capi/${name}`);
    const [method, path] = Object.keys(spec.operations)[0].split(' ');
    const param = /\{([^}]+)\}/.exec(path)[1];
    for (const code of [307, 308]) {
      status = code;
      const before = origin.hits.length;
      const { error, response } = await client.request(method.toLowerCase(), path, {
        params: { path: { [param]: seededId(fake, param) } },
        body: {},
      });
      expect(error).toMatchObject({ kind: 'unexpected_response', status: code, attempts: 1 });
      expect(response.headers.get('location')).toMatch(new RegExp(`^${elsewhere.url}/`));
      // the provider's origin got the credentials: the check below is not vacuous
      const sent = origin.hits.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0].headers.authorization ?? sent[0].headers['x-api-key']).toBeTruthy();
    }
    expect(elsewhere.hits).toEqual([]);
  });
});
