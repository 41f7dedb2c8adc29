// Request building: how a request to one operation is made from the spec (its parameters, a
// valid body of each media type, the Accept header and the status to ask Prism for), and what
// the harness could not make valid (its own limit, or the mock's), for the contract suite.
import fc from 'fast-check';
import type { Media, Operation, Parameter, Response, SpecModel, SpecNode } from '@capi/scripts/lib/spec/spec-model.ts';
import { describeViolations } from '../judge/violations.ts';
import { validArbitrary } from './arbitraries.ts';
import { bodyPlan, describeBody } from './bodies.ts';

/** openapi-fetch `params` of a request. */
export interface RequestParams {
  path: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, string>;
}

/** Whose limit a request the harness cannot make valid is. */
export type Limitation = 'harness' | 'mock';

/**
 * A value for a parameter: the first of its examples, default or first enum value that its
 * schema accepts, else a plain value of its type, else a generated one (fixed seed).
 */
export function paramValue(param: Parameter, model: SpecModel): unknown {
  const s: SpecNode = model.resolve(param.schema) ?? {};
  const accepts = (v: unknown): boolean => v !== undefined && (!param.schema || model.validateNode(param.schema, v));
  for (const v of [
    param.example,
    ...(param.examples ?? []),
    s.example,
    ...(Array.isArray(s.examples) ? s.examples : []),
    s.default,
    ...(s.enum ?? []),
  ]) {
    if (accepts(v) && !empty(v)) return v;
  }
  const type = [s.type].flat().find((x) => x && x !== 'null');
  const plain =
    type === 'integer' || type === 'number'
      ? Math.max(s.minimum ?? 1, 1)
      : s.format === 'uuid'
        ? '3f1c2b9e-8a4d-4f6e-9c2a-1b5d7e9f0a12'
        : type === 'boolean'
          ? true
          : type === 'string' || !type
            ? 'conformance-id'
            : undefined;
  if (accepts(plain)) return plain;
  // bounded: a filtered fast-check arbitrary would loop for ever on a schema it cannot satisfy.
  // An array needs an item: openapi-fetch leaves an empty one out of the URL, and a required
  // parameter would then be missing.
  const schema = type === 'array' ? { ...s, minItems: Math.max(1, s.minItems ?? 0) } : (param.schema ?? {});
  const candidates = fc.sample(validArbitrary(schema, model.resolve), { numRuns: SAMPLES, seed: 42 });
  return candidates.find((v) => accepts(v) && !empty(v)) ?? plain; // nothing valid: reported by requestProblem
}

/**
 * A value a request cannot carry as given: an empty array (openapi-fetch leaves it out of the
 * URL) or an empty string (Prism 5.16 reads `name=` as a missing query parameter:
 * hetras-certification.net's `adults`, a `format: byte` string '' satisfies).
 */
const empty = (v: unknown): boolean => v === '' || (Array.isArray(v) && v.length === 0);

/** openapi-fetch `params` for an operation: every path parameter and every required query and header parameter. */
export function paramsFor(op: Operation, model: SpecModel): RequestParams {
  let params = paramsCache.get(op);
  if (!params) {
    params = computeParams(op, model);
    paramsCache.set(op, params);
  }
  return params;
}

// Both are fixed per operation (fixed seed) and asked for on every call: computed once.
const paramsCache = new WeakMap<Operation, RequestParams>();
const bodyCache = new WeakMap<Media, { body: unknown }>();
/**
 * What the harness could not make valid, per operation (its parameters) and per request media
 * type (its body): reported as such, never blamed on the client. `limitation`: whose limit it is
 * ('harness', or 'mock' for a body Prism cannot read).
 */
const problems = new WeakMap<object, { what: string; limitation: Limitation }[]>();
const noteProblem = (key: object, what: string, limitation: Limitation = 'harness') =>
  problems.set(key, [...(problems.get(key) ?? []), { what, limitation }]);

/**
 * Why a valid request to `op` cannot be sent with a body of `media` (default: the media type the
 * client sends unless told otherwise), or null: no valid body or required parameter could be
 * made, or Prism cannot read such a body. Its cases are then skipped with this reason and counted
 * apart, as the limit of the harness or of the mock.
 */
export function requestLimitation(
  op: Operation,
  model: SpecModel,
  media: Media | undefined = op.requestBody?.preferred,
): { reason: string; limitation: Limitation } | null {
  paramsFor(op, model);
  if (media) validBodyFor(op, model, media);
  const list = [...(problems.get(op) ?? []), ...(media ? (problems.get(media) ?? []) : [])];
  if (!list.length) return null;
  return { reason: list.map((p) => p.what).join('; '), limitation: list.some((p) => p.limitation === 'harness') ? 'harness' : 'mock' };
}

/** requestLimitation's reason alone. */
export const requestProblem = (op: Operation, model: SpecModel, media?: Media): string | null =>
  requestLimitation(op, model, media)?.reason ?? null;

/** Headers the global fetch sends of its own when a request has none (undici's fetch: `*`, `node`). */
const TRANSPORT_DEFAULTS = /^(accept-language|user-agent)$/i;

function computeParams(op: Operation, model: SpecModel): RequestParams {
  const pick = (list: readonly Parameter[]): Record<string, unknown> =>
    Object.fromEntries(
      list.map((p) => {
        const v = paramValue(p, model);
        const ok = v !== undefined && (!p.schema || model.validateNode(p.schema, v)) && !empty(v);
        if (!ok)
          noteProblem(
            op,
            `no valid value for the ${p.in} parameter "${p.name}" (its schema, at ${p.schemaPointer ?? p.pointer}, admits none the generator could make)`,
          );
        return [p.name, v];
      }),
    );
  const query = pick(op.requiredParams.filter((p) => p.in === 'query'));
  // Prism 5.16 builds a deepObject query parameter whose schema is an object whether it is sent
  // or not (validator/deserializers/style/deepObject.js): one with required fields is sent too
  for (const p of op.parameters) {
    if (p.in !== 'query' || p.required || p.node?.style !== 'deepObject') continue;
    const built = builtQueryValue(p, model);
    if (built === null) continue;
    if (typeof built === 'string') noteProblem(op, built, 'mock');
    else query[p.name] = built;
  }
  // OAS: a header parameter named Accept, Content-Type or Authorization SHALL be ignored: the
  // client sets those (a generated Content-Type breaks the request: Prism answers 500). Prism
  // still requires a declared Authorization, so it gets a value where no security scheme sets one.
  // A declared Content-Length (vercel.com's uploadArtifact) is the transport's: fetch sets it from
  // the body, and a value of ours would not match the body (undici refuses to send the request).
  const secured = op.security.some((req) => Object.keys(req).length > 0);
  const ignored = secured ? /^(accept|content-type|content-length|authorization)$/i : /^(accept|content-type|content-length)$/i;
  // An optional Accept-Language or User-Agent the spec declares is sent too: left out, the global
  // fetch sends its own (`accept-language: *`, `user-agent: node`), which a declared enum or
  // pattern refuses (zalando's shops: `Accept-Language` one of `de-DE`, `en-GB`, ...)
  const header = pick(
    op.parameters.filter((p) => p.in === 'header' && !ignored.test(p.name) && (p.required || TRANSPORT_DEFAULTS.test(p.name))),
  );
  return {
    path: pick(op.pathParams),
    ...(Object.keys(query).length ? { query } : {}),
    ...(Object.keys(header).length ? { header: Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])) } : {}),
  };
}

/**
 * A value for an optional deepObject query parameter that Prism builds unsent (see computeParams):
 * null when what it builds of nothing is valid (no required field at any level), else its
 * required fields, or why they cannot be sent (a required field in an object inside it: the
 * client writes no nested deepObject value, which OpenAPI does not define).
 */
function builtQueryValue(p: Parameter, model: SpecModel): Record<string, unknown> | string | null {
  const s: SpecNode = model.resolve(p.schema) ?? {};
  if (s.type !== 'object') return null;
  const requires = (node: SpecNode, depth: number): boolean =>
    depth < 8 &&
    ((Array.isArray(node.required) && node.required.length > 0) ||
      Object.values<unknown>(node.properties ?? {}).some((q) => {
        const r = model.resolve(q);
        return r?.type === 'object' && requires(r, depth + 1);
      }));
  if (!requires(s, 0)) return null;
  const value: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries<unknown>(s.properties ?? {})) {
    const q: SpecNode = model.resolve(raw) ?? {};
    if (q.type === 'object') {
      if (requires(q, 1))
        return `Prism 5.16 builds the query parameter "${p.name}" (style deepObject) whether it is sent or not, and requires the fields of its object "${name}", which the client cannot send (a value nested in a deepObject parameter is not defined by OpenAPI)`;
      continue;
    }
    if (!(Array.isArray(s.required) && s.required.includes(name))) continue;
    const ok = (v: unknown): boolean =>
      v !== undefined && v !== null && typeof v !== 'object' && v !== '' && model.validateNode(raw as SpecNode, v);
    const v = fc.sample(validArbitrary(raw, model.resolve), { numRuns: SAMPLES, seed: 42 }).find(ok);
    if (v === undefined)
      return `no valid value for the field "${name}" of the query parameter "${p.name}", which Prism 5.16 builds whether it is sent or not`;
    value[name] = v;
  }
  return model.validateNode(p.schema as SpecNode, value)
    ? value
    : `no valid value for the query parameter "${p.name}", which Prism 5.16 builds whether it is sent or not`;
}

/** The path a request to `op` is sent to: its template with every path parameter's value in place, encoded as the client encodes it. */
export function requestPath(op: Operation, model: SpecModel): string {
  const values = paramsFor(op, model).path;
  return op.path.replace(/{([^}]+)}/g, (whole, name: string) => (name in values ? encodeURIComponent(String(values[name])) : whole));
}

/** Candidates drawn when looking for a valid parameter value or body. */
const SAMPLES = 50;

/**
 * A valid request body of `media` (default: the media type the client sends unless told
 * otherwise): the spec's example when it is valid, else the first valid generated one.
 */
export function validBodyFor(op: Operation, model: SpecModel, media: Media | undefined = op.requestBody?.preferred): unknown {
  if (!media) return undefined;
  let made = bodyCache.get(media);
  if (!made) {
    made = { body: computeBody(model, media) };
    bodyCache.set(media, made);
  }
  return made.body;
}

function computeBody(model: SpecModel, media: Media): unknown {
  const plan = bodyPlan(model, media);
  if (plan.limitation) noteProblem(media, plan.limitation, /^Prism/.test(plan.limitation) ? 'mock' : 'harness');
  const usable = (b: unknown): boolean => b !== undefined && plan.check(b).ok && !plan.readable(b);
  // an example of a multipart body has no Blobs, and one of bytes is text: generated instead
  if (media.kind !== 'binary' && media.kind !== 'multipart' && usable(media.example)) return media.example;
  const candidates = fc.sample(plan.valid(), { numRuns: SAMPLES, seed: 42 });
  const valid = candidates.find(usable);
  if (valid !== undefined) return valid;
  if (!plan.limitation) {
    const unread = candidates.map(plan.readable).find(Boolean);
    const { errors } = plan.check(candidates[0]);
    const first = errors.length ? describeViolations(errors.slice(0, 3)) : unread;
    const at = media.schemaPointer ?? media.pointer;
    // a text or other non-JSON, non-form body whose schema declares no string (an XML object, a
    // oneOf of objects): Prism checks the raw text against it, so no body passes; the mock's limit
    if ((media.kind === 'text' || media.kind === 'binary') && ![model.resolve(media.schema)?.type ?? []].flat().includes('string'))
      noteProblem(
        media,
        `Prism 5.16 checks a ${media.type} body as raw text against its schema (at ${at}): none of ${SAMPLES} strings generated passes it (first candidate: ${first})`,
        'mock',
      );
    else noteProblem(media, `no valid request body among ${SAMPLES} generated for the schema at ${at} (first candidate: ${first})`);
  }
  return candidates[0];
}

/** A body as the failure messages show it (bytes and Blobs by size only). */
export { describeBody };

/**
 * The Accept header for a call whose answer may be any of `responses`: the JSON media types they
 * declare (Prism serves the first media type of a response unless asked), or none.
 */
export function acceptFor(responses: readonly Response[]): { Accept?: string } {
  const types = [...new Set(responses.map((r) => r.json?.type).filter(Boolean))];
  return types.length ? { Accept: types.join(', ') } : {};
}

/**
 * The status code to ask Prism for (`Prefer: code=N`) to get the documented response keyed
 * `status` of `op`: the code itself; for a range (`5XX`) the first code of it that the operation
 * does not document on its own; for `default` the first code (server errors, then client
 * errors, then success) that no other response of the operation covers. Prism 5.16 answers a
 * code with its own response, else its range's, else `default`. Never a code without a body
 * (204, 205, 304), 401/407 (credentials) or 1xx (no final answer). null: none left (or a key
 * Prism does not read as a range, `5xx`).
 */
export function concreteStatus(op: Operation, status: string | number): number | null {
  const key = String(status);
  if (/^\d{3}$/.test(key)) return Number(key);
  const keys = op.responses.map((r) => String(r.status));
  const range = /^([2-5])XX$/.exec(key); // Prism reads only an upper-case range
  // a range's code must not be documented on its own; default's must not be in a documented range either
  const usable = (code: number): boolean =>
    ![204, 205, 304, 401, 407].includes(code) && !keys.includes(String(code)) && (range !== null || !keys.includes(`${String(code)[0]}XX`));
  const from = (first: number): number[] => Array.from({ length: 100 }, (_, i) => first + i);
  const candidates = range
    ? from(Number(range[1]) * 100)
    : key === 'default'
      ? [...from(500), ...from(400), ...from(200), ...from(300)]
      : [];
  return candidates.find(usable) ?? null;
}

/**
 * Middleware that removes every credential the operation's security schemes would carry, for
 * the "no credentials" case (the client itself refuses to be built without them).
 */
export function stripCredentials(model: SpecModel): { onRequest(args: { request: Request }): Request } {
  const schemes = Object.values(model.securitySchemes);
  return {
    onRequest({ request }: { request: Request }): Request {
      const url = new URL(request.url);
      for (const s of schemes) {
        if (s.type === 'apiKey' && s.in === 'header') request.headers.delete(s.name);
        else if (s.type === 'apiKey' && s.in === 'query') url.searchParams.delete(s.name);
        else if (s.type === 'apiKey' && s.in === 'cookie') request.headers.delete('cookie');
        else request.headers.delete('authorization');
      }
      return url.href === request.url ? request : new Request(url, request);
    },
  };
}
