// A response that documents transport-level headers (copied from a captured exchange): the mock
// sends them back as documented and the answer is no longer valid HTTP/1.1. Against a real HTTP
// server that answers that way and the real client: the case's failure names the lint rule that
// finds the header and the command that removes it (lint-rules.test.mjs and
// scripts/test/lint/defect-kinds.test.mjs cover the rule and its action).
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createProviderClient } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { noAnswer, transportHint } from '../src/prism.ts';

let server;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A server that answers every request with both Content-Length and Transfer-Encoding, as Prism does with such a spec. */
function framingServer() {
  server = createServer((socket) => {
    socket.once('data', () => {
      socket.end(
        'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      );
    });
    socket.on('error', () => {});
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${server.address().port}`)));
}

describe('an answer that is not valid HTTP/1.1 because of documented transport-level headers', () => {
  it('fails naming capi/transport-response-header and lint --fix', async () => {
    const baseUrl = await framingServer();
    const dir = mkdtempSync(join(tmpdir(), 'capi-framing-'));
    let client;
    try {
      const file = join(dir, 'effective.yaml');
      const doc = {
        openapi: '3.0.3',
        info: { title: 'framing', version: '1' },
        paths: {
          '/things': {
            get: {
              operationId: 'listThings',
              responses: {
                200: {
                  description: 'ok',
                  headers: { 'Transfer-Encoding': { schema: { type: 'string', example: 'chunked' } } },
                  content: { 'application/json': { schema: { type: 'object' } } },
                },
              },
            },
          },
        },
      };
      writeFileSync(file, stringify(doc));
      const asWritten = loadSpecModel(file, { schemas: 'as-written' });
      client = createProviderClient({ name: 'framing', spec: specFacts(asWritten.source, asWritten) }, { baseUrl, retry: false }, {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const res = await client.request('get', '/things', { signal: AbortSignal.timeout(20_000) });
    expect(res.error?.kind, JSON.stringify(res.error)).toBe('network');
    expect(() => noAnswer({ where: 'GET /things', error: res.error })).toThrow(
      /^no answer to GET \/things: network: .*transport-level header .*capi\/transport-response-header.*lint:specs -- --fix/,
    );
  });

  it('any other network failure gets no such hint', () => {
    expect(transportHint('request failed before any response (ECONNREFUSED)')).toBe('');
  });
});
