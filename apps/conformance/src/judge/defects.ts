// Judging answers: what a response Prism sent, or a body it could not refuse, says about the
// spec. A spec defect is named with the overlay actions that correct it (from its kind in the
// registry, scripts/lib/defects); an answer Prism's mock cannot make valid is its limitation
// (MockLimitation, src/prism.ts); any other invalid answer is a failure left for a person. The
// harness's own checks validate against the effective spec with JSON Schema 2020-12 (the spec
// model's validator) and walk schemas with the spec model's walk (scripts/lib/spec/schema-walk.ts).
import fc from 'fast-check';
import { actionsYaml } from '@capi/scripts/lib/lint/lint-hints.ts';
// the actions of the spec defects the harness classifies come from their kinds in the registry
// (scripts/lib/defects: invalid-example, read-only-request-body, overlapping-oneof,
// no-enum-type-mismatch, pattern-syntax)
import {
  correctInvalidValue,
  enumTypeFix,
  oneOfsToAnyOf,
  removeReadOnlyRoot,
  unicodePatternAction,
} from '@capi/scripts/lib/defects/index.ts';
import type { OverlayAction } from '@capi/scripts/lib/defects/types.ts';
import { unicodePattern, unicodeProblem } from '@capi/scripts/lib/lint/patterns.ts';
import { escapeSegment, formatPointer, getAt, parsePointer } from '@capi/scripts/lib/spec/json-pointer.ts';
import { walkSchemaAt } from '@capi/scripts/lib/spec/schema-walk.ts';
import type { Media, Operation, Response, SpecModel, SpecNode, Validation } from '@capi/scripts/lib/spec/spec-model.ts';
import { type LimitationNote, MockLimitation, type Skipper } from '../prism.ts';
import { validArbitrary } from '../request/arbitraries.ts';
import { describeViolations, type Violation } from './violations.ts';
import { type Acceptances, acceptedCause } from './accepted.ts';
import { tidyReason } from './reasons.ts';

/** Candidates drawn when looking for a valid value of a schema. */
const SAMPLES = 50;
/** Valid values kept of those candidates (validValues). */
const VALID_KEPT = 5;

/** What a case records about a spec defect or limitation it found (its `meta.contract`). */
export interface DefectNote extends LimitationNote {
  /** The overlay actions that correct the spec defect found (collected into overlay.suggested.yaml by the conformance CLI). */
  fix?: OverlayAction[];
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
 *   action is lint's capi/pattern-syntax one (the rewrite, else the keyword removed).
 * Returns the defect (`limitation: 'spec'`) with its overlay actions put in `meta.fix`, or null.
 */
export function unrefusableBody(
  model: SpecModel,
  op: Operation,
  media: Media,
  {
    specFile = 'the spec',
    meta,
    compileError,
    accepted,
  }: { specFile?: string; meta?: DefectNote; compileError?: string | null; accepted?: Acceptances | undefined } = {},
): { limitation: 'spec'; message: string } | null {
  const where = `${media.type} body of ${op.method} ${op.path}`;
  // `places`: the schema places the defect is at (an accepted finding there is named)
  const defect = (why: string, actions: OverlayAction[], places: string[]): { limitation: 'spec'; message: string } => {
    if (meta) meta.fix = actions; // collected into overlay.suggested.yaml by the conformance CLI
    return {
      limitation: 'spec' as const,
      message: `Prism cannot refuse any ${where} from ${specFile}: ${why} (a spec defect, not a client one)${acceptedCause(accepted, places)}\nput in the overlay:\n${actionsYaml(actions)}`,
    };
  };
  const { node, pointer } = model.follow(media.schema, media.schemaPointer);
  if (node?.readOnly === true && pointer)
    return defect(
      `its schema (at ${pointer}) is readOnly as a whole, a body no client may send, and Prism drops it from request validation`,
      removeReadOnlyRoot(pointer, `${op.method} ${op.path}`),
      [`${pointer}/readOnly`],
    );
  if (!compileError) return null;
  const bad = unicodeProblemPatterns(model, media.schemaPointer);
  // each has its action: the rewrite, or the keyword's removal where no rewrite is known
  if (bad.length)
    return defect(
      `its validator cannot compile the schema (Ajv: ${compileError}; Prism 5.16 drops that error and checks no body): ${bad.map((b) => `the pattern at ${b.pointer} ${b.problem}`).join('; ')}`,
      bad.map((b) => unicodePatternAction(b.pointer, b.pattern, b.fixed)),
      bad.map((b) => `${b.pointer}/pattern`),
    );
  // any other compile error: not classified (the emulation is not proven to fail where Prism's
  // does: Prism refuses bodies of an OAS 3.0 `allOf: [..., { nullable: false }]` it compiles)
  return null;
}

/**
 * An invalid body that Prism answered with a success because it checks no body of that media type:
 * its validator cannot compile the body's schema (`compileError`, from the server's
 * `uncheckedRequest`: amazonaws.com/dynamodb's 53 inputs as one `anyOf`, "can't resolve reference
 * ... from id #" in Prism's own bundling of the deep `$ref`s) and Prism 5.16 drops that error and
 * accepts any body. The mock's limit, not the client's (a compile error with a spec defect behind it,
 * a pattern without the `u` flag, is named first by unrefusableBody with its action): recorded in
 * `meta` and skipped through `ctx`, or a MockLimitation thrown. Does nothing for an answer that is
 * no success, or when Prism compiles the schema.
 */
export function assertRequestChecked(
  compileError: string | null,
  { answered, where, meta, ctx }: { answered: number; where: string; meta?: DefectNote | undefined; ctx?: Skipper | undefined },
): void {
  if (!compileError || answered < 200 || answered >= 300) return;
  mockLimitation(
    { meta, ctx },
    `Prism checks no ${where}: its validator cannot compile the body's schema (Ajv: ${compileError}; Prism 5.16 drops that error and accepts any body), so it answered an invalid one ${answered} (a mock limitation)`,
  );
}

/** The patterns in the schema at `pointer` ($refs followed) that do not compile with the `u` flag, with the rewrite that does. */
function unicodeProblemPatterns(
  model: SpecModel,
  pointer: string | null,
): { pointer: string; pattern: string; problem: string; fixed: string | null }[] {
  const found: { pointer: string; pattern: string; problem: string; fixed: string | null }[] = [];
  if (!pointer) return found;
  walkSchemaAt(model.source, pointer, (node, at) => {
    if (typeof node.$ref === 'string') return; // its target is walked (siblings of a $ref are not read)
    const problem = unicodeProblem(node.pattern);
    if (problem) found.push({ pointer: formatPointer(at), pattern: node.pattern, problem, fixed: unicodePattern(node.pattern) });
  });
  return found;
}

/**
 * The actions for the schemas in the one at `pointer` ($refs followed) whose `enum` holds values
 * their `type` refuses (the no-enum-type-mismatch kind, scripts/lib/defects), once per schema (`targets`: those done).
 */
function enumMismatchFixes(model: SpecModel, pointer: string, targets: Set<string>): OverlayAction[] {
  const found: OverlayAction[] = [];
  walkSchemaAt(model.source, pointer, (node, location) => {
    if (typeof node.$ref === 'string' || !Array.isArray(node.enum)) return;
    const at = formatPointer(location);
    if (targets.has(`${at}/enum`)) return;
    const fix = enumTypeFix(model.source, at, `${at}, found by the contract tests`);
    if (!fix.length) return;
    targets.add(`${at}/enum`);
    found.push(...fix.map((a) => ({ ...a, 'x-fixes': [...(a['x-fixes'] ?? []), 'contract-tests'] })));
  });
  return found;
}

/** Per spec model (a pointer names another schema in another spec): pointer -> the values found valid. */
const validValueCaches = new WeakMap<SpecModel, Map<string, unknown[]>>();
/** Up to VALID_KEPT values of the schema at `pointer` the generator finds valid among SAMPLES (ours: JSON Schema 2020-12). */
function validValues(model: SpecModel, pointer: string): unknown[] {
  let cache = validValueCaches.get(model);
  if (!cache) {
    cache = new Map();
    validValueCaches.set(model, cache);
  }
  let found = cache.get(pointer);
  if (!found) {
    const { node } = model.schemaAt(pointer, []);
    let values: unknown[] = [];
    try {
      values = fc.sample(validArbitrary(node ?? {}, model.resolve, 0, 'response'), { numRuns: SAMPLES, seed: 42 });
    } catch {
      values = [];
    }
    // one value the validator cannot take does not make the others invalid; a few are enough
    // (whether there is one, and whether Prism's validator takes any of them: prismRefusal)
    found = [];
    for (const v of values) {
      if (found.length >= VALID_KEPT) break;
      try {
        if (model.validate(pointer, v).ok) found.push(v);
      } catch {
        // not valid
      }
    }
    cache.set(pointer, found);
  }
  return found;
}
/** Whether the schema at `pointer` has valid values (the generator finds one among SAMPLES). */
const satisfiable = (model: SpecModel, pointer: string): boolean => validValues(model, pointer).length > 0;

/**
 * The `oneOf`s that govern a value whose schema is `node` (at `pointer`): its own, or those of
 * its `allOf` parts, followed through `$ref`s (a base object `allOf` a `oneOf` of variants).
 */
function oneOfsAt(model: SpecModel, node: SpecNode | undefined, pointer: string | null, depth = 0): { node: SpecNode; pointer: string }[] {
  if (!node || !pointer || depth > 4) return [];
  if (Array.isArray(node.oneOf)) return [{ node, pointer }];
  if (!Array.isArray(node.allOf)) return [];
  return node.allOf.flatMap((part: unknown, i: number) => {
    const f = model.follow(part, `${pointer}/allOf/${i}`);
    return oneOfsAt(model, f.node, f.pointer, depth + 1);
  });
}

/** Whether a `oneOf`'s alternatives overlap: a value generated for one is valid for another too (so none is valid). */
function overlapping(model: SpecModel, node: SpecNode): boolean {
  const alts: unknown[] = node.oneOf;
  return alts.some((alt, i) => {
    let values: unknown[] = [];
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
interface InvalidValue {
  pointer: string;
  keyword: 'example' | 'default';
  value: unknown;
  meant: unknown;
}

function invalidValuesAt(
  model: SpecModel,
  node: SpecNode | undefined,
  pointer: string | null,
  whole: SpecNode | undefined = node,
  depth = 0,
): InvalidValue[] {
  if (!node || !pointer || depth > 4) return [];
  const accepts = (value: unknown): boolean => {
    try {
      return model.validateNode(whole, value);
    } catch {
      return true; // a schema our validator cannot compile proves nothing about its values
    }
  };
  const own: InvalidValue[] = [];
  for (const keyword of ['example', 'default'] as const) {
    const value = node[keyword];
    if (value === undefined || accepts(value)) continue;
    let meant: unknown;
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
    ? node.allOf.flatMap((part: unknown, i: number) => {
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
export function prismUnreadableAt(model: SpecModel, pointer: string): string | null {
  // the document as written: the model's own reads OAS 3.0 `nullable` already
  let first: string | null = null;
  walkSchemaAt(model.source, pointer, (node, at) => {
    if (first === null && typeof node.$ref !== 'string' && node.nullable !== undefined && node.type === undefined)
      first = formatPointer(at);
  });
  return first;
}

/** uncheckedReason when Prism compiled the schema: its validator accepted the body ours refuses. */
const READS_OTHERWISE = 'its validator (draft-07, allOf merged) reads this schema otherwise than JSON Schema 2020-12';

/** One place our validator refused a body at: the body's JSON pointer, the schema place with its keyword, and the message. */
interface RefusedAt {
  path: readonly string[];
  schemaPath: string;
  message: string;
}

/**
 * What a failure says when Prism's validator accepted a body ours (JSON Schema 2020-12) refuses:
 * the two disagree on it, so it is not the client's doing, nor proven a spec defect. Names where
 * ours refused (the body's JSON pointer) and by which keyword at which schema place, then, on a
 * line of its own, what to do: lint's action where a lint rule knows the keyword's problem (a
 * pattern that does not compile with the `u` flag, capi/pattern-syntax), else an overlay
 * rewriting the keyword so both read it alike. `cause`: an accepted finding it went through.
 */
function disagreement(
  body: string,
  refused: readonly RefusedAt[],
  model: SpecModel,
  {
    after = '',
    cause = '',
    prism = 'accepted',
    ours = '',
  }: { after?: string; cause?: string; prism?: 'accepted' | 'refused'; ours?: string } = {},
): string {
  const places = refused.slice(0, 5).map((r) => {
    const keyword = r.schemaPath.split('/').pop() ?? '';
    const at = r.path.length ? `/${r.path.map(escapeSegment).join('/')}` : 'the root';
    return r.schemaPath ? `at ${at} by \`${keyword}\` (${r.schemaPath}): ${r.message}` : `at ${at}: ${r.message}`;
  });
  const patterns = refused.flatMap((r) => {
    if (!r.schemaPath.endsWith('/pattern')) return [];
    const pattern = model.at(r.schemaPath);
    return typeof pattern === 'string' && unicodeProblem(pattern) ? [r.schemaPath] : [];
  });
  const todo = patterns.length
    ? `the pattern at ${patterns.join(', ')} is a spec defect lint's capi/pattern-syntax corrects (\`npm run lint:specs -- --fix\` writes its overlay action)`
    : 'no lint rule knows this difference: read the keyword named and rewrite it in the overlay so both read it alike (a `pattern` that means otherwise with the `u` flag Prism compiles with, a `format` one checks and the other does not, a keyword draft-07 and 2020-12 read differently), else report it';
  const where = `${places.join('; ')}${refused.length > 5 ? `; ... ${refused.length - 5} more` : ''}`;
  const who =
    prism === 'accepted'
      ? `Prism's validator accepted it, ours (JSON Schema 2020-12) refuses it ${where}${after}`
      : `Prism's validator (draft-07, allOf merged) refused it ${where}; ours (JSON Schema 2020-12) accepts ${ours}`;
  return `Prism's validation and ours disagree on the ${body}: ${who} (not a client defect)${cause}\nwhat to do: ${todo}`;
}

/**
 * The failure for a response body Prism's validator accepted (it compiled the schema and
 * reported nothing) and ours refuses, when the harness found no value ours accepts either.
 * Null when `violations` are not all ours (ours name their schema place) or are about headers.
 */
function responseDisagreement(
  violations: readonly Violation[],
  { status, specFile, model, cause }: { status: string | number | undefined; specFile: string; model: SpecModel; cause: string },
): string | null {
  const ours = violations.flatMap((v) => (v.schemaPath && !/^header\./.test(v.at) ? [{ ...v, schemaPath: v.schemaPath }] : []));
  if (!ours.length || ours.length !== violations.length) return null;
  const body = `${/\bresponse$/.test(String(status)) ? status : `${status} response`} body from ${specFile}`;
  return disagreement(body, ours, model, { after: ', and the harness found no value ours accepts', cause });
}

/**
 * Why Prism refused its own answer when its validator refuses every value of the response's
 * schema ours accepts (`prismAccepts`: Prism's validator of that body): the two validators
 * disagree; names where Prism refused (the body's JSON pointer) and by which keyword at which
 * schema place, and what to do. Null when Prism accepts one of them, or the violations are not
 * all Prism's about the body.
 */
function prismRefusal(
  violations: readonly Violation[],
  {
    model,
    response,
    status,
    specFile,
    prismAccepts,
    cause,
  }: {
    model: SpecModel;
    response: Response;
    status: string | number | undefined;
    specFile: string;
    prismAccepts: (value: unknown) => boolean;
    cause: string;
  },
): string | null {
  const pointer = response.schemaPointer;
  if (!pointer || violations.some((v) => v.schemaPath || /^header\./.test(v.at))) return null;
  const ours = validValues(model, pointer);
  if (!ours.length || ours.some((v) => prismAccepts(v))) return null;
  const refused = violations.map((v) => {
    const { pointer: at, rest } = model.schemaAt(pointer, v.path);
    const keyword = v.code && /^[A-Za-z$]+$/.test(v.code) ? v.code : '';
    return { path: v.path, schemaPath: !rest.length && at && keyword ? `${at}/${keyword}` : '', message: v.message };
  });
  const body = `${/\bresponse$/.test(String(status)) ? status : `${status} response`} body from ${specFile}`;
  return disagreement(body, refused, model, {
    prism: 'refused',
    ours: `${new Set(ours.map((v) => JSON.stringify(v))).size} value(s) of its schema the harness made, none of which Prism's accepts`,
    cause,
  });
}

/**
 * The failure for an invalid request body (a negative case) that Prism answered with a success
 * although it checks that body (an unchecked one is its limit, assertRequestChecked): its
 * validator accepted what ours refuses (`ours`: our check of the body). Null when ours accepts it.
 */
export function requestDisagreement(
  ours: Validation,
  { where, answered, model }: { where: string; answered: number; model: SpecModel },
): string | null {
  if (ours.ok) return null;
  const refused = ours.errors.flatMap((e, i) => {
    const schemaPath = ours.schemaPaths?.[i];
    if (!schemaPath) return [];
    const cut = e.indexOf(' ');
    const instancePath = e.slice(0, cut);
    return [{ path: instancePath === '/' ? [] : parsePointer(instancePath), schemaPath, message: e.slice(cut + 1) }];
  });
  if (!refused.length) return null;
  return disagreement(`${where} (Prism answered ${answered})`, refused, model);
}

/**
 * Why Prism reported nothing about an answer our own check refuses: the error of compiling its
 * schema the way Prism does (`compileError`, from the server's `uncheckedResponse`), with where
 * the schema has `nullable` without `type` when that is the error; else Prism reads it otherwise.
 */
export function uncheckedReason(compileError: string | null, model: SpecModel, schemaPointer: string): string {
  if (!compileError) return READS_OTHERWISE;
  const at = /nullable/.test(compileError) ? prismUnreadableAt(model, schemaPointer) : null;
  return `its validator cannot compile this schema (Ajv: ${compileError}${at ? `, e.g. at ${at}` : ''}; Prism 5.16 drops that error), so it never checked its answer`;
}

/**
 * Our own (JSON Schema 2020-12) check of a response body Prism sent, as violations in Prism's
 * shape (`where: 'response'`), for a body Prism answered without reporting any.
 */
export function answeredBodyViolations(model: SpecModel, schemaPointer: string, value: unknown): Violation[] {
  const { errors, schemaPaths = [] } = model.validate(schemaPointer, value);
  return errors.map((e, i): Violation => {
    const cut = e.indexOf(' ');
    const instancePath = e.slice(0, cut);
    const path = instancePath === '/' ? [] : parsePointer(instancePath); // '/' is how model.validate names the root
    const schemaPath = schemaPaths[i];
    return {
      where: 'response',
      at: ['body', ...path].join('.'),
      path,
      code: undefined,
      message: e.slice(cut + 1),
      ...(schemaPath ? { schemaPath } : {}),
    };
  });
}

/**
 * The schema places violations went through, for acceptedCause: the harness's own schemaPath
 * where it has one; else (Prism's violations name none) the schemas on the way from the body's
 * schema to the value, as far as the instance path can be followed (schemaAt), and the keyword
 * Prism names on the value's own schema (an accepted finding on another keyword of that schema,
 * or below a oneOf the path cannot be followed through, is not matched).
 */
function violationPlaces(model: SpecModel, schemaPointer: string | null | undefined, violations: readonly Violation[]): string[] {
  return violations.flatMap((v) => {
    if (v.schemaPath) return [v.schemaPath];
    if (!schemaPointer || /^header\./.test(v.at)) return [];
    const on = [...v.path.keys(), v.path.length].map((depth) => model.schemaAt(schemaPointer, v.path.slice(0, depth)));
    const places = on.flatMap((s) => (s.rest.length ? [] : [s.pointer]));
    // the keyword Prism names (its code: `pattern`, `type`) where the whole path was followed
    const last = on[on.length - 1];
    return last && !last.rest.length && v.code && /^[A-Za-z$]+$/.test(v.code) ? [...places, `${last.pointer}/${v.code}`] : places;
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
export interface ResponseJudging {
  model: SpecModel;
  /** The documented response the answer is judged against (undefined: the one Prism served, from `op` and `answered`). */
  response: Response | undefined;
  specFile: string;
  /** The status as the messages name it (`404`, `5XX (asked as 500)`, `error response`). */
  status: string | number | undefined;
  meta?: DefectNote | undefined;
  ctx?: Skipper | undefined;
  /** Why Prism reported nothing about an answer our own check refuses. */
  unreported?: string | undefined;
  op?: Operation | undefined;
  /** The status Prism answered. */
  answered?: number | undefined;
  /** The provider's accepted findings: a failure names one it went through (acceptedCause). */
  accepted?: Acceptances | undefined;
  /**
   * Prism's validator of a documented response's JSON body, by its status (the server's
   * prismAccepts for the operation), to tell its refusal of values ours accepts.
   */
  prismAccepts?: ((status: string) => ((value: unknown) => boolean) | null) | undefined;
}

export function assertNoResponseDefect(
  violations: readonly Violation[],
  { model, response, specFile, status, meta, ctx, unreported, op, answered, accepted, prismAccepts }: ResponseJudging,
): void {
  // no documented response given (an operation without an error response answered a negative
  // case): the violations are about the one Prism served, judged against that one
  const served = response ?? (op && answered !== undefined ? servedResponse(op, answered, violations) : undefined);
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
    mockLimitation(
      { meta, ctx },
      `Prism's mock cannot answer ${status} from ${specFile} (a mock limitation): ${cannot.map((v) => v.message).join('; ')}${found}`,
    );
  }
  const defects = violations.filter((v) => v.where === 'response');
  if (!defects.length) return;
  const actions: OverlayAction[] = [];
  const targets = new Set<string>();
  const overlaps: string[] = [];
  for (const v of defects.filter((d) => d.code === 'oneOf')) {
    if (!response?.schemaPointer) break;
    const { node, pointer, rest } = model.schemaAt(response.schemaPointer, v.path);
    if (rest.length) continue;
    for (const one of oneOfsAt(model, node, pointer)) {
      if (targets.has(one.pointer) || !overlapping(model, one.node)) continue;
      targets.add(one.pointer);
      overlaps.push(one.pointer);
    }
  }
  // moved together with the overlapping oneOfs they refer into (or that refer into them), every
  // `$ref` into a moved one pointed at its anyOf
  if (overlaps.length)
    actions.push(
      ...oneOfsToAnyOf(model.source, overlaps, (p) => {
        const node = getAt(model.source, parsePointer(p)) as SpecNode | undefined;
        return Array.isArray(node?.oneOf) && overlapping(model, node);
      }),
    );
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
  // on the first line: the report and the summary keep only that one (src/report/report.ts, failureLine)
  const list = defects
    .slice(0, 5)
    .map((v) => `${v.at || 'body'}: ${v.message}`)
    .join('; ');
  const more = `${defects.length > 5 ? `; ... ${defects.length - 5} more` : ''}${acceptedCause(accepted, violationPlaces(model, response?.schemaPointer, defects))}`;
  // the schema each violation is about: the body's, or a header's (Prism's static mock answers
  // a header it has no example for with "string", whatever its format)
  const governing = [
    ...new Set(defects.map((v) => (/^header\./.test(v.at) ? headerSchemaAt(model, response, v.path[0]) : response?.schemaPointer))),
  ];
  if (!actions.length && governing.length && governing.every((p) => p && satisfiable(model, p))) {
    // Prism refused its answer, and refuses every value of the schema ours accepts: the two
    // validators disagree (still the mock's limit for this case: Prism can answer nothing valid)
    const cause = acceptedCause(accepted, violationPlaces(model, response?.schemaPointer, defects));
    // Prism's validator compiled as Prism does (a second of CPU for a large schema: stripe.com's
    // lists) only to word the reason: asked when the reason is read
    const refusing = (): string | null => {
      const prismValidator = response && !unreported ? prismAccepts?.(response.status) : null;
      return prismValidator && response
        ? prismRefusal(defects, { model, response, status, specFile, prismAccepts: prismValidator, cause })
        : null;
    };
    const plain = `Prism's mock made an invalid ${/\bresponse$/.test(String(status)) ? status : `${status} response`}${note}${unreported ? ` and reported nothing (${unreported})` : ''} although the schema at ${governing.join(', ')} has valid values (a mock limitation, not a spec or client defect): ${list}${more}`;
    if (!ctx) deferredMockLimitation(meta, plain, refusing);
    const refused = refusing();
    if (refused) mockLimitation({ meta, ctx, invalidAnswer: true }, refused);
    mockLimitation({ meta, ctx, invalidAnswer: true }, plain);
  }
  // a schema no value satisfies because its enum holds values of another type (an array's enum
  // listing item values): lint's no-enum-type-mismatch action
  if (!actions.length) for (const p of governing) if (p) actions.push(...enumMismatchFixes(model, p, targets));
  if (!actions.length) {
    // Prism's validator accepted what ours refuses (it compiled the schema): the two disagree
    const cause = acceptedCause(accepted, violationPlaces(model, response?.schemaPointer, defects));
    const disagree = unreported === READS_OTHERWISE ? responseDisagreement(defects, { status, specFile, model, cause }) : null;
    if (disagree) throw new Error(disagree);
    // no cause found that an action corrects: not called a spec defect (the generator may have
    // missed the schema's values as well); a failure left for a person, with where to look. What
    // the harness searched is said as it was: a violation no schema governs (no documented
    // response covers the answer, a body of no JSON schema, an undocumented header) was judged
    // against nothing, and no value was looked for
    const searched = governing.filter((p): p is string => Boolean(p));
    const valueless = searched.filter((p) => !satisfiable(model, p));
    const unread = defects.filter((v) => !(/^header\./.test(v.at) ? headerSchemaAt(model, response, v.path[0]) : response?.schemaPointer));
    const without = unread.length ? noSchemaReason(response, unread, answered) : '';
    const answer = `Prism answered an invalid ${status}${note} from ${specFile}${unreported ? ` (Prism reported nothing: ${unreported})` : ''}`;
    if (!valueless.length)
      throw new Error(
        `${answer}, and there is no schema to judge it by: ${without}; the harness searched for no valid value, so nothing tells a spec defect from the mock's limit, and no correction is suggested: ${list}${more}\nread the spec where the answer is documented: document the response (and its JSON schema) Prism answers there, else accept the finding`,
      );
    throw new Error(
      `${answer}, and the harness found no valid value of the schema at ${valueless.join(', ')} either: a spec defect or the harness's limit, not told apart, so no correction is suggested${without ? ` (and ${without}, judged against no schema)` : ''}: ${list}${more}\nread that schema: correct it in the overlay if no value satisfies it, else report the harness's limit`,
    );
  }
  if (meta && actions.length) meta.fix = actions; // collected into overlay.suggested.yaml by the conformance CLI
  const fix = `\nput in the overlay:\n${actionsYaml(actions)}`;
  throw new SpecDefect(
    `Prism cannot answer a valid ${status}${note} from ${specFile}: the spec's own response is invalid there (a spec defect, not a client one${unreported ? `; Prism reported nothing: ${unreported}` : ''}): ${list}${more}${fix}`,
  );
}

/**
 * A spec defect found in Prism's answer (its message names the overlay actions that correct it,
 * recorded in the case's meta.fix): the spec's own response, whatever the request, so a property
 * stops at the first (contract-suite.ts, stopAtDefect).
 */
export class SpecDefect extends Error {}

/**
 * The documented response of `op` that Prism served as its answer `answered` (an HTTP status):
 * that status's own, unless it is Prism's 500 for a response it could not make valid; then the
 * one its negotiator picked for a request it found valid and no `Prefer` (Prism 5.16: the lowest
 * 2xx, else `default`, else the first documented). Undefined when it cannot be told (a request
 * Prism found invalid: the caller's error response).
 */
export function servedResponse(op: Operation, answered: number, violations: readonly Violation[] = []): Response | undefined {
  // Prism's own 500: for an answer it made invalid, or one it could not make at all (no
  // serializer for the response's media type: lgtm's application/x-yaml)
  const own = answered === 500 && violations.some((v) => v.where === 'response' || v.where === 'prism');
  if (!own) return op.responses.find((r) => r.status === String(answered));
  if (violations.some((v) => v.where === 'request')) return undefined;
  return unaskedResponse(op);
}

/** The response Prism serves a valid request that asks for none: the lowest 2xx, else `default` (as 200), else the first documented. */
export function unaskedResponse(op: Operation): Response | undefined {
  const lowest2xx = op.responses.filter((r) => /^2(\d\d|XX)$/.test(r.status)).sort((a, b) => (a.status < b.status ? -1 : 1))[0];
  return lowest2xx ?? op.responses.find((r) => r.status === 'default') ?? op.responses[0];
}

/**
 * Why the violations `unread` have no schema the harness could judge them by (nor search for a
 * valid value of): no documented response covers the answer, the response documents no JSON
 * body schema, or a header it answers is not documented (with a schema).
 */
function noSchemaReason(response: Response | undefined, unread: readonly Violation[], answered: number | undefined): string {
  if (!response) return `no documented response of the operation covers Prism's answer${answered === undefined ? '' : ` (${answered})`}`;
  const body = unread.some((v) => !/^header\./.test(v.at));
  const headers = [...new Set(unread.filter((v) => /^header\./.test(v.at)).map((v) => String(v.path[0])))];
  return [
    ...(body
      ? [`the ${response.status} response documents no JSON body schema (a media type the harness does not read as JSON, or none)`]
      : []),
    ...(headers.length ? [`the ${response.status} response documents no schema for the header(s) ${headers.join(', ')}`] : []),
  ].join(', and ');
}

/** The schema pointer of a response header (its name in any case), $refs followed; null when the response documents none. */
function headerSchemaAt(model: SpecModel, response: Response | undefined, name: string | undefined): string | null {
  if (!response?.pointer || typeof name !== 'string') return null;
  const headers = model.at(`${response.pointer}/headers`);
  const map = (headers && typeof headers === 'object' ? headers : {}) as SpecNode;
  const key = Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return null;
  const { node, pointer } = model.follow(map[key], `${response.pointer}/headers/${escapeSegment(key)}`);
  return node?.schema !== undefined && pointer ? `${pointer}/schema` : null;
}

function mockLimitation(
  { meta, ctx, invalidAnswer = false }: { meta?: DefectNote | undefined; ctx?: Skipper | undefined; invalidAnswer?: boolean },
  reason: string,
): never {
  // Prism's problem may carry a stack with local paths: not into the report
  const tidy = tidyReason(reason);
  if (meta) {
    meta.limitation = 'mock';
    meta.reason = tidy;
  }
  if (ctx) ctx.skip(tidy);
  throw Object.assign(new MockLimitation(tidy), { invalidAnswer });
}

/**
 * mockLimitation of an invalid answer thrown for a caller that may still take another route (a
 * status case's dynamic mock or proxy, src/judge's callers without `ctx`): its reason, `refine()`
 * when that names more than `plain` (prismRefusal), is worked out when first read (the error's
 * message, or meta.reason), so an answer the dynamic mock then makes valid costs nothing more.
 */
function deferredMockLimitation(meta: DefectNote | undefined, plain: string, refine: () => string | null): never {
  let told: string | undefined;
  const reason = (): string => {
    told ??= tidyReason(refine() ?? plain);
    return told;
  };
  // a property that holds its value once written (askDynamic deletes it, skipAsMock writes it)
  const lazy = (target: object, key: string, enumerable: boolean) =>
    Object.defineProperty(target, key, {
      configurable: true,
      enumerable,
      get: reason,
      set(value: unknown) {
        Object.defineProperty(target, key, { value, writable: true, enumerable, configurable: true });
      },
    });
  if (meta) {
    meta.limitation = 'mock';
    lazy(meta, 'reason', true);
  }
  const err = Object.assign(new MockLimitation(tidyReason(plain)), { invalidAnswer: true });
  lazy(err, 'message', false);
  throw err;
}
