// Shared by the fakes' tests: one fake behind Prism per describe block, and the call every
// scenario makes, which fails on any sign that the fake drifted from its effective spec.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { spawn } from 'node:child_process';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { type Operation, type SpecModel, specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createClient } from '@capi/conformance/clients.ts';
import { repoRoot } from '@capi/conformance/selected.ts';
import type { Answer, Engine, EngineOptions } from '@capi/core/fake';
import type { AnyFakeDefinition } from '../src/providers.ts';
import { type ScenarioTarget, scenarioTarget, serveInferred, startFake } from '../src/serve.ts';
import { runWorkflow, type Workflow } from '../src/workflows.ts';

// a provider client (its types are the provider's own; the tests call it by method and path)
type Client = any;
// provider bodies, checked against the effective spec before a test sees them
type Body = any;

/** A fake behind Prism for one describe block (filled in by its beforeAll). */
export interface FakeEnv {
  url: string;
  specFile: string;
  model: SpecModel;
  engine: Engine;
  definition: AnyFakeDefinition;
  /** The shared scenarios' resource, its seeded records (as stored) and its update operation. */
  target: ScenarioTarget;
  /** The update operation (target.operation). */
  operation: Operation;
  /** The provider's own client with the first working credentials. */
  client: Client;
  clientWith(options: object): Promise<Client>;
  /** The stored record of the target resource, by id (a copy). */
  stored(id: string | number): Record<string, unknown> | undefined;
  close?(): Promise<void>;
  error?: Error;
}

/**
 * Starts the fake of `name` behind Prism before the block's tests, re-seeds it before each test,
 * and closes it after. `env.client` is the provider's own client with the first working
 * credentials; `env.clientWith(options)` makes another one. `definition` replaces the provider's
 * (wrong rules on purpose), `alter` changes each answer of the fake (a drift on purpose), `model`
 * is the spec model when the caller has read it already.
 */
export function useFake(
  name: string,
  { definition, alter, model }: { definition?: AnyFakeDefinition; alter?: (answer: Answer) => Answer; model?: SpecModel } = {},
) {
  const env = {} as FakeEnv;
  beforeAll(async () => {
    try {
      const served = await startFake(name, { root: repoRoot, definition, alter, model });
      if (!served.definition) throw new Error(`packages/${name}/testing.ts has no \`fake\``);
      const target = scenarioTarget(served.engine, served.model, served.definition);
      Object.assign(env, served, { definition: served.definition, target, operation: target.operation });
      env.stored = (id) => served.engine.get(target.resource.name, id);
      env.clientWith = (options) => createClient(name, env.url, options as Record<string, unknown>);
      env.client = await env.clientWith(served.definition.clients.valid[0]?.options ?? {});
    } catch (err) {
      // a failing hook would only mark the tests skipped: keep the error, throw it from each test
      const e = err as Error & { format?(): string };
      env.error = new Error(`[${name}] cannot start the fake behind Prism: ${e.format?.() ?? e.message}`);
    }
  });
  beforeEach(() => {
    if (env.error) throw env.error;
    env.engine.reset();
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
export async function update(
  env: FakeEnv,
  { id, body, client = env.client }: { id: unknown; body: unknown; client?: Client },
): Promise<{ status: number; data: Body; error: Body }> {
  const op = env.operation;
  const {
    data,
    error: failure,
    response,
  } = await client.request(op.method.toLowerCase(), op.path, {
    params: { path: { [op.pathParams[0]?.name ?? 'id']: id } },
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
export const customerIn = (body: Body): Body => (body && typeof body.data === 'object' && body.data !== null ? body.data : body);

/** An id that no seeded customer has, valid for the path parameter's schema. */
export function unknownId(env: FakeEnv): string | number {
  const s = env.model.resolve(env.operation.pathParams[0]?.schema) ?? {};
  if (s.type === 'integer' || s.type === 'number') return 987654;
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  return 'does-not-exist';
}

/**
 * `npm run fake -- <name> --port 0` as a user runs it (npm → capi → capi-fake), in its own
 * process group from the repository root. Resolves once it printed its URL; `stop()` ends the
 * whole process tree (SIGTERM, SIGKILL after 10 s) and resolves with the exit code or signal;
 * `exitCode()` is null while it runs.
 */
export async function runFake(name: string, { timeoutMs = 90_000 } = {}) {
  const child = spawn('npm', ['run', '--silent', 'fake', '--', name, '--port', '0'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let status: number | string | null = null;
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      status = code ?? signal;
      resolve(status);
    }),
  );
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid ?? 0), signal);
    } catch {
      // the group is gone already
    }
  };
  // should this process end first (a killed test run), the fake's process tree ends with it
  const onExit = () => group('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    group('SIGTERM');
    const timer = setTimeout(() => group('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    group('SIGKILL'); // anything of the tree that outlived the npm process
    return status;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm run fake -- ${name}: no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const onData = (d: Buffer) => {
        output += d;
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
        if (found && /Ctrl-C stops the fake/.test(output)) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`npm run fake -- ${name} exited (${code}) before it was ready:\n${output}`));
      });
    });
    return { url, output: () => output, exitCode: () => status, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export interface RawAnswer {
  status?: number;
  headers: IncomingHttpHeaders;
  text: string;
  error?: string;
}

/**
 * One request exactly as given (the target is sent as it is: no URL normalisation), on its own
 * connection. Resolves with the status, headers and body text, or `{ error }` when the connection
 * failed or no answer came within `timeoutMs`.
 */
export function rawRequest(
  url: string,
  { method, target, headers = {}, body }: { method: string; target: string; headers?: Record<string, string>; body?: string | Buffer },
  { timeoutMs = 15_000 } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  // a body gets its Content-Length, unless the headers say it is sent chunked
  const sent =
    body === undefined || headers['transfer-encoding'] ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  const failed = (err: NodeJS.ErrnoException): RawAnswer => ({ headers: {}, text: '', error: err.code ?? err.message });
  return new Promise((resolve) => {
    const req = httpRequest({ host: hostname, port, method, path: target, headers: sent, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => resolve(failed(err)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve(failed(err)));
    req.end(body);
  });
}

/**
 * The method, path and headers the provider's client sends for an update of `id` with `body`,
 * with `options` (recorded from the client itself through a `fetch` that answers 200).
 */
export async function clientRequest(
  name: string,
  options: object,
  operation: Operation,
  { id, body }: { id: unknown; body: unknown },
): Promise<{ method: string; target: string; headers: Record<string, string> }> {
  let seen: { method: string; target: string; headers: Record<string, string> } | undefined;
  const fetch = async (request: Request) => {
    seen = { method: request.method, target: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) };
    return Response.json({}, { status: 200 });
  };
  const client = await createClient(name, 'http://127.0.0.1:9', { ...options, fetch });
  await client.request(operation.method.toLowerCase(), operation.path, {
    params: { path: { [operation.pathParams[0]?.name ?? 'id']: id } },
    body,
  });
  if (!seen) throw new Error(`the ${name} client sent no request`);
  return seen;
}

/**
 * A `Send` of the generated workflows (src/workflows.ts) over plain fetch to a served fake, for
 * fixture specs that have no generated client: path parameters %-encoded, query and header
 * parameters as strings, a bearer token, the JSON body parsed back.
 */
export const sendTo =
  (url: string) =>
  async (
    op: Pick<Operation, 'method' | 'path'> & { requestBody?: Operation['requestBody'] },
    {
      path = {},
      query = {},
      header = {},
      body,
    }: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown>; body?: unknown } = {},
  ) => {
    const target = new URL(`${url}${op.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(String(path[n])))}`);
    for (const [k, v] of Object.entries(query)) target.searchParams.set(k, String(v));
    // a form body where the operation takes one (each field as a string, an array's items repeated)
    const form = op.requestBody?.preferred?.kind === 'form' && body !== null && typeof body === 'object';
    // a multipart form where the operation takes one (fetch writes its boundary in the Content-Type)
    const multipart = op.requestBody?.preferred?.kind === 'multipart' && body !== null && typeof body === 'object';
    const parts = new FormData();
    if (multipart)
      for (const [k, v] of Object.entries(body as Record<string, unknown>))
        for (const x of Array.isArray(v) ? v : [v]) parts.append(k, String(x));
    const text = form
      ? new URLSearchParams(
          Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
            (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]),
          ),
        ).toString()
      : JSON.stringify(body);
    const res = await fetch(target, {
      method: op.method,
      headers: {
        authorization: 'Bearer any-token',
        ...Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])),
        ...(body === undefined || multipart ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
      },
      ...(body === undefined ? {} : { body: multipart ? parts : text }),
    });
    const answer = await res.text();
    return {
      status: res.status,
      body: answer ? JSON.parse(answer) : undefined,
      violations: res.headers.get('sl-violations'),
      location: res.headers.get('location'),
    };
  };

/** A fixture spec served for one describe block (servedFixture): filled in by its beforeAll. */
export interface ServedFixture {
  served: Awaited<ReturnType<typeof serveInferred>>;
  /** sendTo the served URL */
  send: ReturnType<typeof sendTo>;
  /** Runs `workflow` on a fresh store; resolves with its steps and the requests the engine received. */
  run(
    model: SpecModel,
    workflow: Workflow,
  ): Promise<Awaited<ReturnType<typeof runWorkflow>> & { requests: ReturnType<Engine['requests']> }>;
}

/**
 * Serves the fixture spec `specFile` as `npm run fake` serves it (the front, real Prism in proxy
 * mode, the inferred engine seeded with `seed` and given the engine `options`, all on 127.0.0.1)
 * before the block's tests, and closes it after.
 */
export function servedFixture(specFile: string, seed: string, options: Omit<EngineOptions, 'seed'> = {}): ServedFixture {
  const env = {} as ServedFixture;
  beforeAll(async () => {
    env.served = await serveInferred(specFile, { ...options, seed });
    env.send = sendTo(env.served.url);
  });
  afterAll(async () => env.served?.close());
  env.run = async (model, workflow) => {
    env.served.engine.reset();
    const result = await runWorkflow(model, workflow, env.send);
    return { ...result, requests: env.served.engine.requests() };
  };
  return env;
}

// ---- small specs written in a test (the in-process engine tests: engine.test.ts, rules.test.ts)

/** The spec model of `paths` (OpenAPI 3.1, no servers or security). */
export const specOf = (paths: Record<string, unknown>) => specModel({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths });

/** A JSON media type of `schema` (a request body or a response's `content`), with its example if given. */
export const json = (schema: unknown, example?: unknown) => ({
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});

/** Responses: a documented JSON answer of `schema` at `status`. */
export const ok = (schema: unknown, status = '200') => ({ [status]: { description: 'ok', ...json(schema) } });

/** A documented error answer whose body says why in its `message`. */
export const errorAnswer = { description: 'error', ...json({ type: 'object', properties: { message: { type: 'string' } } }) };
