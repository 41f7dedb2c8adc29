// `capi verify` proven with no real provider: imprint's stateful fake stands in for the live
// server, behind a proxy on 127.0.0.1 that injects one drift at a time (a field returned as
// null, an undocumented 422, an enum value the spec does not list, a required field missing, a
// renamed header, a property a closed object does not declare). verify, run as a user runs it
// (node scripts/capi.mjs verify) on a scratch copy of the repository, finds each one and nothing
// else; the actions it suggests, applied by `lint:specs --fix`, make it pass against the same
// drift. The client's runtime validator (validate: 'warn' | 'throw') reports the same drift.
// The fake is reached without its Prism front: Prism refuses invalid requests itself (its own
// 422), which is Prism's answer, not the fake's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest } from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { workspaceCopy } from '@capi/scripts/lib/shared/workspace-copy.ts';
import { runCommand } from '@capi/scripts/testing/helpers.mjs';
import { buildSpec } from '@capi/scripts/lib/build/build-spec.ts';
import { selectProviders } from '@capi/scripts/lib/registry/registry.ts';
import { createClient } from '@capi/conformance/clients.ts';
import { startFake } from '../src/serve.ts';

const KEY = 'fake-imprint-key'; // the fake's own credential (packages/imprint/testing.ts), not a secret
const ID = 'BBB815E9-F654-438D-9AD3-3F7BB8136FC0'; // the fake's first seeded customer

/** Each drift: what the proxy does to an answer, and the action verify must suggest (target and change). */
const DRIFTS = {
  // a single type cannot be updated into a list: removed, then written as one (two actions)
  null: {
    change: (a) => a.status === 200 && (a.body.phone = null),
    targets: ['$.components.schemas.Customer.properties.phone.type', '$.components.schemas.Customer.properties.phone'],
    update: { type: ['string', 'null'] },
  },
  undocumented422: { change: (a) => a.status === 400 && (a.status = 422), target: "$.paths['/v2/customers/{customer_id}'].post.responses" },
  enum: {
    change: (a) => a.status === 200 && (a.body.statuses = { 'Travel Card': 'FROZEN' }),
    target: '$.components.schemas.CustomerProgramStatus',
    update: { enum: ['FROZEN'] },
  },
  missingRequired: {
    change: (a) => a.status === 200 && delete a.body.id,
    target: '$.components.schemas.Customer.required[0]',
    remove: true,
  },
  renamedHeader: {
    change: (a) => {
      if (!a.headers['x-request-id']) return;
      a.headers['x-req-id'] = a.headers['x-request-id'];
      delete a.headers['x-request-id'];
    },
    target: "$.paths['/v2/customers/{customer_id}'].post.responses['200'].headers['X-Request-Id']",
    update: { required: false },
  },
  closedExtra: {
    change: (a) => a.status === 200 && (a.body.address.plus4 = '6789'),
    target: '$.components.schemas.Address',
    update: { properties: { plus4: { type: 'string' } } },
  },
};

/** A proxy before the fake: every 200 carries X-Request-Id (the server's documented header), then the drifts in force. */
function driftProxy(upstream) {
  const target = new URL(upstream);
  const state = { drifts: [], echo: false };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
        const got = [];
        answer.on('data', (c) => got.push(c));
        answer.on('end', () => {
          const a = {
            status: answer.statusCode,
            headers: { 'content-type': answer.headers['content-type'] },
            body: JSON.parse(Buffer.concat(got).toString() || 'null'),
          };
          if (a.status === 200) a.headers['x-request-id'] = 'req-0001';
          for (const d of state.drifts) DRIFTS[d].change(a);
          // a server that echoes the credential: under a credential-like key, and inside a plain value
          if (state.echo && a.status === 200) a.body.metadata = { api_key: KEY, seen: `the key was ${KEY}` };
          const text = JSON.stringify(a.body);
          res.writeHead(a.status, { ...a.headers, 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      });
      out.on('error', (err) => res.destroy(err));
      out.end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ state, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

let copy;
let fake;
let proxy;
const suggested = () => join(copy.dir, 'specs/imprint/overlay.suggested.yaml');

/** `capi verify imprint` on the copy as a user runs it, with the fake's key in the environment. */
async function verify(drifts, extra = []) {
  proxy.state.drifts = drifts;
  rmSync(suggested(), { force: true });
  const res = await runCommand(
    process.execPath,
    [
      'scripts/capi.mjs',
      'verify',
      'imprint',
      '--root',
      copy.dir,
      '--base-url',
      proxy.url,
      '--id',
      ID,
      '--allow-writes',
      '--rps',
      '100',
      ...extra,
    ],
    { cwd: copy.dir, env: { ...process.env, IMPRINT_API_KEY: KEY } },
  );
  const actions = existsSync(suggested()) ? parse(readFileSync(suggested(), 'utf8')).actions : [];
  return { ...res, actions };
}

beforeAll(async () => {
  copy = await workspaceCopy({ source: 'worktree', prefix: 'capi-verify-' });
  // the scratch provider documents a required response header and closes its Address object
  const overlay = join(copy.dir, 'specs/imprint/overlay.yaml');
  writeFileSync(
    overlay,
    `${readFileSync(overlay, 'utf8')}  - target: "$.paths['/v2/customers/{customer_id}'].post.responses['200']"
    description: test setup (verify-drift.test.mjs) - the server sends X-Request-Id on every 200.
    update:
      headers:
        X-Request-Id:
          required: true
          schema:
            type: string
  - target: $.components.schemas.Address
    description: test setup (verify-drift.test.mjs) - a closed object.
    update:
      additionalProperties: false
`,
  );
  const [imprint] = selectProviders(['imprint'], copy.dir);
  buildSpec(imprint, copy.dir);
  fake = await startFake('imprint', { root: copy.dir });
  proxy = await driftProxy(fake.upstream);
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
  copy?.cleanup?.();
});

describe('capi verify against a fake that drifts', () => {
  it('passes the fake as it is: every case as documented, exit 0, nothing suggested', async () => {
    fake.engine?.reset?.();
    const res = await verify([]);
    expect(res.out).toMatch(/imprint: \d+ case\(s\), 0 divergence\(s\)/);
    expect(res.status, res.out).toBe(0);
    expect(res.actions).toEqual([]);
    expect(res.out).not.toContain(KEY);
  });

  for (const [name, drift] of Object.entries(DRIFTS)) {
    it(`finds ${name} and nothing else, with its overlay action`, async () => {
      const res = await verify([name]);
      expect(res.status, res.out).toBe(1);
      expect(
        res.actions.map((a) => a.target),
        res.out,
      ).toEqual(drift.targets ?? [drift.target]);
      const action = res.actions.at(-1);
      if (drift.update) expect(action.update).toMatchObject(drift.update);
      if (drift.remove) expect(action.remove).toBe(true);
      expect(action['x-fixes']).toEqual(['verify']);
      expect(res.out).not.toContain(KEY);
    });
  }
});

describe("the client's runtime validator sees the same drift", () => {
  // the repository's own imprint client (its validators were generated from the unchanged spec)
  const call = (client) =>
    client.POST('/v2/customers/{customer_id}', { params: { path: { customer_id: ID } }, body: { first_name: 'Jo' } });
  for (const name of ['null', 'enum', 'missingRequired']) {
    it(`${name}: warn calls the hook, throw fails with contract_violation`, async () => {
      proxy.state.drifts = [name];
      const seen = [];
      const warn = await createClient('imprint', proxy.url, {
        auth: { type: 'bearer', token: KEY },
        validate: 'warn',
        onContractViolation: (v) => seen.push(v),
      });
      const { data } = await call(warn);
      expect(data).toBeDefined();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ provider: 'imprint', status: 200 });
      const strict = await createClient('imprint', proxy.url, { auth: { type: 'bearer', token: KEY }, validate: 'throw' });
      const { error } = await call(strict);
      expect(error?.kind).toBe('contract_violation');
      expect(JSON.stringify(seen)).not.toContain(KEY);
    });
  }
});

describe('verify --record and capi replay', () => {
  const dir = () => join(copy.dir, 'specs/imprint/recordings');
  const read = () =>
    readdirSync(dir())
      .sort()
      .map((f) => [f, readFileSync(join(dir(), f), 'utf8')]);
  // what may differ between two runs: timestamps (the HAR's, the Date header, the bodies' times)
  const timeless = (text) =>
    text
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, '<time>')
      .replace(/"value": "\w{3}, \d\d \w{3} \d{4} [\d:]+ GMT"/g, '<date>');

  it('stores one readable HAR file per case, every credential redacted, stable across runs apart from timestamps', async () => {
    fake.engine.reset();
    proxy.state.echo = true;
    const first = await verify([], ['--record']);
    expect(first.status, first.out).toBe(0);
    const files = read();
    expect(files.map(([f]) => f)).toContain('updatecustomer--unknown-id.har');
    expect(first.out).toMatch(new RegExp(`recorded ${files.length} exchange\\(s\\)`));
    for (const [f, text] of files) {
      expect(text, f).not.toContain(KEY);
      expect(JSON.parse(text).log.entries).toHaveLength(1);
    }
    const all = files.map(([, t]) => t).join('\n');
    expect(all).toMatch(/"name": "authorization",\s+"value": "Bearer \[REDACTED\]"/);
    // the bodies, as stored: pretty-printed JSON text inside the HAR
    const write = JSON.parse(files.find(([f]) => f === 'updatecustomer--write.har')[1]).log.entries[0];
    expect(write.response.content.text).toMatch(/"api_key": "\[REDACTED\]"/);
    expect(write.response.content.text).toContain('the key was [REDACTED]');
    fake.engine.reset();
    const second = await verify([], ['--record']);
    expect(second.status).toBe(0);
    expect(read().map(([f, t]) => [f, timeless(t)])).toEqual(files.map(([f, t]) => [f, timeless(t)]));
    proxy.state.echo = false;
  });

  it('replay --check passes recordings that match the spec and the client, and fails one with recorded drift, naming its action', async () => {
    const replay = (...args) =>
      runCommand(process.execPath, ['scripts/capi.mjs', 'replay', 'imprint', '--root', copy.dir, ...args], { cwd: copy.dir });
    const clean = await replay('--check');
    expect(clean.status, clean.out).toBe(0);
    expect(clean.out).toMatch(/0 divergence\(s\)/);
    // each recorded request through the client, against the recordings: its documented branch
    expect(clean.out).toMatch(/imprint: (\d+) of \1 recording\(s\) answered in the client's documented branch/);
    fake.engine.reset();
    await verify(['enum'], ['--record']);
    const drifted = await replay('--check');
    expect(drifted.status, drifted.out).toBe(1);
    expect(drifted.out).toMatch(/statuses\.Travel Card must be equal to one of the allowed values: "FROZEN" is not listed/);
    expect(drifted.out).toContain('action: $.components.schemas.CustomerProgramStatus update {"enum":["FROZEN"]}');
    expect(drifted.out).toMatch(
      /POST \/v2\/customers\/\{customer_id\} \(write\) through the client: .*does not match its documented schema/,
    );
  });

  it('serves the recordings: the client gets what the provider answered, and its validator refuses the recorded drift', async () => {
    const child = spawn(process.execPath, ['scripts/capi.mjs', 'replay', 'imprint', '--root', copy.dir], {
      cwd: copy.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /replaying imprint on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('close', (code) => reject(new Error(`replay ended (${code}) before serving: ${out}`)));
      });
      const client = (validate) => createClient('imprint', url, { auth: { type: 'bearer', token: 'any-token' }, validate });
      const missing = await (await client('off')).POST('/v2/customers/{customer_id}', {
        params: { path: { customer_id: '00000000-0000-0000-0000-000000000000' } },
        body: { email: 'customer@example.com' },
      });
      expect(missing.error).toMatchObject({ status: 404, documented: true });
      const written = await (await client('throw')).POST('/v2/customers/{customer_id}', {
        params: { path: { customer_id: ID } },
        body: { email: 'customer@example.com' },
      });
      expect(written.error?.kind, JSON.stringify(written.error)).toBe('contract_violation');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the suggested actions', () => {
  it('its actions, applied by lint:specs --fix, make verify pass against the same drift', async () => {
    const all = Object.keys(DRIFTS);
    const before = await verify(all);
    expect(before.status).toBe(1);
    expect(before.actions).toHaveLength(all.length + 1); // null's two
    const fix = await runCommand(process.execPath, ['scripts/capi.mjs', 'lint', '--root', copy.dir, '--fix', 'imprint'], { cwd: copy.dir });
    expect(fix.out).toMatch(/--fix wrote 7 suggested overlay action\(s\)/);
    proxy.state.drifts = all;
    const after = await verify(all);
    expect(after.out, after.out).toMatch(/0 divergence\(s\)/);
    expect(after.status, after.out).toBe(0);
  });
});
