// `npm run specs:pull` (scripts/commands/pull.ts) against a real HTTP server on 127.0.0.1 that
// serves changed versions of the salesive spec: raw YAML, JSON and a docs page are stored
// verbatim and rebuilt; overlay rot, a no-op action, HTTP errors, an unreachable host and a page
// without a spec all fail clearly and leave upstream.yaml as it was. So do a body that never
// ends (stopped at the size limit while it streams), a server that stalls half way (the
// timeout), a spec whose $ref points at the network (never fetched) and bytes that are not UTF-8.
// Redirects are followed hop by hop, except one from https to plain http (a real https server on
// 127.0.0.1 with a certificate made for the test, which the pull's process trusts through
// NODE_EXTRA_CA_CERTS).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../../lib/registry/registry.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { repoCopy, runNode, runScript } from '../helpers.mjs';

const UPSTREAM = 'specs/salesive/upstream.yaml';
const original = readFileSync(join(repoRoot, UPSTREAM), 'utf8');
const changed = original.replace('description: Updated customer name.', 'description: The new display name of the customer.');

const routes = {
  '/spec.yaml': ['application/yaml', changed],
  '/spec.json': ['application/json', JSON.stringify(parse(changed), null, 2)],
  '/docs/update-customer.md': [
    'text/markdown',
    `> ## Documentation Index\n\n# Update a customer\n\n## OpenAPI\n\n\`\`\`\`yaml PUT /customers/{id}\n${changed}\`\`\`\`\n\nMore prose.\n`,
  ],
  '/same.yaml': ['application/yaml', original],
  // the path the overlay corrects was renamed upstream: its action now matches nothing
  '/rot.yaml': ['application/yaml', changed.replace('  /customers/{id}:', '  /customers/{customerId}:')],
  // upstream now documents the 400 exactly as our overlay adds it: the action changes nothing
  '/noop.yaml': [
    'application/yaml',
    stringify(checkOverlay(join(repoRoot, 'specs/salesive/overlay.yaml'), parse(original), { provider: 'salesive' }).document),
  ],
  '/page.html': ['text/html', '<!doctype html><html><body><h1>Customers API</h1><p>Coming soon.</p></body></html>'],
  '/swagger.json': ['application/json', JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} })],
  // a schema the provider keeps on another server: the build would fetch it and ship it
  '/external-ref.yaml': [
    'application/yaml',
    changed.replace(/\$ref: ['"]?#\/components\/schemas\/CustomerUpdate['"]?/, "$ref: 'http://127.0.0.1:PORT/leak.yaml'"),
  ],
};
const requested = [];
/** The changed spec with one byte that is not UTF-8 (Latin-1 é). */
const cut = changed.indexOf('The new display name');
const latin1 = Buffer.concat([
  Buffer.from(changed.slice(0, cut)),
  Buffer.from('Caf'),
  Buffer.from([0xe9]),
  Buffer.from(` ${changed.slice(cut)}`),
]);

let server;
let base;
let closedPort;
beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url);
    if (req.url === '/forever.yaml') {
      // a body that never ends (no Content-Length): YAML comments, 64 KiB at a time, until the client hangs up
      res.writeHead(200, { 'content-type': 'application/yaml' });
      const chunk = `# ${'x'.repeat(65_530)}\n`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (req.url === '/stall.yaml') {
      // headers and the first lines, then nothing: the connection stays open
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.write(changed.slice(0, 200));
      return;
    }
    if (req.url === '/latin1.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(latin1);
      return;
    }
    if (req.url === '/unusual.yaml') {
      // a status Node knows no reason for (it sends "480 unknown"), and a reason of the server's own
      res.writeHead(480).end();
      return;
    }
    if (req.url === '/teapot.yaml') {
      res.writeHead(404, 'Gone Fishing', { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.url === '/redirect.yaml') {
      res.writeHead(301, { location: '/spec.yaml' }).end();
      return;
    }
    if (req.url === '/loop.yaml') {
      res.writeHead(302, { location: '/loop.yaml' }).end();
      return;
    }
    const route = routes[req.url];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  routes['/external-ref.yaml'][1] = routes['/external-ref.yaml'][1].replace('PORT', server.address().port);
  // a port nothing listens on: open one, note it, close it
  const tmp = createServer();
  await new Promise((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = tmp.address().port;
  await new Promise((r) => tmp.close(r));
});
afterAll(() => {
  server.closeAllConnections(); // the stalled and endless answers
  return new Promise((r) => server.close(r));
});

let repo;
let effectiveBefore;
beforeEach(async () => {
  repo = repoCopy();
  expect((await runScript('commands/build-spec.ts', ['--root', repo.dir, 'salesive'])).status).toBe(0);
  effectiveBefore = read('specs/salesive/effective.yaml');
});
afterEach(() => repo.cleanup());

const read = (f) => readFileSync(join(repo.dir, f), 'utf8');
const pulled = () => join(repo.dir, 'specs/salesive/upstream.pulled.tmp.yaml');

/** Runs the script without blocking this process (the server lives here). */
function pull(...args) {
  return pullWith({}, ...args);
}
function pullWith(env, ...args) {
  return runNode([join(repoRoot, 'scripts/commands/pull.ts'), '--root', repo.dir, ...args], {
    cwd: repo.dir,
    env: { ...process.env, ...env },
    timeoutMs: 60_000,
  });
}

const expectUnchanged = () => {
  expect(read(UPSTREAM)).toBe(original);
  expect(read('specs/salesive/effective.yaml')).toBe(effectiveBefore);
};

describe('specs:pull', () => {
  it('downloads from x-upstream.url, stores the document verbatim and rebuilds the effective spec', async () => {
    repo.edit('specs/salesive/overlay.yaml', (t) => t.replace(/^ {2}url: null$/m, `  url: ${base}/spec.yaml`));
    const res = await pull('salesive');
    expect(res.out).toMatch(new RegExp(`\\[salesive\\] downloading ${base}/spec\\.yaml`));
    expect(res.out).toMatch(/OpenAPI 3\.1\.0 from the document itself/);
    expect(res.out).toMatch(
      /stored specs\/salesive\/upstream\.yaml verbatim \(\+1 -1 lines\) and rebuilt specs\/salesive\/effective\.yaml/,
    );
    expect(res.status).toBe(0);
    expect(read(UPSTREAM)).toBe(changed);
    const effective = parse(read('specs/salesive/effective.yaml'));
    expect(effective.components.schemas.CustomerUpdate.properties.name.description).toBe('The new display name of the customer.');
    expect(effective.paths['/customers/{id}'].put.responses['400']).toBeDefined(); // the overlay still applies
    expect(existsSync(pulled())).toBe(false);
  });

  it('extracts the ```yaml block of a docs page, byte for byte', async () => {
    const res = await pull('salesive', '--url', `${base}/docs/update-customer.md`);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/from the ```yaml block of a docs page/);
    expect(read(UPSTREAM)).toBe(changed);
  });

  it('stores a JSON document verbatim (JSON is YAML) and builds from it', async () => {
    const res = await pull('salesive', '--url', `${base}/spec.json`);
    expect(res.status, res.out).toBe(0);
    expect(read(UPSTREAM)).toBe(routes['/spec.json'][1]);
    expect(parse(read('specs/salesive/effective.yaml')).components.schemas.CustomerUpdate.properties.name.description).toMatch(
      /new display name/,
    );
  });

  it('says so when the upstream has not changed', async () => {
    const res = await pull('salesive', '--url', `${base}/same.yaml`);
    expect(res.status).toBe(0);
    expect(res.out).toMatch(/specs\/salesive\/upstream\.yaml is already up to date; nothing to do/);
    expectUnchanged();
  });

  it('fails on overlay rot (a target that matches nothing), naming the overlay line, and keeps upstream.yaml', async () => {
    const res = await pull('salesive', '--url', `${base}/rot.yaml`);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/error: \[salesive\] specs\/salesive\/overlay\.yaml:\d+: overlay rot in specs\/salesive\/overlay\.yaml:/);
    expect(res.out).toMatch(/action 1 \(\$\.paths\['\/customers\/\{id\}'\]\.put\.responses\): target matches nothing/);
    expect(res.out).toMatch(/specs\/salesive\/upstream\.yaml was left as it was/);
    expect(res.out).toMatch(/downloaded document is in specs\/salesive\/upstream\.pulled\.tmp\.yaml/);
    expectUnchanged();
    expect(readFileSync(pulled(), 'utf8')).toBe(routes['/rot.yaml'][1]);
  });

  it('fails when an overlay action has become a no-op (upstream fixed it), and keeps upstream.yaml', async () => {
    const res = await pull('salesive', '--url', `${base}/noop.yaml`);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/action 1 .*changes nothing \(no-op\) — the upstream already has this fix; delete the action/);
    expectUnchanged();
  });

  it.each([
    [
      'a 404',
      () => `${base}/moved.yaml`,
      /GET http:\/\/127\.0\.0\.1:\d+\/moved\.yaml answered 404 Not Found\. The provider may have moved its spec/,
    ],
    [
      'a status without a standard reason (no "unknown")',
      () => `${base}/unusual.yaml`,
      /GET http:\/\/127\.0\.0\.1:\d+\/unusual\.yaml answered 480\. The provider may have moved its spec/,
    ],
    [
      "a 404 with the server's own reason (the standard one shown)",
      () => `${base}/teapot.yaml`,
      /GET http:\/\/127\.0\.0\.1:\d+\/teapot\.yaml answered 404 Not Found\. The provider/,
    ],
    [
      'an unreachable host',
      () => `http://127.0.0.1:${closedPort}/spec.yaml`,
      /cannot reach http:\/\/127\.0\.0\.1:\d+\/spec\.yaml: ECONNREFUSED/,
    ],
    [
      'a page with no spec',
      () => `${base}/page.html`,
      /served no OpenAPI document \(content-type text\/html; .*no ```yaml fenced block either\)\. It starts with: "<!doctype html>/,
    ],
    ['a Swagger 2.0 document', () => `${base}/swagger.json`, /it is Swagger 2\.0, not OpenAPI 3\.x/],
    ['a URL that is not http', () => 'file:///etc/passwd', /only http\(s\) URLs can be pulled/],
    [
      'a URL with user info (its password never printed)',
      () => `${base.replace('//', '//ada:pw-in-url-5c1e@')}/spec.yaml`,
      /^error: \[salesive\] http:\/\/\*\*\*@127\.0\.0\.1:\d+\/spec\.yaml carries user info/,
    ],
  ])('fails clearly on %s and changes nothing', async (_n, url, message) => {
    const res = await pull('salesive', '--url', url());
    expect(res.status).toBe(1);
    expect(res.out).not.toMatch(/pw-in-url-5c1e/);
    expect(res.out).toMatch(/^(\[salesive\] downloading .*\n)?error: \[salesive\] /);
    expect(res.out).toMatch(message);
    expect(res.out).not.toMatch(/\n\s+at /); // a user error, not a stack trace
    expectUnchanged();
    expect(existsSync(pulled())).toBe(false);
  });

  it('says what to do when x-upstream.url is null', async () => {
    const res = await pull('salesive');
    expect(res.status).toBe(1);
    const line = read('specs/salesive/overlay.yaml').split('\n').indexOf('  url: null') + 1;
    expect(res.out).toMatch(
      new RegExp(
        `error: \\[salesive\\] specs/salesive/overlay\\.yaml:${line}: x-upstream\\.url is null: .*set \`url:\` under x-upstream in this file, and run again; or pass it once with --url <address>`,
      ),
    );
    expectUnchanged();
  });

  it('refuses a provider authored by us, and needs exactly one provider', async () => {
    const authored = await pull('teamcrm', '--url', `${base}/spec.yaml`);
    expect(authored.status).toBe(1);
    expect(authored.out).toMatch(
      /"teamcrm" is authored by us from a docs page \(specs\/teamcrm\/authored\.yaml\); there is no published spec to pull/,
    );
    const none = await pull();
    expect(none.status).toBe(1);
    expect(none.out).toMatch(/name exactly one provider; usage: npm run specs:pull -- <provider>/);
  });

  describe('hostile or broken answers: one message, exit 1, upstream.yaml untouched', () => {
    const expectCleanFailure = (res, message) => {
      expect(res.status, res.out).toBe(1);
      expect(res.out).toMatch(message);
      expect(res.out.match(/^error: /gm)).toHaveLength(1);
      expect(res.out).not.toMatch(/\n\s+at /); // no stack trace
      expectUnchanged();
      expect(existsSync(pulled())).toBe(false);
    };

    it('stops a body that never ends at the size limit while it streams (no Content-Length)', async () => {
      const res = await pullWith({ CAPI_SPEC_MAX_MB: '1' }, 'salesive', '--url', `${base}/forever.yaml`);
      expectCleanFailure(
        res,
        /GET http:\/\/127\.0\.0\.1:\d+\/forever\.yaml: the body \(\d+ bytes so far\) is more than the 1\.0 MB a spec may have; stopped there\. If the spec really is that large, raise the limit: CAPI_SPEC_MAX_MB=/,
      );
      const bytes = Number(/the body \((\d+) bytes so far\)/.exec(res.out)[1]);
      expect(bytes).toBeLessThan(2 * 1024 * 1024); // it stopped reading soon after the limit
    });

    it('gives up on a server that stalls half way, after --timeout', async () => {
      // 4 s, not 1: the timeout covers the whole answer from before the request, and on a loaded
      // machine the child's first fetch (undici loading) took more than 1 s to get the headers,
      // which fails as "cannot reach", not as the stall half way this test is about
      const res = await pull('salesive', '--url', `${base}/stall.yaml`, '--timeout', '4');
      expectCleanFailure(
        res,
        /GET http:\/\/127\.0\.0\.1:\d+\/stall\.yaml: the download broke off after \d+ bytes: no complete answer within 4 s \(raise it with --timeout\)/,
      );
    });

    it('refuses a new upstream whose $ref points at the network, without fetching it', async () => {
      const res = await pull('salesive', '--url', `${base}/external-ref.yaml`);
      expectCleanFailure(
        res,
        /error: \[salesive\] http:\/\/127\.0\.0\.1:\d+\/external-ref\.yaml:\d+: \$ref "http:\/\/127\.0\.0\.1:\d+\/leak\.yaml" at #\/paths\/~1customers~1\{id\}\/put\/requestBody\/content\/application~1json\/schema\/\$ref points outside the document, to the network/,
      );
      expect(res.out).toMatch(/specs\/salesive\/upstream\.yaml was left as it was/);
      expect(requested).not.toContain('/leak.yaml');
    });

    it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
      const res = await pull('salesive', '--url', `${base}/latin1.yaml`);
      const line = changed.slice(0, changed.indexOf('The new display name')).split('\n').length;
      expectCleanFailure(
        res,
        new RegExp(
          `error: \\[salesive\\] http://127\\.0\\.0\\.1:\\d+/latin1\\.yaml:${line}: not valid UTF-8: byte 0xe9 at offset ${Buffer.byteLength(changed.slice(0, cut)) + 3} `,
        ),
      );
    });
  });

  describe('redirects', () => {
    it('gives up after 20, naming the last address and what to do', async () => {
      const res = await pull('salesive', '--url', `${base}/loop.yaml`);
      expect(res.status).toBe(1);
      expect(res.out).toMatch(
        /error: \[salesive\] GET http:\/\/127\.0\.0\.1:\d+\/loop\.yaml: more than 20 redirects \(the last to http:\/\/127\.0\.0\.1:\d+\/loop\.yaml\)\. Point x-upstream\.url \(or --url\) at the spec itself\./,
      );
      expectUnchanged();
    });

    describe('from an https upstream', () => {
      let dir;
      let https;
      let secure;
      beforeAll(async () => {
        // a key and a certificate for 127.0.0.1, made for this run (no key is kept in the repository)
        dir = mkdtempSync(join(tmpdir(), 'capi-pull-tls-'));
        await promisify(execFile)('openssl', [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ]);
        https = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
          if (req.url === '/spec.yaml') res.writeHead(200, { 'content-type': 'application/yaml' }).end(changed);
          else if (req.url === '/moved.yaml') res.writeHead(308, { location: '/spec.yaml' }).end();
          else if (req.url === '/downgrade.yaml') res.writeHead(302, { location: `${base}/downgraded.yaml` }).end();
          else res.writeHead(404).end();
        });
        await new Promise((r) => https.listen(0, '127.0.0.1', r));
        secure = `https://127.0.0.1:${https.address().port}`;
      });
      afterAll(async () => {
        if (https) await new Promise((r) => https.close(r));
        if (dir) rmSync(dir, { recursive: true, force: true });
      });
      const pullTrusting = (...args) => pullWith({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }, ...args);

      it('follows one on the same scheme (http to http, https to https) and stores what the new address serves', async () => {
        const viaHttp = await pull('salesive', '--url', `${base}/redirect.yaml`);
        expect(viaHttp.status, viaHttp.out).toBe(0);
        expect(read(UPSTREAM)).toBe(changed);
        // the same document again, now from the https upstream: downloaded, and found unchanged
        const viaHttps = await pullTrusting('salesive', '--url', `${secure}/moved.yaml`);
        expect(viaHttps.out).toMatch(/specs\/salesive\/upstream\.yaml is already up to date; nothing to do/);
        expect(viaHttps.status).toBe(0);
      });

      it('refuses one to plain http before asking there, naming both addresses and what to do', async () => {
        const res = await pullTrusting('salesive', '--url', `${secure}/downgrade.yaml`);
        expect(res.status).toBe(1);
        expect(res.out).toMatch(
          /error: \[salesive\] GET https:\/\/127\.0\.0\.1:\d+\/downgrade\.yaml redirected to http:\/\/127\.0\.0\.1:\d+\/downgraded\.yaml, from https to plain http: refused, anyone on the way could change the spec served there\. Find the https address the spec is served at and set it as x-upstream\.url \(or pass --url\)/,
        );
        expect(res.out).not.toMatch(/\n\s+at /);
        expect(requested).not.toContain('/downgraded.yaml');
        expectUnchanged();
        expect(existsSync(pulled())).toBe(false);
      });
    });
  });
});
