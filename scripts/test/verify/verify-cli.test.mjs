// `capi verify` as a user runs it (node scripts/capi.mjs verify ...), against a real HTTP server
// on 127.0.0.1: what it refuses before sending anything, the request budget, and that no
// credential reaches its output or the suggestions it writes, whatever the server echoes.
// (The proof against a drifting fake: apps/fakes/test/verify-drift.test.mjs.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { join } from 'node:path';
import { runCommand } from '../helpers.mjs';
import { workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const TOKEN = 'app_verify-cli-secret-7f3a9c'; // salesive's client wants the `app_` prefix
let copy;
let server;
let url;
let received = 0;
let huge = false;
/** The server also echoes the token percent-encoded, as a URL in a body would carry it. */
let encodedEcho = false;

const verify = (args, env = { SALESIVE_APP_TOKEN: TOKEN }) =>
  runCommand(process.execPath, ['scripts/capi.mjs', 'verify', 'salesive', '--root', copy.dir, ...args], {
    cwd: copy.dir,
    env: { ...process.env, ...env },
  });

beforeAll(async () => {
  copy = await workspaceCopy({ source: 'worktree', prefix: 'capi-verify-cli-' });
  // a server that echoes the credential everywhere: in an undocumented status's body (under a
  // credential-like key and inside a plain value) and in a header
  server = createServer((req, res) => {
    received++;
    if (huge) {
      // an answer larger than verify reads: 5 MiB of JSON
      res.writeHead(418, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(5 * 1024 * 1024)}"`);
      return;
    }
    const auth = String(req.headers.authorization ?? '');
    const echoed = { token: auth, message: `refused ${auth}`, nested: { apiKey: auth } };
    if (encodedEcho) echoed.next = `/customers?after=1&key=${encodeURIComponent(auth.replace(/^Bearer /, ''))}`;
    const text = JSON.stringify(echoed);
    res.writeHead(418, { 'content-type': 'application/json', 'x-echo': auth, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${server.address().port}`;
}, 300_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  copy?.cleanup();
});

describe('capi verify', () => {
  it("refuses the spec's production server unless --production, before sending anything", async () => {
    received = 0;
    const res = await verify(['--base-url', 'https://api.salesive.com/api/v1/']);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(
      /--base-url https:\/\/api\.salesive\.com\/api\/v1 is the production server of specs\/salesive\/effective\.yaml .*--production/,
    );
    expect(received).toBe(0);
  });

  it('refuses a --base-url with user info in one line, without its password or a stack, before sending anything', async () => {
    received = 0;
    const host = url.replace(/^http:\/\//, '');
    for (const base of [`http://ada:pw-in-url-5c1e@${host}/v1`, `http://pw-in-url-5c1e@${host}`, `http://ada:pw in url 5c1e@${host}`]) {
      const res = await verify(['--base-url', base]);
      expect(res.status, res.stderr).toBe(1);
      const out = `${res.stdout}${res.stderr}`;
      expect(out).not.toMatch(/pw.in.url.5c1e|ada/);
      expect(out).not.toMatch(/\n\s+at /);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/^error: .*--base-url .*http:\/\/\*\*\*@/);
    }
    expect(received).toBe(0);
  });

  it('names the variables to set (never asks for a secret on the command line) and --allow-writes without --id', async () => {
    const unset = await verify(['--base-url', url], { SALESIVE_APP_TOKEN: '' });
    expect(unset.status).toBe(1);
    expect(unset.stderr).toMatch(/set SALESIVE_APP_TOKEN \(the credentials verify reads for salesive; never on the command line\)/);
    const writes = await verify(['--base-url', url, '--allow-writes']);
    expect(writes.status).toBe(1);
    expect(writes.stderr).toMatch(/--allow-writes needs --id/);
  });

  it('sends at most --max-requests requests, says which cases it did not send, and exits 1', async () => {
    received = 0;
    const res = await verify(['--base-url', url, '--max-requests', '2', '--rps', '50']);
    expect(received).toBe(2);
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/not sent: --max-requests 2 reached/);
  });

  it('reads at most 4 MiB of an answer: a larger body is not read, nor kept as an example', async () => {
    // another tool's suggestion waiting in the file: verify keeps it
    writeFileSync(
      join(copy.dir, 'specs/salesive/overlay.suggested.yaml'),
      'actions:\n  - target: $.info\n    description: left by another tool\n    update: { x-note: kept }\n    x-fixes: [generation]\n',
    );
    huge = true;
    try {
      const res = await verify(['--base-url', url, '--max-requests', '1']);
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/answered 418, which it does not document/);
      const suggested = readFileSync(join(copy.dir, 'specs/salesive/overlay.suggested.yaml'), 'utf8');
      expect(suggested.length).toBeLessThan(100_000);
    } finally {
      huge = false;
    }
  });

  it('prints, suggests and records no credential, whatever the server echoes', async () => {
    const res = await verify(['--base-url', url, '--rps', '50', '--record']);
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/answered 418, which it does not document/);
    const suggested = readFileSync(join(copy.dir, 'specs/salesive/overlay.suggested.yaml'), 'utf8');
    expect(suggested).toMatch(/\b418\b/);
    // this run's action replaced the earlier run's; the other tool's is still there
    expect(parse(suggested).actions.map((x) => [x.target, x['x-fixes']])).toEqual([
      ['$.info', ['generation']],
      ["$.paths['/customers/{id}'].put.responses", ['verify']],
    ]);
    const dir = join(copy.dir, 'specs/salesive/recordings');
    const recordings = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
    expect(recordings.length).toBeGreaterThan(3);
    const valid = JSON.parse(recordings.find(([f]) => f.endsWith('--unknown-id.har'))[1]).log.entries[0];
    expect(valid.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer [REDACTED]' });
    expect(valid.response.headers).toContainEqual({ name: 'x-echo', value: 'Bearer [REDACTED]' });
    expect(JSON.parse(valid.response.content.text)).toEqual({
      token: '[REDACTED]',
      message: 'refused Bearer [REDACTED]',
      nested: { apiKey: '[REDACTED]' },
    });
    for (const [what, text] of [['output', res.out], ['suggestions', suggested], ...recordings]) {
      expect(text, what).not.toContain(TOKEN);
      expect(text, what).not.toContain(TOKEN.slice(4));
    }
    expect(suggested).toMatch(/token: "\[REDACTED\]"|token: '\[REDACTED\]'|token: \[REDACTED\]/);
  });

  it('prints and records no credential the server echoes percent-encoded (a key with +, / and =)', async () => {
    const key = 'app_verify+cli/secret=9d2e';
    encodedEcho = true;
    try {
      const res = await verify(['--base-url', url, '--rps', '50', '--record'], { SALESIVE_APP_TOKEN: key });
      expect(res.status).toBe(1);
      const dir = join(copy.dir, 'specs/salesive/recordings');
      const recordings = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
      const suggested = readFileSync(join(copy.dir, 'specs/salesive/overlay.suggested.yaml'), 'utf8');
      expect(recordings.length).toBeGreaterThan(3);
      for (const [what, text] of [['output', res.out], ['suggestions', suggested], ...recordings]) {
        for (const form of [key, encodeURIComponent(key), 'secret=9d2e', 'secret%3D9d2e']) expect(text, what).not.toContain(form);
      }
      // the echo is there, redacted: the check is not vacuous
      expect(recordings.some(([, text]) => text.includes('key=[REDACTED]'))).toBe(true);
    } finally {
      encodedEcho = false;
    }
  });
});
