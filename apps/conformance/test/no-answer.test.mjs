// A request Prism never answers must not hold a contract case for ever: akeneo.com's spec puts
// `code:` and `message:` (example holders) under a response's `content`; Prism 5.16 parses every
// documented response media type while it answers an invalid request, the parse throws outside
// its promise chain, and the request stays open. Against a real Prism: the exception is recorded
// (watchPrism), which ends the request in flight at once, and the case is a mock limitation that
// names the exception; silence without one is a failure that names the request (the client's
// timeout bounds it); after such requests the operation's (or the provider's) remaining cases
// are not sent at all.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { NO_ANSWER_LIMIT, crashEnded, noAnswer, watchPrism } from '../src/prism.ts';
import { madeUpPrism } from './made-up-prism.ts';
import { MockLimitation } from '../src/prism.ts';
import { providerSuite } from './contract-suite.ts';

const spec = {
  openapi: '3.0.3',
  info: { title: 'no answer', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
        },
        responses: {
          201: { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } },
          422: {
            description: 'invalid',
            content: {
              'application/json': { schema: { type: 'object', properties: { code: { type: 'integer' } } } },
              code: { examples: { response: { value: 422 } } },
            },
          },
        },
      },
    },
  },
};

let server;
let unwatch;
afterEach(async () => {
  unwatch?.();
  await server?.close(); // closes the connection Prism left open too, and removes the spec
});

describe('a request Prism never answers', () => {
  it('ends as soon as the exception escapes Prism, and is reported as a mock limitation naming it', async () => {
    server = await madeUpPrism(spec);
    const escaped = [];
    // as the suite does: a crash ends the request in flight at once (the timeout only bounds this test)
    const inflight = new AbortController();
    unwatch = watchPrism(escaped, () => inflight.abort(new Error('an exception escaped Prism')));
    let error;
    try {
      await fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        signal: AbortSignal.any([inflight.signal, AbortSignal.timeout(20_000)]),
      });
    } catch (err) {
      error = { kind: 'network', message: err.message };
    }
    expect(inflight.signal.aborted, 'ended by the crash, not by the time limit').toBe(true);
    expect(error, 'Prism answered; the case this test pins down is gone (a newer Prism?)').toBeDefined();
    expect(escaped.join('\n')).toMatch(/TypeError: invalid media type at .*prism-http/);
    const meta = {};
    expect(() => noAnswer({ where: 'POST /things', error, escaped, meta })).toThrow(MockLimitation);
    expect(meta.limitation).toBe('mock');
    expect(meta.reason).toMatch(/^Prism never answered POST \/things: an exception escaped it \(TypeError: invalid media type/);
  });

  it("through a provider's client too: the client rethrows the abort, which is no answer, not the case's failure", async () => {
    server = await madeUpPrism(spec);
    const asWritten = loadSpecModel(server.file, { schemas: 'as-written' });
    const client = createProviderClient(
      { name: 'noanswer', spec: specFacts(asWritten.source, asWritten) },
      { baseUrl: server.url, retry: false },
      {},
    );
    const escaped = [];
    const ctl = new AbortController();
    unwatch = watchPrism(escaped, () => ctl.abort(new Error('an exception escaped Prism')));
    const send = () =>
      client.request('post', '/things', {
        body: {},
        headers: { Accept: 'application/json' },
        signal: AbortSignal.any([ctl.signal, AbortSignal.timeout(20_000)]),
      });
    // beezup.com's case "Error: an exception escaped Prism": the abort reason, thrown by the client
    await expect(send()).rejects.toThrow(/^an exception escaped Prism$/);
    expect(escaped.join('\n')).toMatch(/invalid media type/);
    const res = await send().catch(crashEnded(ctl.signal));
    expect(res).toEqual({ error: { kind: 'aborted', message: 'an exception escaped Prism' } });
    const meta = {};
    expect(() => noAnswer({ where: 'POST /things', error: res.error, escaped, meta })).toThrow(MockLimitation);
    expect(meta.reason).toMatch(/^Prism never answered POST \/things: an exception escaped it \(TypeError: invalid media type/);
    // any other rejection is not an answer Prism withheld: thrown on
    expect(() => crashEnded(new AbortController().signal)(new Error('boom'))).toThrow('boom');
  });

  it('without an exception from Prism it is a failure naming the request; past the limit the remaining cases are not sent', () => {
    expect(() => noAnswer({ where: 'GET /x', error: { kind: 'network', message: 'socket hang up' } })).toThrow(
      /^no answer to GET \/x: network: socket hang up$/,
    );
    expect(() => noAnswer({ where: 'GET /x', error: { kind: 'timeout', message: 'attempt timeout' } })).toThrow(
      /^no answer to GET \/x within \d+(\.\d+)? s \(attempt timeout\)/,
    );
    const meta = {};
    let thrown;
    try {
      noAnswer({ where: 'GET /x', given: 1, scope: 'operation', escaped: ['TypeError: invalid media type'], meta });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MockLimitation);
    expect(meta.reason).toBe(
      "not sent: 1 earlier request(s) to this operation got no answer (Prism crashed: TypeError: invalid media type), so the operation's remaining cases stop here",
    );
    expect(() => noAnswer({ where: 'GET /x', given: NO_ANSWER_LIMIT })).toThrow(
      /^not sent: 3 earlier request\(s\) to this Prism server, in a row, got no answer within .* so the provider's remaining cases stop here$/,
    );
  });
});

// the whole contract suite on that spec, through a provider's client: its cases that make Prism
// crash are mock limitations (skipped with the reason), none fails with the abort's reason
{
  const suiteDir = mkdtempSync(join(tmpdir(), 'capi-noanswer-suite-'));
  afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));
  const file = join(suiteDir, 'effective.yaml');
  writeFileSync(file, stringify(spec));
  const asWritten = loadSpecModel(file, { schemas: 'as-written' });
  const facts = specFacts(asWritten.source, asWritten);
  providerSuite(
    { name: 'noanswer', effective: file },
    {
      client: (baseUrl, extra = {}) => createProviderClient({ name: 'noanswer', spec: facts }, { baseUrl, retry: false, ...extra }, {}),
      runs: 3,
    },
  );
}
