// The cases `capi verify` sends to a real server, per operation, from the effective spec: only
// those with no side effect unless writes are allowed.
//   - reads (GET/HEAD): sent as they are, to the record `--id` names when the path takes an id;
//   - no credentials, wrong credentials (an operation that requires some): the documented 401;
//   - an unknown id (a path with a parameter): the documented 404;
//   - an invalid body per documented constraint of the request body (a wrong type, null where
//     none is allowed, a value its enum does not list, a malformed format, a pattern broken, a
//     required field missing): the documented 400/422 (or the 404 of the id: a server may look
//     the record up first). They go to the unknown id, never to a real record: a server that
//     accepts an invalid body must not change anything by it;
//   - a valid write to the `--id` record: only with `--allow-writes`.
import { isObject, type Operation, type SpecModel } from '../spec/spec-model.ts';
import type { Divergence, Exchange } from './check.ts';

type CaseKind = 'read' | 'no-credentials' | 'wrong-credentials' | 'unknown-id' | 'invalid-body' | 'write';
export type Credentials = 'valid' | 'wrong' | 'none';

interface VerifyCase {
  /** a name unique within its operation: it names the recording file too */
  name: string;
  kind: CaseKind;
  op: Operation;
  credentials: Credentials;
  /** the path parameters' values */
  path: Record<string, string>;
  /** the JSON body, when one is sent */
  body?: unknown;
  /** the status family the case expects (for the table only: the check is what the spec says) */
  expect: string;
}

/** A case as sent: the exchange, its divergences, or why it has no answer. */
export interface CaseResult {
  case: VerifyCase;
  exchange?: Exchange;
  divergences: Divergence[];
  /** why no answer was checked (a network error, the request budget spent) */
  problem?: string;
}

interface CaseOptions {
  /** the id of a record the cases may read (and, with allowWrites, change) */
  id?: string | undefined;
  allowWrites: boolean;
  /** a well-formed id of no record */
  unknownId?: string | undefined;
  /** the body of the write case */
  write?: unknown;
  /** the most invalid-body cases per operation */
  maxInvalid?: number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORMAT_BREAKERS: Record<string, string> = {
  email: 'not-an-email',
  date: '15/01/1990',
  'date-time': 'yesterday',
  uuid: 'not-a-uuid',
  uri: 'not a uri',
};

/** A well-formed value of no record: the parameter's example (or a placeholder) with its letters and digits zeroed. */
export function unknownIdFor(op: Operation): string {
  const p = op.pathParams[0];
  const schema = isObject(p?.schema) ? p.schema : {};
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if ([schema.type].flat().includes('integer')) return '999999999';
  const example = p?.example ?? schema.example ?? p?.examples[0];
  const base = typeof example === 'string' && example ? example : 'capi-verify-unknown-0000';
  return base.replace(/[A-Za-z1-9]/g, '0');
}

/** A valid body of the operation: its example when the schema accepts it, else `fallback`. */
function validBody(model: SpecModel, op: Operation, fallback: unknown): unknown {
  const media = op.requestBody?.preferred;
  if (!media?.json) return undefined;
  const example = media.example ?? (isObject(media.schema) ? model.resolve(media.schema)?.example : undefined);
  if (example !== undefined && media.schemaPointer && model.validate(media.schemaPointer, example).ok) return example;
  return fallback ?? {};
}

/** Bodies that each break one documented constraint of the request body's top-level properties. */
function invalidBodies(model: SpecModel, op: Operation, base: unknown, max: number): { name: string; body: unknown }[] {
  const media = op.requestBody?.preferred;
  if (!media?.json) return [];
  const schema = model.resolve(media.schema);
  if (!schema) return [];
  const out: { name: string; body: unknown }[] = [];
  const types = [schema.type ?? []].flat();
  if (types.length && !types.includes('array')) out.push({ name: 'invalid body: not an object (an array)', body: [] });
  const obj = isObject(base) ? base : {};
  const set = (k: string, v: unknown) => ({ ...obj, [k]: v });
  for (const [k, raw] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const p = model.resolve(raw);
    if (!p || p.readOnly === true) continue;
    const ptypes = [p.type ?? []].flat();
    if (Array.isArray(p.enum))
      out.push({ name: `invalid body: ${k} not in its enum`, body: set(k, `not-${p.enum.join('-')}`.slice(0, 60)) });
    else if (typeof p.format === 'string' && FORMAT_BREAKERS[p.format] && ptypes.includes('string'))
      out.push({ name: `invalid body: ${k} not a valid ${p.format}`, body: set(k, FORMAT_BREAKERS[p.format]) });
    else if (typeof p.pattern === 'string' && ptypes.includes('string'))
      out.push({ name: `invalid body: ${k} does not match its pattern`, body: set(k, '~') });
    else if (ptypes.length && !ptypes.includes('null') && !ptypes.includes('object'))
      out.push({ name: `invalid body: ${k} of the wrong type`, body: set(k, ptypes.includes('string') ? 12345 : 'not-a-number') });
  }
  for (const r of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof r !== 'string' || !(r in obj)) continue;
    const { [r]: _gone, ...rest } = obj;
    out.push({ name: `invalid body: required ${r} missing`, body: rest });
  }
  // only bodies the spec itself refuses (a constraint an anyOf relaxes is none)
  const check = media.schemaPointer;
  return out.filter((c) => !check || !model.validate(check, c.body).ok).slice(0, max);
}

/** The cases of every operation, in the spec's order. */
export function verifyCases(model: SpecModel, opts: CaseOptions): VerifyCase[] {
  const out: VerifyCase[] = [];
  for (const op of model.operations) {
    const params = op.pathParams;
    const unknown = opts.unknownId ?? unknownIdFor(op);
    const pathWith = (id: string) => Object.fromEntries(params.map((p) => [p.name, id]));
    const known = opts.id !== undefined ? pathWith(opts.id) : undefined;
    const missing = pathWith(unknown);
    const body = validBody(model, op, opts.write);
    const withBody = body === undefined ? {} : { body };
    const read = READS.has(op.method);
    if (read && (!params.length || known))
      out.push({ name: 'read', kind: 'read', op, credentials: 'valid', path: known ?? {}, expect: '2xx' });
    if (!op.anonymous) {
      const target = read && known ? known : params.length ? missing : known;
      // a write without a path id has no record to miss: sent only where it cannot change anything
      if (target || read) {
        out.push({
          name: 'no credentials',
          kind: 'no-credentials',
          op,
          credentials: 'none',
          path: target ?? {},
          ...withBody,
          expect: '401',
        });
        out.push({
          name: 'wrong credentials',
          kind: 'wrong-credentials',
          op,
          credentials: 'wrong',
          path: target ?? {},
          ...withBody,
          expect: '401',
        });
      }
    }
    if (params.length)
      out.push({ name: 'unknown id', kind: 'unknown-id', op, credentials: 'valid', path: missing, ...withBody, expect: '404' });
    if (!read && (params.length || opts.allowWrites))
      for (const c of invalidBodies(model, op, body, opts.maxInvalid ?? 8))
        out.push({
          name: c.name,
          kind: 'invalid-body',
          op,
          credentials: 'valid',
          path: params.length ? missing : {},
          body: c.body,
          expect: '4xx',
        });
    if (!read && opts.allowWrites && (known || !params.length))
      out.push({ name: 'write', kind: 'write', op, credentials: 'valid', path: known ?? {}, ...withBody, expect: '2xx' });
  }
  return out;
}
