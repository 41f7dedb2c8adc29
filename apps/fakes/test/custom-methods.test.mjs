// Google-style custom methods (AIP-136) on an ordinary item path (test/fixtures/custom-methods.yaml,
// gmail's `POST /gmail/v1/users/{userId}/settings/cse/keypairs/{keyPairId}:disable`): an action on
// the item its parameter names, served as `npm run fake` serves it (the front, real Prism in proxy
// mode, the engine on 127.0.0.1).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { serveInferred } from '../src/serve.ts';
import { sendTo } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/custom-methods.yaml');
const model = loadSpecModel(SPEC);

describe('custom methods on an item path', () => {
  const env = {};
  beforeAll(async () => {
    env.served = await serveInferred(SPEC, { seed: 'custom-methods' });
    env.send = sendTo(env.served.url);
  });
  afterAll(async () => env.served?.close());
  const op = (key) => model.operation(key);

  it('`{keyPairId}:disable` is an action on the item, not answered from its schema (the inference says so, guessing nothing)', () => {
    const { inference, ambiguities } = createEngine(model);
    const keypairs = inference.resources.find((r) => r.collection.endsWith('/keypairs'));
    expect(keypairs.operations.filter((o) => o.kind === 'action').map((o) => [o.key, o.action])).toEqual([
      ['POST /mail/v1/users/{userId}/keypairs/{keyPairId}:disable', 'disable'],
      ['POST /mail/v1/users/{userId}/keypairs/{keyPairId}:enable', 'enable'],
    ]);
    expect(ambiguities.filter((a) => a.includes(':disable') || a.includes(':enable'))).toEqual([]);
  });

  it('disables and enables the stored key pair (its state enum `enablementState`), and an unknown id gets the 404', async () => {
    env.served.engine.reset();
    const path = { userId: 'me' };
    const created = await env.send(op('POST /mail/v1/users/{userId}/keypairs'), { path, body: { pkcs7: 'chain' } });
    expect(created.status).toBe(200);
    const item = { ...path, keyPairId: created.body.keyPairId };
    const disabled = await env.send(op('POST /mail/v1/users/{userId}/keypairs/{keyPairId}:disable'), { path: item, body: {} });
    expect(disabled.violations).toBeNull();
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ keyPairId: created.body.keyPairId, pkcs7: 'chain', enablementState: 'disabled' });
    const read = await env.send(op('GET /mail/v1/users/{userId}/keypairs/{keyPairId}'), { path: item });
    expect(read.body.enablementState).toBe('disabled');
    const enabled = await env.send(op('POST /mail/v1/users/{userId}/keypairs/{keyPairId}:enable'), { path: item, body: {} });
    expect(enabled.body.enablementState).toBe('enabled');
    const unknown = await env.send(op('POST /mail/v1/users/{userId}/keypairs/{keyPairId}:disable'), {
      path: { ...path, keyPairId: 'nope' },
      body: {},
    });
    expect(unknown.status).toBe(404);
  });
});
