// The HAR files `capi verify --record` writes (scripts/lib/verify/recordings.ts): one per answered
// case, named after the operation and the case. Names are slugs, and two operationIds may give one
// slug (`GetUser` and `getUser`, or ids in a script other than Latin, which slug to nothing): each
// recording must still get its own file, none overwritten by the next.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordings, recordingsDir, writeRecordings } from '../../lib/verify/recordings.ts';
import { serveRecordings } from '../../lib/verify/replay.ts';

const root = mkdtempSync(join(tmpdir(), 'capi-recordings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const redaction = {
  REDACTED: '[REDACTED]',
  isSensitiveKey: () => false,
  SecretSet: class {
    add() {}
    redact(v) {
      return v;
    }
    redactText(t) {
      return t;
    }
  },
};
const result = (id, key) => ({
  case: { op: { id, key }, name: 'read', kind: 'read', credentials: 'valid' },
  exchange: {
    request: { method: key.split(' ')[0], url: `https://api.test${key.split(' ')[1]}`, headers: {}, body: undefined },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: `{"op":"${key}"}` },
  },
});

describe('writeRecordings', () => {
  it('gives every recording its own file when operationIds slug alike (GetUser and getUser, ids in another script)', () => {
    const results = [
      result('GetUser', 'GET /a'),
      result('getUser', 'GET /b'),
      result('获取用户', 'GET /c'),
      result('删除用户', 'DELETE /c'),
    ];
    const files = writeRecordings(root, 'acme', results, { redaction, secrets: new redaction.SecretSet(), baseUrl: 'https://api.test' });
    expect(new Set(files).size).toBe(4);
    expect(readdirSync(recordingsDir(root, 'acme'))).toHaveLength(4);
    expect(
      readRecordings(root, 'acme')
        .map((r) => r.operation)
        .sort(),
    ).toEqual(['DELETE /c', 'GET /a', 'GET /b', 'GET /c']);
  });
});

describe('writeRecordings, a credential in the query', () => {
  // a provider whose API key travels in the query (`?api_key=`, Google's `?key=`): the HAR file's
  // URL had the credential-like parameter redacted, but the path replay matches on (`_capi.path`)
  // kept the whole query as sent, and a key with `+` or `/` was sent percent-encoded, which the
  // known value (as read from the environment) did not match
  const KEY = 'S3CRET+key/of=verify';
  const real = {
    REDACTED: '[REDACTED]',
    isSensitiveKey: (k) => /token|secret|api[-_]?key/i.test(k),
    SecretSet: class {
      values = [];
      add(v) {
        this.values.push(v);
      }
      redact(v) {
        return JSON.parse(this.redactText(JSON.stringify(v)));
      }
      redactText(t) {
        return this.values.reduce((out, v) => out.split(v).join('[REDACTED]'), t);
      }
    },
  };

  it.each([
    ['a credential-like name', 'api_key'],
    ['a plain name', 'key'],
  ])('under %s, is in no form in the file, and replay still finds the recording', async (_what, name) => {
    const secrets = new real.SecretSet();
    secrets.add(KEY);
    const sent = `https://api.test/v1/things?${new URLSearchParams({ [name]: KEY, page: '2' })}`;
    const one = {
      case: { op: { id: 'listThings', key: 'GET /things' }, name: 'read', kind: 'read', credentials: 'valid' },
      exchange: {
        request: { method: 'GET', url: sent, headers: {}, body: undefined },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' },
      },
    };
    const [file] = writeRecordings(root, `query-${name}`, [one], { redaction: real, secrets, baseUrl: 'https://api.test/v1' });
    const text = readFileSync(file, 'utf8');
    for (const form of [KEY, encodeURIComponent(KEY), new URLSearchParams({ k: KEY }).toString().slice(2), 'S3CRET']) {
      expect(text).not.toContain(form);
    }
    const [recording] = readRecordings(root, `query-${name}`);
    expect(recording.path).toMatch(/^\/things\?.*page=2/);
    // replayed on 127.0.0.1: a request with the key (any value: it is not recorded) gets the recording
    const served = await serveRecordings(root, `query-${name}`, { port: 0, isSensitiveKey: real.isSensitiveKey, redacted: real.REDACTED });
    try {
      const res = await fetch(`${served.url}/things?${new URLSearchParams({ [name]: 'another-key', page: '2' })}`);
      expect([res.status, res.headers.get('x-capi-replay'), await res.text()]).toEqual([200, null, '[]']);
      const other = await fetch(`${served.url}/things?${new URLSearchParams({ [name]: 'another-key', page: '3' })}`);
      expect(other.status).toBe(501);
    } finally {
      await served.close();
    }
  });
});

describe('recordings and replay, credential headers by the client rule alone', () => {
  // a rule as verify passes it in (at run time, @capi/core's isSensitiveKey: @capi/scripts does not
  // import @capi/core; which names core's rule takes is packages/core/test/redact-names.test.ts's)
  const core = async () => ({
    REDACTED: '[REDACTED]',
    isSensitiveKey: (k) => /^(x-sig|private_key|x-api-key|x-signing-key)$/i.test(k),
    SecretSet: redaction.SecretSet,
  });
  // names the client's rule calls credential-like: a signature's last segment, a private key, an API key header
  const SENT = { 'x-sig': 'sig-VALUE-1', private_key: 'pk-VALUE-2', 'x-api-key': 'ak-VALUE-3' };
  const exchange = (credentials, status, headers) => ({
    case: {
      op: { id: 'listThings', key: 'GET /things' },
      name: credentials === 'none' ? 'no credentials' : 'read',
      kind: 'read',
      credentials,
    },
    exchange: {
      request: { method: 'GET', url: 'https://api.test/v1/things', headers, body: undefined },
      response: { status, headers: { 'content-type': 'application/json' }, body: `{"status":${status}}` },
    },
  });

  it('redacts them in the file, and replay answers a request carrying any one of them with the credentialed recording', async () => {
    const redaction = await core();
    const files = writeRecordings(root, 'by-rule', [exchange('valid', 200, SENT), exchange('none', 401, {})], {
      redaction,
      secrets: new redaction.SecretSet(),
      baseUrl: 'https://api.test/v1',
    });
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const value of Object.values(SENT)) expect(text).not.toContain(value);
    const served = await serveRecordings(root, 'by-rule', {
      port: 0,
      isSensitiveKey: redaction.isSensitiveKey,
      redacted: redaction.REDACTED,
    });
    try {
      for (const [name, value] of [...Object.entries(SENT), ['X-Signing-Key', 'another']]) {
        const res = await fetch(`${served.url}/things`, { headers: { [name]: value } });
        expect([name, res.status]).toEqual([name, 200]);
      }
      expect((await fetch(`${served.url}/things`)).status).toBe(401);
    } finally {
      await served.close();
    }
  });

  it('replay keeps no list of its own: a header the rule it is given does not name is no credential (Authorization included)', async () => {
    const redaction = await core();
    writeRecordings(root, 'own-list', [exchange('valid', 200, {}), exchange('none', 401, {})], {
      redaction,
      secrets: new redaction.SecretSet(),
      baseUrl: 'https://api.test/v1',
    });
    const served = await serveRecordings(root, 'own-list', { port: 0, isSensitiveKey: () => false, redacted: redaction.REDACTED });
    try {
      const res = await fetch(`${served.url}/things`, { headers: { authorization: 'Bearer x', cookie: 'a=b' } });
      expect(res.status).toBe(401);
    } finally {
      await served.close();
    }
  });
});

describe('writeRecordings, a recordings folder that is a symlink', () => {
  // a clone holding specs/<p>/recordings as a symlink (to ~, to another project): verify --record
  // deleted every .har file there and wrote its recordings into it
  it('is refused: nothing there is deleted or written', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'capi-recordings-elsewhere-'));
    try {
      writeFileSync(join(elsewhere, 'keep.har'), 'not ours');
      mkdirSync(join(root, 'specs', 'linked'), { recursive: true });
      symlinkSync(elsewhere, recordingsDir(root, 'linked'));
      let refused;
      try {
        writeRecordings(root, 'linked', [result('getThing', 'GET /a')], {
          redaction,
          secrets: new redaction.SecretSet(),
          baseUrl: 'https://api.test',
        });
      } catch (err) {
        refused = err;
      }
      expect(refused?.message).toMatch(/symlink/);
      expect(refused?.file).toBe('specs/linked/recordings');
      expect(readdirSync(elsewhere)).toEqual(['keep.har']);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
