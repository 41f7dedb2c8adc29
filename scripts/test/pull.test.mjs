// `npm run specs:pull` (scripts/pull-spec.mjs) against a real HTTP server on 127.0.0.1 that
// serves changed versions of the salesive spec: raw YAML, JSON and a docs page are stored
// verbatim and rebuilt; overlay rot, a no-op action, HTTP errors, an unreachable host and a page
// without a spec all fail clearly and leave upstream.yaml as it was.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repoRoot } from '../lib/registry.mjs';
import { checkOverlay } from '../lib/overlay.mjs';
import { repoCopy, runScript, runNode } from './helpers.mjs';

const UPSTREAM = 'specs/salesive/upstream.yaml';
const original = readFileSync(join(repoRoot, UPSTREAM), 'utf8');
const changed = original.replace('description: Updated customer name.', 'description: The new display name of the customer.');

const routes = {
  '/spec.yaml': ['application/yaml', changed],
  '/spec.json': ['application/json', JSON.stringify(parse(changed), null, 2)],
  '/docs/update-customer.md': ['text/markdown', `> ## Documentation Index\n\n# Update a customer\n\n## OpenAPI\n\n\`\`\`\`yaml PUT /customers/{id}\n${changed}\`\`\`\`\n\nMore prose.\n`],
  '/same.yaml': ['application/yaml', original],
  // the path the overlay corrects was renamed upstream: its action now matches nothing
  '/rot.yaml': ['application/yaml', changed.replace('  /customers/{id}:', '  /customers/{customerId}:')],
  // upstream now documents the 400 exactly as our overlay adds it: the action changes nothing
  '/noop.yaml': ['application/yaml', stringify(checkOverlay(join(repoRoot, 'specs/salesive/overlay.yaml'), parse(original), { provider: 'salesive' }).document)],
  '/page.html': ['text/html', '<!doctype html><html><body><h1>Customers API</h1><p>Coming soon.</p></body></html>'],
  '/swagger.json': ['application/json', JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} })],
};

let server;
let base;
let closedPort;
beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[req.url];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  // a port nothing listens on: open one, note it, close it
  const tmp = createServer();
  await new Promise((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = tmp.address().port;
  await new Promise((r) => tmp.close(r));
});
afterAll(() => new Promise((r) => server.close(r)));

let repo;
let effectiveBefore;
beforeEach(async () => {
  repo = repoCopy();
  expect((await runScript('build-specs.mjs', ['--root', repo.dir, 'salesive'])).status).toBe(0);
  effectiveBefore = read('specs/salesive/effective.yaml');
});
afterEach(() => repo.cleanup());

const read = (f) => readFileSync(join(repo.dir, f), 'utf8');
const pulled = () => join(repo.dir, 'specs/salesive/upstream.pulled.tmp.yaml');

/** Runs the script without blocking this process (the server lives here). */
function pull(...args) {
  return runNode([join(repoRoot, 'scripts/pull-spec.mjs'), '--root', repo.dir, ...args], { cwd: repo.dir, timeoutMs: 60_000 });
}

const expectUnchanged = () => {
  expect(read(UPSTREAM)).toBe(original);
  expect(read('specs/salesive/effective.yaml')).toBe(effectiveBefore);
};

describe('specs:pull', () => {
  it('downloads from x-upstream.url, stores the document verbatim and rebuilds the effective spec', async () => {
    repo.edit('specs/salesive/overlay.yaml', (t) => t.replace(/^  url: null$/m, `  url: ${base}/spec.yaml`));
    const res = await pull('salesive');
    expect(res.out).toMatch(new RegExp(`\\[salesive\\] downloading ${base}/spec\\.yaml`));
    expect(res.out).toMatch(/OpenAPI 3\.1\.0 from the document itself/);
    expect(res.out).toMatch(/stored specs\/salesive\/upstream\.yaml verbatim \(\+1 -1 lines\) and rebuilt specs\/salesive\/effective\.yaml/);
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
    expect(parse(read('specs/salesive/effective.yaml')).components.schemas.CustomerUpdate.properties.name.description).toMatch(/new display name/);
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
    ['a 404', () => `${base}/moved.yaml`, /GET http:\/\/127\.0\.0\.1:\d+\/moved\.yaml answered 404 Not Found\. The provider may have moved its spec/],
    ['an unreachable host', () => `http://127.0.0.1:${closedPort}/spec.yaml`, /cannot reach http:\/\/127\.0\.0\.1:\d+\/spec\.yaml: ECONNREFUSED/],
    ['a page with no spec', () => `${base}/page.html`, /served no OpenAPI document \(content-type text\/html; .*no ```yaml fenced block either\)\. It starts with: "<!doctype html>/],
    ['a Swagger 2.0 document', () => `${base}/swagger.json`, /it is Swagger 2\.0, not OpenAPI 3\.x/],
    ['a URL that is not http', () => 'file:///etc/passwd', /only http\(s\) URLs can be pulled/],
  ])('fails clearly on %s and changes nothing', async (_n, url, message) => {
    const res = await pull('salesive', '--url', url());
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/^(\[salesive\] downloading .*\n)?error: \[salesive\] /);
    expect(res.out).toMatch(message);
    expect(res.out).not.toMatch(/\n\s+at /); // a user error, not a stack trace
    expectUnchanged();
    expect(existsSync(pulled())).toBe(false);
  });

  it('says what to do when x-upstream.url is null', async () => {
    const res = await pull('salesive');
    expect(res.status).toBe(1);
    const line = read('specs/salesive/overlay.yaml').split('\n').findIndex((l) => l === '  url: null') + 1;
    expect(res.out).toMatch(new RegExp(`error: \\[salesive\\] specs/salesive/overlay\\.yaml:${line}: x-upstream\\.url is null: .*set \`url:\` under x-upstream in this file, and run again; or pass it once with --url <address>`));
    expectUnchanged();
  });

  it('refuses a provider authored by us, and needs exactly one provider', async () => {
    const authored = await pull('teamcrm', '--url', `${base}/spec.yaml`);
    expect(authored.status).toBe(1);
    expect(authored.out).toMatch(/"teamcrm" is authored by us from a docs page \(specs\/teamcrm\/authored\.yaml\); there is no published spec to pull/);
    const none = await pull();
    expect(none.status).toBe(1);
    expect(none.out).toMatch(/name exactly one provider; usage: npm run specs:pull -- <provider>/);
  });
});
