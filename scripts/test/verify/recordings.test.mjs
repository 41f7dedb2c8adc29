// The HAR files `capi verify --record` writes (scripts/lib/verify/recordings.ts): one per answered
// case, named after the operation and the case. Names are slugs, and two operationIds may give one
// slug (`GetUser` and `getUser`, or ids in a script other than Latin, which slug to nothing): each
// recording must still get its own file, none overwritten by the next.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRecordings, recordingsDir, writeRecordings } from '../../lib/verify/recordings.ts';

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
