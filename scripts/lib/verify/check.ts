// One exchange with a real server (or a recording of one) against the effective spec, with the
// same JSON Schema 2020-12 validation the contract tests use (spec-model.ts `validate`), and for
// each divergence the overlay action that makes the contract say what the server did:
//   - a status the operation does not document: documented, the observed body its example and a
//     schema inferred from it;
//   - a media type the response does not declare: declared, with the same;
//   - null where the schema allows none: the schema admits null;
//   - another type than the schema's: that type admitted too;
//   - a value its enum does not list: added to the enum;
//   - a required property missing: no longer required;
//   - a property a closed object does not declare: declared, with a schema inferred from it;
//   - a required response header missing: no longer required.
// Anything else (a pattern, a format, a bound) is a divergence with no mechanical action: a
// person decides whether the server or the spec is wrong.
import { escapeSegment, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import type { OverlayAction } from '../defects/types.ts';
import { typedPath } from '../build/defect-actions.ts';
import { isObject, mediaEssence, mediaKind, type Operation, type Response, type SpecModel } from '../spec/spec-model.ts';
import { inferSchema, jsonType } from './infer-schema.ts';

/** An HTTP exchange as verify sees it: headers lower-cased, bodies as text. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string | undefined };
  response: { status: number; headers: Record<string, string>; body: string };
}

type DivergenceKind = 'status' | 'media-type' | 'body' | 'header';

/** What the server did that the effective spec does not say. */
export interface Divergence {
  /** "METHOD /path" */
  operation: string;
  case: string;
  kind: DivergenceKind;
  /** where: `response 200 body /data/phone`, `response 422`, `response 200 header X-Request-Id` */
  where: string;
  message: string;
  /** the overlay actions that make the spec match (in order), none when no mechanical one exists */
  actions: OverlayAction[];
}

/** What the suggested actions say they fix (the `x-fixes` of every verify action). */
export const VERIFY_FIXES = ['verify'];

/** The documented response an answered status falls under: its own, its range's (4XX), else `default`. */
function documentedResponse(op: Operation, status: number): Response | undefined {
  const s = String(status);
  return (
    op.responses.find((r) => r.status === s) ??
    op.responses.find((r) => r.status.toUpperCase() === `${s[0]}XX`) ??
    op.responses.find((r) => r.status === 'default')
  );
}

/** A JSON pointer of the document (`#/a/b`) as an overlay target (array indexes as numbers). */
const targetOf = (model: SpecModel, pointer: string): string => jsonPathOf(typedPath(model.doc, parsePointer(pointer)));

/** An instance path of Ajv (`/data/0/phone`, `/` for the root) as segments. */
function instanceSegments(path: string): string[] {
  return path === '/' || path === '' ? [] : parsePointer(path);
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const seg of path) v = isObject(v) ? v[seg] : Array.isArray(v) ? v[Number(seg)] : undefined;
  return v;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** How a body is shown in a message: its first characters. */
const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/**
 * The divergences of one exchange. `redact`: applied to every observed value an action keeps
 * (an example body), so no credential reaches an overlay.
 */
export function checkExchange(
  model: SpecModel,
  op: Operation,
  caseName: string,
  exchange: Exchange,
  { redact = (v: unknown) => v }: { redact?: (value: unknown) => unknown } = {},
): Divergence[] {
  const out: Divergence[] = [];
  const { status, headers, body } = exchange.response;
  const add = (kind: DivergenceKind, where: string, message: string, ...actions: OverlayAction[]) =>
    out.push({ operation: op.key, case: caseName, kind, where, message, actions });
  const contentType = headers['content-type'] ?? '';
  const essence = mediaEssence(contentType);
  const parsed = body.length && mediaKind(essence) === 'json' ? parseJson(body) : undefined;
  const observed = parsed?.ok ? redact(parsed.value) : undefined;
  const observedMedia = () => {
    if (!body.length) return undefined;
    if (parsed?.ok) return { [essence]: { schema: inferSchema(parsed.value), example: observed } };
    return { [essence || 'application/octet-stream']: {} };
  };
  const documented = documentedResponse(op, status);
  if (!documented) {
    const content = observedMedia();
    add(
      'status',
      `response ${status}`,
      `${op.key} answered ${status}, which it does not document (documented: ${op.responses.map((r) => r.status).join(', ')})`,
      {
        target: targetOf(model, `${op.pointer}/responses`),
        description: `The server answered ${status} to ${op.key} (capi verify, case "${caseName}"), which upstream does not document: documented with the observed body as its example and a schema inferred from it.`,
        update: { [String(status)]: { description: `Observed by capi verify (case "${caseName}").`, ...(content ? { content } : {}) } },
        'x-fixes': VERIFY_FIXES,
      },
    );
    return out;
  }
  const where = `response ${documented.status}${documented.status === String(status) ? '' : ` (answered ${status})`}`;
  // documented headers the answer lacks (only the required ones: an optional header may be absent)
  const responseNode = model.at(documented.pointer);
  const documentedHeaders = isObject(responseNode) && isObject(responseNode.headers) ? responseNode.headers : {};
  for (const [name, raw] of Object.entries(documentedHeaders)) {
    const h = model.resolve(raw);
    if (name.toLowerCase() === 'content-type' || h?.required !== true || headers[name.toLowerCase()] !== undefined) continue;
    add('header', `${where} header ${name}`, `${op.key} answered ${status} without the required header ${name}`, {
      target: targetOf(model, `${documented.pointer}/headers/${escapeSegment(name)}`),
      description: `The server answered ${status} to ${op.key} without the header ${name} (capi verify, case "${caseName}"), which upstream documents as required: not required.`,
      update: { required: false },
      'x-fixes': VERIFY_FIXES,
    });
  }
  if (!body.length) return out;
  const media = documented.media.find((m) => m.essence === essence);
  if (!media) {
    if (!documented.media.length && !parsed?.ok) return out; // no content documented, none meaningful sent
    add(
      'media-type',
      where,
      `${op.key} answered ${status} as ${essence || '(no Content-Type)'}, which the response does not declare (declared: ${documented.media.map((m) => m.essence).join(', ') || 'none'})`,
      {
        target: targetOf(model, documented.pointer),
        description: `The server answered ${status} to ${op.key} as ${essence || 'application/octet-stream'} (capi verify, case "${caseName}"), which upstream does not declare: declared with the observed body as its example.`,
        update: { content: observedMedia() },
        'x-fixes': VERIFY_FIXES,
      },
    );
    return out;
  }
  if (!media.json || !media.schemaPointer) return out;
  if (!parsed?.ok) {
    add('body', where, `${op.key} answered ${status} with a body that is not JSON although its media type is ${essence}`);
    return out;
  }
  const { errors } = model.validate(media.schemaPointer, parsed.value);
  const seen = new Set<string>();
  for (const e of errors) {
    // `<instance path> <message>`: a key may hold spaces ("Travel Card"); Ajv's messages start with "must"
    const must = e.indexOf(' must ');
    const cut = must >= 0 ? must : e.indexOf(' ');
    const path = instanceSegments(e.slice(0, cut));
    const message = e.slice(cut + 1);
    const at = `${where} body /${path.join('/')}`;
    for (const d of bodyDivergence(model, media.schemaPointer, path, message, parsed.value, { op, caseName, status, observed })) {
      const key = d.actions.length ? JSON.stringify(d.actions.map((a) => [a.target, a.update, a.remove])) : d.message;
      if (seen.has(key)) continue;
      seen.add(key);
      add('body', at, d.message, ...d.actions);
    }
  }
  return out;
}

/** The divergence an Ajv error stands for, and the actions that make the spec match (none when no mechanical one). */
function bodyDivergence(
  model: SpecModel,
  schemaPointer: string,
  path: string[],
  message: string,
  body: unknown,
  { op, caseName, status, observed }: { op: Operation; caseName: string; status: number; observed: unknown },
): { message: string; actions: OverlayAction[] }[] {
  const { node, pointer, rest } = model.schemaAt(schemaPointer, path);
  const value = valueAt(body, path);
  // what a message or an action may show: the redacted body's value (a credential-like key's is [REDACTED])
  const seenValue = valueAt(observed, path);
  const field = path.length ? path.join('.') : 'the body';
  const said = `${op.key} answered ${status}: ${field} ${message}`;
  const why = `(capi verify, case "${caseName}")`;
  const action = (description: string, change: Pick<OverlayAction, 'update' | 'remove'>, target = targetOf(model, pointer)) => ({
    target,
    description,
    ...change,
    'x-fixes': VERIFY_FIXES,
  });
  // a oneOf/anyOf/allOf the path could not be followed through: no single schema to change
  if (!node || rest.length) return [{ message: `${said} (no action: the schema there is a composition a person reads)`, actions: [] }];
  const types = node.type === undefined ? [] : [node.type].flat();
  // another type admitted: a list of types gets it appended (overlay updates append to a list);
  // a single type is removed first, since an update cannot turn a string into a list
  const admit = (type: string, description: string): OverlayAction[] =>
    Array.isArray(node.type)
      ? [action(description, { update: { type: [type] } })]
      : [
          action(`${description} (step 1 of 2: the single type removed)`, { remove: true }, `${targetOf(model, pointer)}.type`),
          action(`...(step 2 of 2) the type as a list with ${type}.`, { update: { type: [node.type, type] } }),
        ];
  if (/^must be (\w+,?)+$/.test(message) && types.length) {
    const seen = jsonType(value);
    if (seen === 'null') {
      const description = `The server answered ${field} as null ${why}; upstream does not allow null there: nullable.`;
      const oas30 = /^3\.0\./.test(model.openapi);
      return [
        {
          message: `${said} (null where the schema allows none)`,
          actions: oas30 ? [action(description, { update: { nullable: true } })] : admit('null', description),
        },
      ];
    }
    const added = seen === 'integer' && types.includes('number') ? 'number' : seen;
    return [
      {
        message: `${said} (answered a${/^[aeiou]/.test(added) ? 'n' : ''} ${added})`,
        actions: admit(
          added,
          `The server answered ${field} as ${added} ${why}; upstream says ${types.join(' or ')}: ${added} admitted too.`,
        ),
      },
    ];
  }
  if (/^must be equal to one of the allowed values$/.test(message) && Array.isArray(node.enum)) {
    return [
      {
        message: `${said}: ${shown(seenValue)} is not listed`,
        // overlay updates append to a list: the new value joins the enum
        actions: [
          action(`The server answered ${field} as ${shown(seenValue)} ${why}, a value upstream's enum does not list: added.`, {
            update: { enum: [seenValue] },
          }),
        ],
      },
    ];
  }
  const missing = /^must have required property '(.+)'$/.exec(message)?.[1];
  if (missing !== undefined && Array.isArray(node.required) && node.required.includes(missing)) {
    const index = node.required.indexOf(missing);
    return [
      {
        message: said,
        actions: [
          action(
            `The server answered ${field === 'the body' ? 'a body' : field} without ${missing} ${why}, which upstream requires: not required.`,
            { remove: true },
            targetOf(model, `${pointer}/required/${index}`),
          ),
        ],
      },
    ];
  }
  if (/^must NOT have additional properties$/.test(message) && isObject(value)) {
    const declared = isObject(node.properties) ? node.properties : {};
    const extra = Object.keys(value).filter((k) => !(k in declared));
    return extra.map((k) => ({
      message: `${said}: ${k}`,
      actions: [
        action(
          `The server answered ${field === 'the body' ? 'a body' : field} with the property ${k} ${why}, which upstream's closed object does not declare: declared, with a schema inferred from the value seen.`,
          { update: { properties: { [k]: inferSchema(value[k]) } } }, // the type only: no value
        ),
      ],
    }));
  }
  return [{ message: `${said} (no mechanical action: decide whether the server or the spec is right)`, actions: [] }];
}
