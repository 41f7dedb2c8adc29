// The runtime suite (test/runtimes/) where the client packages claim to run (their `engines`
// and their browser / worker entry): Node 22 (its latest, and 22.19.0, the floor `engines`
// names) and 26 from the npm registry (this tier's own Node is the tooling's 24, which the fast
// tier covers), a page in headless Chromium calling the API on another 127.0.0.1 origin (CORS),
// and workerd from its npm package. `engines` says exactly these majors (engines.test below).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeBinary, onChromium, onNode, onWorkerd } from '../runtimes/run.mjs';
import { expected, TOKEN_REQUESTS } from '../runtimes/expected.mjs';

const CHROMIUM = process.env.CAPI_CHROMIUM ?? '/usr/bin/chromium';

describe('runtime suite', () => {
  it.each(['22.19.0', '22', '26'])('runs on Node %s', async (version) => {
    const bin = await nodeBinary(version);
    const { result, hits } = await onNode(bin);
    expect(result.runtime).toMatch(new RegExp(`^Node\\.js/${version.split('.')[0]}\\b`));
    expect(result).toMatchObject(expected);
    expect(hits['/oauth/token']).toBe(TOKEN_REQUESTS);
  });

  // .ci/run installs Chromium (Debian's package); a machine without it skips, CI never does
  it.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('runs in a Chromium page, the API on another origin (CORS)', async () => {
    const { result, hits, errors } = await onChromium(CHROMIUM);
    expect(result.runtime).toMatch(/HeadlessChrome/);
    expect(result).toMatchObject(expected);
    expect(errors).toEqual([]);
    expect(hits['/oauth/token']).toBe(TOKEN_REQUESTS);
    // the page's origin is not the API's: the browser asked before each PUT
    expect(hits.preflight).toBeGreaterThan(0);
  });

  it('runs in workerd', async () => {
    const { result, hits } = await onWorkerd();
    expect(result.runtime).toBe('Cloudflare-Workers');
    expect(result).toMatchObject(expected);
    expect(hits['/oauth/token']).toBe(TOKEN_REQUESTS);
  });
});
