// Shared by the contract tests and the report: which providers run, the property-test seed, and
// how a request to one operation is built from the spec.
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadProviders, repoRoot as defaultRoot } from '@capi/scripts/lib/registry/registry.ts';
import { validArbitrary } from './arbitraries.mjs';
import { bodyPlan, describeBody } from './bodies.mjs';
import { actionsYaml } from '@capi/scripts/lib/lint/lint-hints.ts';
// the actions of the spec defects the harness classifies come from their kinds in the registry
// (scripts/lib/defects: invalid-example, read-only-request-body, overlapping-oneof,
// no-enum-type-mismatch, pattern-syntax)
import {
  correctInvalidValue,
  enumTypeFix,
  oneOfToAnyOf,
  removeReadOnlyRoot,
  unicodePatternAction,
} from '@capi/scripts/lib/defects/index.ts';
import { unicodePattern, unicodeProblem } from '@capi/scripts/lib/lint/patterns.ts';
import { escapeSegment, getAt, parsePointer } from '@capi/scripts/lib/spec/json-pointer.ts';

/** The repository (or a copy of it, CONFORMANCE_ROOT, used by the conformance CLI's tests). */
export const repoRoot = process.env.CONFORMANCE_ROOT ? resolve(process.env.CONFORMANCE_ROOT) : defaultRoot;

/** Providers to test: all registered, or CONFORMANCE_PROVIDERS=a,b (set by the conformance CLI). */
export function selectedProviders() {
  const all = loadProviders(repoRoot);
  const only = process.env.CONFORMANCE_PROVIDERS;
  return only === undefined ? all : all.filter((p) => only.split(',').includes(p.name));
}

/**
 * The property-test seed when none is given. Fixed, so a run with unchanged inputs makes the same
 * cases and turbo's replay of a cached run is the truth; new cases need a new seed
 * (`npm run conformance -- --seed random`, or any number).
 */
export const DEFAULT_SEED = 1;
/** The property-test seed: CONFORMANCE_SEED when set (to replay a failure), else DEFAULT_SEED. */
export const seed = process.env.CONFORMANCE_SEED !== undefined ? Number(process.env.CONFORMANCE_SEED) : DEFAULT_SEED;
export const runs = Number(process.env.CONFORMANCE_RUNS ?? 200);

/**
 * A value for a parameter: the first of its examples, default or first enum value that its
 * schema accepts, else a plain value of its type, else a generated one (fixed seed).
 */
export function paramValue(param, model) {
  const s = model.resolve(param.schema) ?? {};
  const accepts = (v) => v !== undefined && (!param.schema || model.validateNode(param.schema, v));
  for (const v of [
    param.example,
    ...(param.examples ?? []),
    s.example,
    ...(Array.isArray(s.examples) ? s.examples : []),
    s.default,
    ...(s.enum ?? []),
  ]) {
    if (accepts(v) && !(Array.isArray(v) && v.length === 0)) return v;
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
  return candidates.find((v) => accepts(v) && !(Array.isArray(v) && v.length === 0)) ?? plain; // nothing valid: reported by requestProblem
}

/** openapi-fetch `params` for an operation: every path parameter and every required query and header parameter. */
export function paramsFor(op, model) {
  if (!paramsCache.has(op)) paramsCache.set(op, computeParams(op, model));
  return paramsCache.get(op);
}

// Both are fixed per operation (fixed seed) and asked for on every call: computed once.
const paramsCache = new WeakMap();
const bodyCache = new WeakMap();
/**
 * What the harness could not make valid, per operation (its parameters) and per request media
 * type (its body): reported as such, never blamed on the client. `limitation`: whose limit it is
 * ('harness', or 'mock' for a body Prism cannot read).
 */
const problems = new WeakMap();
const noteProblem = (key, what, limitation = 'harness') => problems.set(key, [...(problems.get(key) ?? []), { what, limitation }]);

/**
 * Why a valid request to `op` cannot be sent with a body of `media` (default: the media type the
 * client sends unless told otherwise), or null: no valid body or required parameter could be
 * made, or Prism cannot read such a body. Its cases are then skipped with this reason and counted
 * apart, as the limit of the harness or of the mock.
 * @returns {{ reason: string, limitation: 'harness' | 'mock' } | null}
 */
export function requestLimitation(op, model, media = op.requestBody?.preferred) {
  paramsFor(op, model);
  if (media) validBodyFor(op, model, media);
  const list = [...(problems.get(op) ?? []), ...(media ? (problems.get(media) ?? []) : [])];
  if (!list.length) return null;
  return { reason: list.map((p) => p.what).join('; '), limitation: list.some((p) => p.limitation === 'harness') ? 'harness' : 'mock' };
}

/** requestLimitation's reason alone. */
export const requestProblem = (op, model, media) => requestLimitation(op, model, media)?.reason ?? null;

function computeParams(op, model) {
  const pick = (list) =>
    Object.fromEntries(
      list.map((p) => {
        const v = paramValue(p, model);
        const ok = v !== undefined && (!p.schema || model.validateNode(p.schema, v)) && !(Array.isArray(v) && v.length === 0);
        if (!ok)
          noteProblem(
            op,
            `no valid value for the ${p.in} parameter "${p.name}" (its schema, at ${p.schemaPointer ?? p.pointer}, admits none the generator could make)`,
          );
        return [p.name, v];
      }),
    );
  const query = pick(op.requiredParams.filter((p) => p.in === 'query'));
  // OAS: a header parameter named Accept, Content-Type or Authorization SHALL be ignored: the
  // client sets those (a generated Content-Type breaks the request: Prism answers 500). Prism
  // still requires a declared Authorization, so it gets a value where no security scheme sets one.
  // A declared Content-Length (vercel.com's uploadArtifact) is the transport's: fetch sets it from
  // the body, and a value of ours would not match the body (undici refuses to send the request).
  const secured = op.security.some((req) => Object.keys(req).length > 0);
  const ignored = secured ? /^(accept|content-type|content-length|authorization)$/i : /^(accept|content-type|content-length)$/i;
  const header = pick(op.requiredParams.filter((p) => p.in === 'header' && !ignored.test(p.name)));
  return {
    path: pick(op.pathParams),
    ...(Object.keys(query).length ? { query } : {}),
    ...(Object.keys(header).length ? { header: Object.fromEntries(Object.entries(header).map(([k, v]) => [k, String(v)])) } : {}),
  };
}

/** Candidates drawn when looking for a valid parameter value or body. */
const SAMPLES = 50;

/**
 * A valid request body of `media` (default: the media type the client sends unless told
 * otherwise): the spec's example when it is valid, else the first valid generated one.
 */
export function validBodyFor(op, model, media = op.requestBody?.preferred) {
  if (!media) return undefined;
  if (!bodyCache.has(media)) bodyCache.set(media, computeBody(model, media));
  return bodyCache.get(media);
}

function computeBody(model, media) {
  const plan = bodyPlan(model, media);
  if (plan.limitation) noteProblem(media, plan.limitation, /^Prism/.test(plan.limitation) ? 'mock' : 'harness');
  const usable = (b) => b !== undefined && plan.check(b).ok && !plan.readable(b);
  // an example of a multipart body has no Blobs, and one of bytes is text: generated instead
  if (media.kind !== 'binary' && media.kind !== 'multipart' && usable(media.example)) return media.example;
  const candidates = fc.sample(plan.valid(), { numRuns: SAMPLES, seed: 42 });
  const valid = candidates.find(usable);
  if (valid !== undefined) return valid;
  if (!plan.limitation) {
    const unread = candidates.map(plan.readable).find(Boolean);
    const { errors } = plan.check(candidates[0]);
    noteProblem(
      media,
      `no valid request body among ${SAMPLES} generated for the schema at ${media.schemaPointer ?? media.pointer} (first candidate: ${errors.length ? describeViolations(errors.slice(0, 3)) : unread})`,
    );
  }
  return candidates[0];
}

/** A body as the failure messages show it (bytes and Blobs by size only). */
export { describeBody };

/**
 * The Accept header for a call whose answer may be any of `responses`: the JSON media types they
 * declare (Prism serves the first media type of a response unless asked), or none.
 */
export function acceptFor(responses) {
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
export function concreteStatus(op, status) {
  const key = String(status);
  if (/^\d{3}$/.test(key)) return Number(key);
  const keys = op.responses.map((r) => String(r.status));
  const range = /^([2-5])XX$/.exec(key); // Prism reads only an upper-case range
  // a range's code must not be documented on its own; default's must not be in a documented range either
  const usable = (code) =>
    ![204, 205, 304, 401, 407].includes(code) && !keys.includes(String(code)) && (range || !keys.includes(`${String(code)[0]}XX`));
  const from = (first) => Array.from({ length: 100 }, (_, i) => first + i);
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
export function stripCredentials(model) {
  const schemes = Object.values(model.securitySchemes);
  return {
    onRequest({ request }) {
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

/**
 * What Prism found wrong with an exchange: the `sl-violations` header (a documented error
 * status answered, or a response Prism could not make valid), else the `validation` list of
 * Prism's own 422 problem (an invalid request when the spec documents no status for it).
 * Each violation's `where` is `request` or `response`.
 */
/** A violation list as one line, for failure messages (vitest would show only `[ Array(1) ]`). */
export function describeViolations(list) {
  return list
    .map((v) => (typeof v === 'string' ? v : `${v.where ?? ''}${v.at ? ` ${v.at}` : ''}: ${v.message}`))
    .join('; ')
    .slice(0, 2000);
}

export function prismViolations(response, body) {
  let list;
  const prismProblem = typeof body?.type === 'string' && body.type.startsWith('https://stoplight.io/prism/errors#');
  const cannot = () => ({
    where: 'prism',
    at: '',
    path: [],
    code: body.type.split('#')[1],
    message: `${body.title}${body.detail ? `: ${body.detail}` : ''}`,
  });
  if (prismProblem && !Array.isArray(body.validation) && !response?.headers.get('sl-violations')) {
    // Prism could not answer at all (e.g. "Cannot find serializer for application/vnd.github.object")
    return [cannot()];
  }
  if (prismProblem && !Array.isArray(body.validation) && (response?.status ?? 0) >= 500) {
    // it found the request invalid (the header says why), then could not serialize the error
    // response it chose: a documented `*/*` has no serializer ("Cannot find serializer for */*")
    return [...prismViolations(response, undefined), cannot()];
  }
  if (typeof body?.type === 'string' && body.type.startsWith('https://stoplight.io/prism/errors#') && Array.isArray(body.validation)) {
    // Prism's own problem: the 422 of an invalid request (locations without "request"), or the
    // 500 of a response it could not make valid
    list = body.validation.map((v) => ({
      ...v,
      location: ['request', 'response'].includes(v.location?.[0]) ? v.location : ['request', ...(v.location ?? [])],
    }));
  } else {
    const header = response?.headers.get('sl-violations');
    if (!header) return [];
    // "Too many violations! [...]" when Prism shortens the list
    const json = header.slice(Math.max(0, header.indexOf('[')));
    try {
      list = JSON.parse(json);
    } catch {
      list = [{ location: [/"location":\["response"/.test(header) ? 'response' : 'request'], message: header.slice(0, 300) }];
    }
  }
  return list.map((v) => ({
    where: v.location?.[0],
    at: (v.location ?? []).slice(1).join('.'),
    path: (v.location ?? []).slice(2),
    code: v.code,
    message: v.message,
  }));
}

/**
 * Why Prism can refuse no body of `media` sent to `op`, or null; its negative cases then prove
 * nothing about the client:
 * - a schema `readOnly` as a whole ($refs followed): a spec defect. JSON Schema makes a read-only
 *   value the server's alone (a client's attempt is "ignored or rejected"), so the body the
 *   operation asks for is one no client may send (OAS 3.0 gives readOnly a meaning on properties
 *   only); Prism 5.16 strips read-only parts of a request schema (`stripReadOnlyProperties`), the
 *   root with them, and accepts any body;
 * - a schema Prism's validator cannot compile (`compileError`, from the server's
 *   `uncheckedRequest`) because a `pattern` in it does not compile with the `u` flag validators
 *   use (beezup.com's `\%`): Prism drops that error and accepts any body. A spec defect; the
 *   action is lint's capi/pattern-syntax rewrite.
 * @returns {{ limitation: 'spec', message: string } | null} with the overlay actions put in `meta.fix`
 */
export function unrefusableBody(model, op, media, { specFile = 'the spec', meta, compileError } = {}) {
  const where = `${media.type} body of ${op.method} ${op.path}`;
  const defect = (why, actions) => {
    if (meta) meta.fix = actions; // collected into overlay.suggested.yaml by the conformance CLI
    return {
      limitation: 'spec',
      message: `Prism cannot refuse any ${where} from ${specFile}: ${why} (a spec defect, not a client one)\nput in the overlay:\n${actionsYaml(actions)}`,
    };
  };
  const { node, pointer } = model.follow(media.schema, media.schemaPointer);
  if (node?.readOnly === true && pointer)
    return defect(
      `its schema (at ${pointer}) is readOnly as a whole, a body no client may send, and Prism drops it from request validation`,
      removeReadOnlyRoot(pointer, `${op.method} ${op.path}`),
    );
  if (!compileError) return null;
  const bad = unicodeProblemPatterns(model, media.schemaPointer);
  if (bad.length && bad.every((b) => b.fixed))
    return defect(
      `its validator cannot compile the schema (Ajv: ${compileError}; Prism 5.16 drops that error and checks no body): ${bad.map((b) => `the pattern at ${b.pointer} ${b.problem}`).join('; ')}`,
      bad.map((b) => unicodePatternAction(b.pointer, b.pattern, b.fixed)),
    );
  // any other compile error: not classified (the emulation is not proven to fail where Prism's
  // does: Prism refuses bodies of an OAS 3.0 `allOf: [..., { nullable: false }]` it compiles)
  return null;
}

/** The patterns in the schema at `pointer` ($refs followed) that do not compile with the `u` flag, with the rewrite that does. */
function unicodeProblemPatterns(model, pointer) {
  const seen = new Set();
  const found = [];
  const visit = (raw, where, depth) => {
    const { node, pointer: at } = model.follow(raw, where);
    if (!node || typeof node !== 'object' || !at || seen.has(at) || depth > 64) return;
    seen.add(at);
    const problem = unicodeProblem(node.pattern);
    if (problem) found.push({ pointer: at, pattern: node.pattern, problem, fixed: unicodePattern(node.pattern) });
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
      if (Array.isArray(node[key])) for (const [i, x] of node[key].entries()) visit(x, `${at}/${key}/${i}`, depth + 1);
    for (const key of ['items', 'additionalProperties', 'not'])
      if (node[key] && typeof node[key] === 'object') visit(node[key], `${at}/${key}`, depth + 1);
    for (const [k, x] of Object.entries(node.properties ?? {})) visit(x, `${at}/properties/${escapeSegment(k)}`, depth + 1);
  };
  if (pointer) visit(getAt(model.source, pointer), pointer, 0);
  return found;
}

/**
 * The actions for the schemas in the one at `pointer` ($refs followed) whose `enum` holds values
 * their `type` refuses (the no-enum-type-mismatch kind, scripts/lib/defects), once per schema (`targets`: those done).
 */
function enumMismatchFixes(model, pointer, targets) {
  const seen = new Set();
  const found = [];
  const visit = (raw, where, depth) => {
    const { node, pointer: at } = model.follow(raw, where);
    if (!node || typeof node !== 'object' || !at || seen.has(at) || depth > 64) return;
    seen.add(at);
    if (Array.isArray(node.enum) && !targets.has(`${at}/enum`)) {
      const fix = enumTypeFix(model.source, at, `${at}, found by the contract tests`);
      if (fix.length) {
        targets.add(`${at}/enum`);
        found.push(...fix.map((a) => ({ ...a, 'x-fixes': [...(a['x-fixes'] ?? []), 'contract-tests'] })));
      }
    }
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
      if (Array.isArray(node[key])) for (const [i, x] of node[key].entries()) visit(x, `${at}/${key}/${i}`, depth + 1);
    for (const key of ['items', 'additionalProperties', 'not'])
      if (node[key] && typeof node[key] === 'object') visit(node[key], `${at}/${key}`, depth + 1);
    for (const [k, x] of Object.entries(node.properties ?? {})) visit(x, `${at}/properties/${escapeSegment(k)}`, depth + 1);
  };
  visit(getAt(model.source, pointer), pointer, 0);
  return found;
}

/**
 * A response Prism's mock cannot make valid although the spec is fine: its limit, not a defect.
 * `invalidAnswer`: it answered, invalid (its dynamic mock may do better), rather than not at all.
 */
export class MockLimitation extends Error {
  invalidAnswer = false;
}

/** Per spec model (a pointer names another schema in another spec): pointer -> whether it has valid values. */
const satisfiableCaches = new WeakMap();
/** Whether the schema at `pointer` has valid values (the generator finds one among SAMPLES). */
function satisfiable(model, pointer) {
  let satisfiableCache = satisfiableCaches.get(model);
  if (!satisfiableCache) {
    satisfiableCache = new Map();
    satisfiableCaches.set(model, satisfiableCache);
  }
  if (!satisfiableCache.has(pointer)) {
    const { node } = model.schemaAt(pointer, []);
    let ok = false;
    let values = [];
    try {
      values = fc.sample(validArbitrary(node ?? {}, model.resolve, 0, 'response'), { numRuns: SAMPLES, seed: 42 });
    } catch {
      values = [];
    }
    // one value the validator cannot take does not make the others invalid
    ok = values.some((v) => {
      try {
        return model.validate(pointer, v).ok;
      } catch {
        return false;
      }
    });
    satisfiableCache.set(pointer, ok);
  }
  return satisfiableCache.get(pointer);
}

/**
 * The `oneOf`s that govern a value whose schema is `node` (at `pointer`): its own, or those of
 * its `allOf` parts, followed through `$ref`s (a base object `allOf` a `oneOf` of variants).
 */
function oneOfsAt(model, node, pointer, depth = 0) {
  if (!node || !pointer || depth > 4) return [];
  if (Array.isArray(node.oneOf)) return [{ node, pointer }];
  if (!Array.isArray(node.allOf)) return [];
  return node.allOf.flatMap((part, i) => {
    const f = model.follow(part, `${pointer}/allOf/${i}`);
    return oneOfsAt(model, f.node, f.pointer, depth + 1);
  });
}

/** Whether a `oneOf`'s alternatives overlap: a value generated for one is valid for another too (so none is valid). */
function overlapping(model, node) {
  const alts = node.oneOf;
  return alts.some((alt, i) => {
    let values = [];
    try {
      values = fc.sample(validArbitrary(alt, model.resolve, 0, 'response'), { numRuns: 10, seed: 42 });
    } catch {
      return false;
    }
    return values.some((v) => model.validateNode(alt, v) && alts.some((other, j) => j !== i && model.validateNode(other, v)));
  });
}

/**
 * The `example` and `default` values written on a schema node or its `allOf` parts (followed
 * through `$ref`s) that `node` refuses, each with the value it means when that is its text
 * (`"false"` for a boolean schema, `"3"` for a number), which `node` accepts.
 */
function invalidValuesAt(model, node, pointer, whole = node, depth = 0) {
  if (!node || !pointer || depth > 4) return [];
  const accepts = (value) => {
    try {
      return model.validateNode(whole, value);
    } catch {
      return true; // a schema our validator cannot compile proves nothing about its values
    }
  };
  const own = [];
  for (const keyword of ['example', 'default']) {
    const value = node[keyword];
    if (value === undefined || accepts(value)) continue;
    let meant;
    if (typeof value === 'string') {
      const text = value.trim();
      const candidates = [
        text === 'true' ? true : text === 'false' ? false : undefined,
        text !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined,
      ];
      meant = candidates.find((c) => c !== undefined && accepts(c));
    }
    own.push({ pointer, keyword, value, meant });
  }
  const parts = Array.isArray(node.allOf)
    ? node.allOf.flatMap((part, i) => {
        const f = model.follow(part, `${pointer}/allOf/${i}`);
        return invalidValuesAt(model, f.node, f.pointer, whole, depth + 1);
      })
    : [];
  return [...own, ...parts];
}

/**
 * Where a response schema has `nullable` without a `type` beside it, which Ajv refuses to compile
 * ('"nullable" cannot be used without "type"') when Prism could not merge the allOf it sits in
 * (OAS 3.0 specs write `{ nullable: false }` as an allOf part). Returns the first one's pointer, or null.
 */
export function prismUnreadableAt(model, pointer) {
  const seen = new Set();
  // the document as written: the model's own reads OAS 3.0 `nullable` already
  const follow = (raw, where) => {
    let [node, at] = [raw, where];
    for (let hops = 0; node && typeof node.$ref === 'string' && node.$ref.startsWith('#') && hops < 32; hops++)
      [node, at] = [getAt(model.source, node.$ref), node.$ref];
    return { node, pointer: at };
  };
  const visit = (raw, where, depth) => {
    const { node, pointer: at } = follow(raw, where);
    if (!node || typeof node !== 'object' || !at || seen.has(at) || depth > 64) return null;
    seen.add(at);
    if (node.nullable !== undefined && node.type === undefined) return at;
    const kids = [];
    for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems'])
      if (Array.isArray(node[key])) for (const [i, x] of node[key].entries()) kids.push([x, `${at}/${key}/${i}`]);
    for (const key of ['items', 'additionalProperties', 'not'])
      if (node[key] && typeof node[key] === 'object') kids.push([node[key], `${at}/${key}`]);
    for (const [k, x] of Object.entries(node.properties ?? {})) kids.push([x, `${at}/properties/${escapeSegment(k)}`]);
    for (const [x, w] of kids) {
      const found = visit(x, w, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(getAt(model.source, pointer), pointer, 0);
}

/**
 * Why Prism reported nothing about an answer our own check refuses: the error of compiling its
 * schema the way Prism does (`compileError`, from the server's `uncheckedResponse`), with where
 * the schema has `nullable` without `type` when that is the error; else Prism reads it otherwise.
 */
export function uncheckedReason(compileError, model, schemaPointer) {
  if (!compileError) return 'its validator (draft-07, allOf merged) reads this schema otherwise than JSON Schema 2020-12';
  const at = /nullable/.test(compileError) ? prismUnreadableAt(model, schemaPointer) : null;
  return `its validator cannot compile this schema (Ajv: ${compileError}${at ? `, e.g. at ${at}` : ''}; Prism 5.16 drops that error), so it never checked its answer`;
}

/**
 * Our own (JSON Schema 2020-12) check of a response body Prism sent, as violations in Prism's
 * shape (`where: 'response'`), for a body Prism answered without reporting any.
 */
export function answeredBodyViolations(model, schemaPointer, value) {
  return model.validate(schemaPointer, value).errors.map((e) => {
    const cut = e.indexOf(' ');
    const instancePath = e.slice(0, cut);
    const path = instancePath === '/' ? [] : parsePointer(instancePath); // '/' is how model.validate names the root
    return { where: 'response', at: ['body', ...path].join('.'), path, code: undefined, message: e.slice(cut + 1) };
  });
}

/**
 * Checks the response side of Prism's violations and tells three things apart:
 * - none: returns;
 * - a mock limitation (Prism could not answer at all, or its generated response is invalid
 *   although the schema has valid values, e.g. `[null]` items of a recursive schema, the literal
 *   "string" for `format: byte`): recorded in `meta` (limitation, reason), then the case is
 *   skipped through `ctx`, or a MockLimitation is thrown for the caller (property runs);
 * - a spec defect (an overlapping `oneOf`, an example or default its schema refuses, an `enum`
 *   its `type` refuses): throws, naming each violation and the overlay actions that correct it
 *   (each reported spec defect comes with its action, which `lint:specs --fix` writes);
 * - a schema with no valid value the harness found and no cause it has an action for: throws,
 *   a failure left for a person, not called a spec defect (the generator may have missed values).
 */
export function assertNoResponseDefect(violations, { model, response, specFile, status, meta, ctx, unreported, op, answered }) {
  // no documented response given (an operation without an error response answered a negative
  // case): the violations are about the one Prism served, judged against that one
  const served = response ?? (op ? servedResponse(op, answered, violations) : undefined);
  let note = '';
  if (served && !response) {
    response = served;
    status = served.status;
    if (!violations.some((v) => v.where === 'request')) note = ` (Prism served it to a request it found valid: it refused nothing)`;
  }
  const cannot = violations.filter((v) => v.where === 'prism');
  if (cannot.length) {
    const request = violations.filter((v) => v.where === 'request');
    const found = request.length ? ` (after finding the request invalid: ${describeViolations(request)})` : '';
    return mockLimitation(
      { meta, ctx },
      `Prism's mock cannot answer ${status} from ${specFile} (a mock limitation): ${cannot.map((v) => v.message).join('; ')}${found}`,
    );
  }
  const defects = violations.filter((v) => v.where === 'response');
  if (!defects.length) return;
  const actions = [];
  const targets = new Set();
  for (const v of defects.filter((d) => d.code === 'oneOf')) {
    if (!response?.schemaPointer) break;
    const { node, pointer, rest } = model.schemaAt(response.schemaPointer, v.path);
    if (rest.length) continue;
    for (const one of oneOfsAt(model, node, pointer)) {
      if (targets.has(one.pointer) || !overlapping(model, one.node)) continue;
      targets.add(one.pointer);
      actions.push(...oneOfToAnyOf(one.pointer, one.node));
    }
  }
  // an example or default its own schema refuses: Prism's static mock answers it as it is. It
  // may sit on the violating value's own schema or on any schema above it (beezup.com's
  // `orderTransitionLinks` example, an array of links whose `parameters.If-Match.value` is a
  // string where the schema says object): Prism answers the example of the outermost schema that
  // has one, so every schema on the way from the body to the value is looked at
  for (const v of defects) {
    if (!response?.schemaPointer || /^header\./.test(v.at)) continue;
    for (let depth = v.path.length; depth >= 0; depth--) {
      const { node, pointer, rest } = model.schemaAt(response.schemaPointer, v.path.slice(0, depth));
      if (rest.length) continue;
      for (const bad of invalidValuesAt(model, node, pointer)) {
        if (targets.has(`${bad.pointer}/${bad.keyword}`)) continue;
        targets.add(`${bad.pointer}/${bad.keyword}`);
        const where = depth === v.path.length ? '' : ` (the ${bad.keyword} of ${bad.pointer} holds that value)`;
        actions.push(...correctInvalidValue(bad.pointer, bad.keyword, `${v.at}: ${v.message}${where}`, bad.meant));
      }
    }
  }
  // on the first line: the report and the summary keep only that one (report.mjs, failureLine)
  const list = defects
    .slice(0, 5)
    .map((v) => `${v.at || 'body'}: ${v.message}`)
    .join('; ');
  const more = defects.length > 5 ? `; ... ${defects.length - 5} more` : '';
  // the schema each violation is about: the body's, or a header's (Prism's static mock answers
  // a header it has no example for with "string", whatever its format)
  const governing = [
    ...new Set(defects.map((v) => (/^header\./.test(v.at) ? headerSchemaAt(model, response, v.path[0]) : response?.schemaPointer))),
  ];
  if (!actions.length && governing.length && governing.every((p) => p && satisfiable(model, p))) {
    return mockLimitation(
      { meta, ctx, invalidAnswer: true },
      `Prism's mock made an invalid ${/\bresponse$/.test(String(status)) ? status : `${status} response`}${note}${unreported ? ` and reported nothing (${unreported})` : ''} although the schema at ${governing.join(', ')} has valid values (a mock limitation, not a spec or client defect): ${list}${more}`,
    );
  }
  // a schema no value satisfies because its enum holds values of another type (an array's enum
  // listing item values): lint's no-enum-type-mismatch action
  if (!actions.length) for (const p of governing) if (p) actions.push(...enumMismatchFixes(model, p, targets));
  if (!actions.length) {
    // no cause found that an action corrects: not called a spec defect (the generator may have
    // missed the schema's values as well); a failure left for a person, with where to look
    throw new Error(
      `Prism answered an invalid ${status}${note} from ${specFile}${unreported ? ` (Prism reported nothing: ${unreported})` : ''}, and the harness found no valid value of the schema at ${governing.filter(Boolean).join(', ') || 'the response'} either: a spec defect or the harness's limit, not told apart, so no correction is suggested: ${list}${more}\nread that schema: correct it in the overlay if no value satisfies it, else report the harness's limit`,
    );
  }
  if (meta && actions.length) meta.fix = actions; // collected into overlay.suggested.yaml by the conformance CLI
  const fix = `\nput in the overlay:\n${actionsYaml(actions)}`;
  throw new Error(
    `Prism cannot answer a valid ${status}${note} from ${specFile}: the spec's own response is invalid there (a spec defect, not a client one${unreported ? `; Prism reported nothing: ${unreported}` : ''}): ${list}${more}${fix}`,
  );
}

/**
 * The documented response of `op` that Prism served as its answer `answered` (an HTTP status):
 * that status's own, unless it is Prism's 500 for a response it could not make valid; then the
 * one its negotiator picked for a request it found valid and no `Prefer` (Prism 5.16: the lowest
 * 2xx, else `default`, else the first documented). Undefined when it cannot be told (a request
 * Prism found invalid: the caller's error response).
 */
export function servedResponse(op, answered, violations = []) {
  const own = answered === 500 && violations.some((v) => v.where === 'response');
  if (!own) return op.responses.find((r) => r.status === String(answered));
  if (violations.some((v) => v.where === 'request')) return undefined;
  const lowest2xx = op.responses.filter((r) => /^2(\d\d|XX)$/.test(r.status)).sort((a, b) => (a.status < b.status ? -1 : 1))[0];
  return lowest2xx ?? op.responses.find((r) => r.status === 'default') ?? op.responses[0];
}

/** The schema pointer of a response header (its name in any case), $refs followed; null when the response documents none. */
function headerSchemaAt(model, response, name) {
  if (!response?.pointer || typeof name !== 'string') return null;
  const headers = model.at(`${response.pointer}/headers`);
  const key = Object.keys(headers && typeof headers === 'object' ? headers : {}).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return null;
  const { node, pointer } = model.follow(headers[key], `${response.pointer}/headers/${escapeSegment(key)}`);
  return node?.schema !== undefined && pointer ? `${pointer}/schema` : null;
}

function mockLimitation({ meta, ctx, invalidAnswer = false }, reason) {
  if (meta) {
    meta.limitation = 'mock';
    meta.reason = reason;
  }
  if (ctx) ctx.skip(reason);
  throw Object.assign(new MockLimitation(reason), { invalidAnswer });
}
