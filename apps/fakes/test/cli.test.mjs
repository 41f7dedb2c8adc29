// `npm run fake -- <provider> [--port N]` as a user runs it: prints URL, seeded ids and working
// credentials; the printed credentials work through the provider's client, on a connection with a
// bounded idle life; clear errors for an
// unknown provider and a busy port. Every child process is bounded in time and stopped.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { Agent, get as httpGet } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@capi/conformance/clients.ts';
import { loadProviders, repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { runNode } from '@capi/scripts/testing/helpers.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../src/cli.ts');
// as `npm run fake` runs it (scripts/capi.mjs): @capi/core/fake from its sources, by its `capi-source` condition
const runOnce = (args) => runNode(['--conditions=capi-source', cli, ...args], { timeoutMs: 60_000 });
// as a user runs it: `npm run fake -- ...` is `node scripts/capi.mjs fake ...`
const capi = join(dirname(fileURLToPath(import.meta.url)), '../../../scripts/capi.mjs');
const runAsUser = (args) => runNode([capi, 'fake', ...args], { timeoutMs: 60_000 });

/** Starts the CLI, resolves with its output once it printed the Ctrl-C line; `stop()` ends it. */
function startCli(args) {
  const child = spawn(process.execPath, ['--conditions=capi-source', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed within 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      if (/Ctrl-C stops the fake/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the CLI exited (${code}) before it was ready:\n${out}`));
    });
  });
  return {
    ready,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('npm run fake', () => {
  it('starts a fake behind Prism, prints URL, seeded ids and credentials that work, and stops on SIGTERM', async () => {
    const run = startCli(['salesive', '--port', '0']);
    try {
      const out = await run.ready;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(url, out).toBeDefined();
      expect(out).toMatch(/Prism proxy, validated against specs\/salesive\/effective\.yaml/);
      expect(out).toMatch(/id 665a1f2c9b1e4a0012ab34cd {2}ada@example\.com {2}\(user id 6650aa11bb22cc33dd44ee55 also works\)/);
      const options = JSON.parse(/installed-app token \(WRITE_CUSTOMERS\): (\{.*\})/.exec(out)[1]);
      const client = await createClient('salesive', url, options);
      const { data, response } = await client.PUT('/customers/{id}', {
        params: { path: { id: '665a1f2c9b1e4a0012ab34cd' } },
        body: { name: 'Ada O.' },
      });
      expect(response.status).toBe(200);
      expect(data.data.name).toBe('Ada O.');
      // a JSON body nested 5000 deep (10 KB; Prism answered 500, RangeError) is the fake's documented 400, and it keeps serving
      const deep = `{"name":"Ada","meta":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
      const refused = await fetch(`${url}/customers/665a1f2c9b1e4a0012ab34cd`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
        body: deep,
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toMatch(/nests deeper than 256 levels/);
      const again = await client.PUT('/customers/{id}', { params: { path: { id: '665a1f2c9b1e4a0012ab34cd' } }, body: { name: 'Ada O.' } });
      expect(again.response.status).toBe(200);
      // a kept-alive connection has a bounded idle life, announced (the fakes' limits, not none)
      const agent = new Agent({ keepAlive: true });
      try {
        const keepAlive = await new Promise((resolve, reject) => {
          const req = httpGet(`${url}/customers`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers['keep-alive']));
          });
          req.on('error', reject);
        });
        expect(keepAlive).toMatch(/^timeout=65\b/);
      } finally {
        agent.destroy();
      }
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });

  it('--help without a provider says that <provider> --help shows how its spec reads', async () => {
    const res = await runAsUser(['--help']);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/^usage: npm run fake -- <provider> \[--port N\]/);
    expect(res.out).toContain('npm run fake -- <provider> --help   (how its spec reads as resources, without starting)');
  });

  it('<provider> --help shows how its spec reads as resources, what the inference guesses and the workflows it generates, without starting', async () => {
    const res = await runAsUser(['imprint', '--help']);
    expect(res.status, res.out).toBe(0);
    expect(res.out).toContain('usage: npm run fake -- imprint [--port N]');
    expect(res.out).toContain('update   POST /v2/customers/{customer_id}');
    expect(res.out).toContain('  POST /v2/customers/{customer_id}: POST on an item, read as a partial update');
    // the workflows the scenarios task generates, and why a resource gets none
    expect(res.out).toContain('generated workflows (the scenarios task): 0, 1 resource(s) without one');
    expect(res.out).toContain('  no workflow for customers: no create operation (nothing to start a workflow from)');
    expect(res.out).not.toContain('listening');
  });

  it('works for the asked provider while another registered one is not installed yet, and names that one in one line', async () => {
    // a registry (CONFORMANCE_ROOT) with one more provider, `ghost`, whose package declares a
    // testing entry that is not installed (a provider:add before npm install)
    const root = mkdtempSync(join(tmpdir(), 'capi-fakes-ghost-'));
    try {
      const registry = readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8');
      writeFileSync(
        join(root, 'redocly.yaml'),
        registry.replace(/^apis:\n/m, 'apis:\n  ghost:\n    root: specs/ghost/upstream.yaml\n    output: specs/ghost/effective.yaml\n'),
      );
      mkdirSync(join(root, 'packages', 'ghost'), { recursive: true });
      for (const p of loadProviders()) symlinkSync(p.packageDir, join(root, 'packages', p.name));
      writeFileSync(
        join(root, 'packages', 'ghost', 'package.json'),
        JSON.stringify({ name: '@capi/ghost', exports: { './testing': './testing.ts' } }),
      );
      const env = { ...process.env, CONFORMANCE_ROOT: root };
      const help = await runNode(['--conditions=capi-source', cli, 'imprint', '--help'], { env, timeoutMs: 60_000 });
      expect(help.status, help.out).toBe(0);
      expect(help.out).toContain('update   POST /v2/customers/{customer_id}');
      expect(help.out).not.toMatch(/\n\s+at /); // no stack
      // the asked provider itself not loadable: one line saying what to run
      const script = `import { assertLoadable } from ${JSON.stringify(join(dirname(cli), 'providers.ts'))}; try { assertLoadable('ghost'); } catch (e) { console.log(e.message); }`;
      const ghost = await runNode(['--conditions=capi-source', '--input-type=module', '-e', script], { env, timeoutMs: 60_000 });
      expect(ghost.out.trim()).toBe(
        '@capi/ghost/testing cannot be loaded (its package is not installed or not generated yet): run npm install, then npm run generate -- ghost',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the known providers for an unknown one', async () => {
    const res = await runOnce(['acme']);
    expect(res.status).toBe(1);
    expect(res.out).toContain(
      `error: unknown provider "acme". Known: ${loadProviders()
        .map((p) => p.name)
        .join(', ')}.`,
    );
  });

  it('says what to do when the port is busy', async () => {
    const blocker = createServer();
    await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address();
      const res = await runOnce(['teamcrm', '--port', String(port)]);
      expect(res.status).toBe(1);
      expect(res.out).toMatch(new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is already in use: .* pass --port with another port`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects a malformed port', async () => {
    const res = await runOnce(['teamcrm', '--port', 'http']);
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/--port takes a port number 0-65535/);
  });
});
