// Shared by the fakes' tests: one fake behind Prism per describe block, and the call every
// scenario makes, which fails on any sign that the fake drifted from its effective spec.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createClient } from '@capi/conformance/clients.mjs';
import { repoRoot } from '@capi/conformance/cases.mjs';
import { startFake } from '../src/serve.mjs';

/**
 * Starts the fake of `name` behind Prism before the block's tests, re-seeds it before each test,
 * and closes it after. `env.client` is the provider's own client with the first working
 * credentials; `env.clientWith(options)` makes another one.
 */
export function useFake(name, { config } = {}) {
  const env = {};
  beforeAll(async () => {
    try {
      Object.assign(env, await startFake(name, { root: repoRoot, config }));
      env.clientWith = (options) => createClient(name, env.url, options);
      env.client = await env.clientWith(env.config.clients.valid[0].options);
    } catch (err) {
      // a failing hook would only mark the tests skipped: keep the error, throw it from each test
      env.error = new Error(`[${name}] cannot start the fake behind Prism: ${err.format?.() ?? err.message}`);
    }
  });
  beforeEach(() => {
    if (env.error) throw env.error;
    env.fake.reset();
  });
  afterAll(async () => env.close?.());
  return env;
}

/**
 * Sends the update operation through a provider client, via Prism, and checks the answer the
 * way Prism cannot fully: no `sl-violations` header (Prism reports an undocumented non-2xx
 * status only as a warning there), a documented status, and the body valid against the
 * documented schema in JSON Schema 2020-12 (Ajv; Prism validates as draft-07). Throws otherwise.
 * @returns {Promise<{ status: number, data: any, error: any }>} error: the provider's error body
 */
export async function update(env, { id, body, client = env.client }) {
  const op = env.operation;
  const {
    data,
    error: failure,
    response,
  } = await client.request(op.method.toLowerCase(), op.path, {
    params: { path: { [op.pathParams[0].name]: id } },
    body,
  });
  // the clients report a failure as one normalized error that carries the provider's body
  const error = failure && typeof failure === 'object' && 'documented' in failure ? failure.body : failure;
  const status = response.status;
  const where = `${op.method} ${op.path} (${env.specFile})`;
  const violations = response.headers.get('sl-violations');
  if (violations) throw new Error(`Prism: the ${status} answer to ${where} breaks the spec: ${violations}`);
  const documented = op.responses.find((r) => r.status === String(status));
  if (!documented) {
    const detail = error?.detail ? `: ${error.title ?? ''} ${error.detail} ${JSON.stringify(error.validation ?? '')}` : '';
    throw new Error(`status ${status} is not documented for ${where}${detail}`);
  }
  if (documented.schemaPointer) {
    const { ok, errors } = env.model.validate(documented.schemaPointer, data ?? error);
    if (!ok) throw new Error(`the ${status} body of ${where} does not match the spec (JSON Schema 2020-12): ${errors.join('; ')}`);
  }
  return { status, data, error };
}

/** The customer inside a response body: in `data` for enveloped providers, else the body itself. */
export const customerIn = (body) => (body && typeof body.data === 'object' && body.data !== null ? body.data : body);

/** An id that no seeded customer has, valid for the path parameter's schema. */
export function unknownId(env) {
  const s = env.model.resolve(env.operation.pathParams[0].schema) ?? {};
  if (s.type === 'integer' || s.type === 'number') return 987654;
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  return 'does-not-exist';
}
