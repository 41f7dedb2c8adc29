// Every recording committed under specs/<provider>/recordings/ (`npm run verify -- <p> --record`,
// HAR 1.2) is scanned with the client's own redaction rule (isSensitiveKey, the one the client's
// errors and telemetry use): a header, query parameter or JSON body field whose name is
// credential-like carries only the redaction marker (an Authorization header keeps its scheme),
// whatever the server echoed. A recording with a live token in it fails here before it lands.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED } from '../src/redact.js';

const specs = resolve(import.meta.dirname, '../../../specs');
const recordings = readdirSync(specs, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => {
    const dir = join(specs, d.name, 'recordings');
    try {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.har'))
        .map((f) => join(d.name, 'recordings', f));
    } catch {
      return [];
    }
  });

const redacted = (value: unknown) => typeof value === 'string' && new RegExp(`^(?:[A-Za-z-]+ )?\\${REDACTED.slice(0, -1)}\\]$`).test(value);

/** Every (where, value) under a credential-like name in a JSON value. */
function sensitiveIn(value: unknown, where: string, out: [string, unknown][]): [string, unknown][] {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) sensitiveIn(v, `${where}/${i}`, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (isSensitiveKey(k) && (typeof v === 'string' || typeof v === 'number')) out.push([`${where}/${k}`, v]);
      else sensitiveIn(v, `${where}/${k}`, out);
    }
  }
  return out;
}

function bodyOf(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface Pair {
  name: string;
  value: string;
}

describe('committed recordings carry no credential', () => {
  it('the scan has recordings to read (imprint keeps three in CI)', () => {
    expect(recordings.length).toBeGreaterThan(0);
  });

  it('the scan finds a credential that is not redacted (the control)', () => {
    expect(sensitiveIn({ data: { apiKey: 'live_123' } }, '', [])).toEqual([['/data/apiKey', 'live_123']]);
    expect(redacted('Bearer live_123')).toBe(false);
    expect(redacted(`Bearer ${REDACTED}`)).toBe(true);
  });

  it.each(recordings)('%s', (file) => {
    const har = JSON.parse(readFileSync(join(specs, file), 'utf8'));
    const found: [string, unknown][] = [];
    for (const [i, entry] of (har.log?.entries ?? []).entries()) {
      const { request, response } = entry;
      for (const [part, pairs] of [
        ['request.headers', request?.headers],
        ['request.queryString', request?.queryString],
        ['response.headers', response?.headers],
      ] as const) {
        for (const { name, value } of (pairs ?? []) as Pair[]) if (isSensitiveKey(name)) found.push([`${i}.${part}.${name}`, value]);
      }
      sensitiveIn(bodyOf(request?.postData?.text), `${i}.request.body`, found);
      sensitiveIn(bodyOf(response?.content?.text), `${i}.response.body`, found);
    }
    expect(found.filter(([, v]) => !redacted(v))).toEqual([]);
  });
});
