// The keep-alive race: under load a contract case failed with ECONNRESET against Prism, which had
// closed an idle keep-alive connection as the client reused it. The suite's call sends such a
// request once more when a second copy cannot do a write twice (test/suite/calls.ts,
// resendable). Here a real server on 127.0.0.1 drops the connection of the first request it gets,
// after that request has arrived, and answers every later one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createProviderClient, type ProviderDefinition } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { operationCalls, resendable } from './suite/calls.ts';
import type { ContractMeta, SuiteEnv } from './suite/types.ts';

const answer = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
const body = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
const spec = {
  openapi: '3.0.3',
  info: { title: 'keep-alive race', version: '1' },
  paths: {
    '/things': {
      get: { operationId: 'listThings', responses: { 200: answer } },
      put: { operationId: 'replaceThings', requestBody: body, responses: { 200: answer } },
      post: { operationId: 'createThing', requestBody: body, responses: { 200: answer } },
    },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'capi-keepalive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'effective.yaml');
writeFileSync(file, stringify(spec));
const model = loadSpecModel(file, { schemas: 'as-written' });
const facts = specFacts(model.source, model) as unknown as ProviderDefinition['spec'];

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that drops the first request's connection once that request has arrived (`how`), and answers every later one. */
async function dropFirst(how: 'reset' | 'close') {
  const seen: string[] = [];
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.method ?? '');
    if (seen.length === 1) {
      // the request is in: the connection goes without a byte of an answer
      if (how === 'reset') req.socket.resetAndDestroy();
      else req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function callsFor(method: string) {
  const op = model.operations.find((o) => o.method.toUpperCase() === method);
  if (!op) throw new Error(`no ${method} in the fixture`);
  const env = { escaped: [], silent: 0, inflight: new Set() } as unknown as SuiteEnv;
  return operationCalls({ op, model, env, bodyUnsendable: false });
}

const client = (baseUrl: string) => createProviderClient({ name: 'keepalive', spec: facts }, { baseUrl, retry: false }, {});

describe('a request whose connection dropped before any answer', () => {
  for (const how of ['reset', 'close'] as const) {
    for (const method of ['GET', 'PUT']) {
      it(`${method} is sent once more and its answer judged (connection ${how === 'reset' ? 'reset' : 'closed'})`, async () => {
        const { url, seen } = await dropFirst(how);
        const meta = { provider: 'keepalive', kind: 'status' } as ContractMeta;
        const res = await callsFor(method).call(client(url), {}, undefined, meta);
        expect(res.response.status).toBe(200);
        expect(seen).toEqual([method, method]);
        expect(meta.resent).toMatch(
          new RegExp(`^sent again: the connection dropped before any answer \\(.+\\), and ${method} is idempotent$`),
        );
      });
    }
  }

  it('a POST is not sent again: it arrived, so a second copy could write twice; the case fails naming the request', async () => {
    const { url, seen } = await dropFirst('reset');
    const meta = { provider: 'keepalive', kind: 'status' } as ContractMeta;
    await expect(callsFor('POST').call(client(url), {}, undefined, meta)).rejects.toThrow(/^no answer to POST \/things: network: /);
    expect(seen).toEqual(['POST']);
    expect(meta.resent).toBeUndefined();
  });

  it('a POST whose connection was never made is sent again: nothing of it left', async () => {
    // a port nothing listens on: a real refused connection, as the client reports it
    const { url } = await dropFirst('close');
    const closed = server;
    server = undefined;
    await new Promise((resolve) => closed?.close(resolve));
    const res = await client(url).request('post', '/things', { body: {} });
    expect(res.response).toBeUndefined();
    expect(res.error?.kind).toBe('network');
    expect(resendable('POST', res.error)).toBe('sent again: the connection was never made, so the first request never left');
    expect(
      resendable('PATCH', { kind: 'network', message: 'request failed before any response (UND_ERR_SOCKET other side closed)' }),
    ).toBeUndefined();
    expect(resendable('GET', { kind: 'timeout', message: 'attempt timed out' })).toBeUndefined();
  });
});
