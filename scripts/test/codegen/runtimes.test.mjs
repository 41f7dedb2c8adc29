// The runtime suite (test/runtimes/) on this process's Node: a published client's real calls
// against a server on 127.0.0.1 (a typed success, a documented error, a retry after 503, a
// timeout, OAuth2 client credentials, cursor and Link pagination, a signed webhook verified),
// from a bundle of the packages' sources. The end-to-end tier runs the same suite on
// Node 22 and 26, in Chromium and in workerd (runtimes.e2e.test.mjs).
import { describe, expect, it } from 'vitest';
import { onNode } from '../runtimes/run.mjs';
import { expected, TOKEN_REQUESTS } from '../runtimes/expected.mjs';

describe('runtime suite', () => {
  it(`runs on this Node (${process.version})`, async () => {
    const { result, hits } = await onNode();
    expect(result.runtime).toContain(`Node.js/${process.versions.node.split('.')[0]}`);
    expect(result).toMatchObject(expected);
    expect(Object.entries(hits).filter(([p]) => p.includes('flaky'))[0]?.[1]).toBe(2);
    // one token request for the five concurrent calls of one client
    expect(hits['/oauth/token']).toBe(TOKEN_REQUESTS);
  });
});
