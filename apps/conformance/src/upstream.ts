// The generated upstream: when Prism's mock cannot make a valid answer for a documented
// (operation, status) pair (no serializer for the media type, an invalid generated value, a
// schema its validator cannot read), the contract suite tests that pair through Prism in proxy
// mode instead. The client's call is real and so is Prism's validation of the request and of the
// answer; only the answer's value comes from here: an HTTP server on 127.0.0.1 (port 0) that
// answers each request with the answer registered for the token in its ANSWER_HEADER, a value
// generated valid for the documented response (its schema, its media type, its required headers).
import { type Server, createServer } from 'node:http';
import { listenLocal } from '@capi/core/fake';
import fc from 'fast-check';
import type { Media, Response, SpecModel, SpecNode } from '@capi/scripts/lib/spec/spec-model.ts';
import { escapeSegment } from '@capi/scripts/lib/spec/json-pointer.ts';
import { validArbitrary } from './request/arbitraries.ts';

/** The request header that names the registered answer (Prism forwards it to the upstream). */
export const ANSWER_HEADER = 'x-capi-answer';

/** What the upstream answers one request with. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  /** text, or nothing (a status without content) */
  body?: string;
  /** the media type answered (for the report and the messages) */
  media?: string;
}

/** An upstream on 127.0.0.1: `register` an answer, send its token in ANSWER_HEADER. */
export interface Upstream {
  readonly url: string;
  /** The token of `answer`, for one request (the header value). */
  register(answer: UpstreamAnswer): string;
  close(): Promise<void>;
}

/**
 * Answers registered and not yet asked for that the upstream keeps: beyond them the oldest is
 * dropped (a request Prism refused before forwarding never comes for its answer).
 */
export const PENDING_ANSWERS = 1000;

/**
 * Starts the upstream. A request without a registered token gets 501, which Prism reads as
 * "mock it" (the case then says so). A token answers one request: its answer is dropped once
 * served, so a long run keeps at most PENDING_ANSWERS of them.
 */
export async function startUpstream(): Promise<Upstream> {
  const answers = new Map<string, UpstreamAnswer>();
  let next = 0;
  // lenient framing: Prism's forwarder copies the client's `Transfer-Encoding: chunked` (a body
  // sent as a stream) onto a request whose body it re-serialised with a Content-Length, which a
  // strict parser refuses (400, "Content-Length can't be present with Transfer-Encoding") before
  // any answer: Prism then judged that 400 instead of ours
  const server: Server = createServer({ insecureHTTPParser: true }, (req, res) => {
    req.resume(); // the request body is Prism's to validate, not ours
    req.on('end', () => {
      const token = String(req.headers[ANSWER_HEADER] ?? '');
      const answer = answers.get(token);
      answers.delete(token);
      if (!answer) {
        res.writeHead(501, { 'content-type': 'text/plain' });
        res.end(`no answer registered for ${ANSWER_HEADER}`);
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    });
  });
  const url = await listenLocal(server);
  return {
    url,
    register(answer) {
      const token = `a${++next}`;
      answers.set(token, answer);
      // a Map iterates in insertion order: the first key is the oldest answer
      if (answers.size > PENDING_ANSWERS) answers.delete(answers.keys().next().value as string);
      return token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Candidates drawn when looking for a valid value. */
const SAMPLES = 50;

/** A concrete media type for one written with a wildcard (`*\/*`, `text/*`): what an answer's Content-Type can say. */
export function concreteMediaType(type: string): string {
  const [essence, ...params] = type.split(';');
  const [top, sub] = essence.trim().toLowerCase().split('/');
  const concrete =
    top === '*' ? 'application/octet-stream' : sub === '*' ? (top === 'text' ? 'text/plain' : `${top}/octet-stream`) : essence.trim();
  return [concrete, ...params.map((p) => p.trim())].join('; ');
}

/**
 * The first of SAMPLES values generated for the schema at `pointer` (as a response: readOnly in,
 * writeOnly out) that it accepts, else undefined. The first value is drawn alone first: with the
 * same seed, fast-check draws the same values in the same order however many are asked, so when
 * that one is accepted (and no null) it is the answer the SAMPLES would give, and the other 49
 * are never made (a large response schema, stripe's: most of a contract worker's generation;
 * docs/conformance.md, Speed).
 */
function validValue(model: SpecModel, schema: unknown, accepts: (v: unknown) => boolean, seed: number): unknown {
  const ok = (v: unknown): boolean => {
    try {
      return v !== undefined && accepts(v);
    } catch {
      return false;
    }
  };
  const draw = (numRuns: number): unknown[] | undefined => {
    try {
      return fc.sample(validArbitrary(schema ?? {}, model.resolve, 0, 'response'), { numRuns, seed });
    } catch {
      return undefined;
    }
  };
  const first = draw(1);
  if (first === undefined) return undefined;
  if (first[0] !== null && ok(first[0])) return first[0];
  const values = draw(SAMPLES);
  if (values === undefined) return undefined;
  // a top-level null is read as no body at all (Prism then finds no media type): one that is
  // something else first, where the schema has such values
  return values.find((v) => v !== null && ok(v)) ?? values.find(ok);
}

/** A header value as it goes on the wire (OAS `simple` style). */
function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(',');
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k},${headerText(v)}`)
      .join(',');
  return String(value);
}

/** Headers the transport writes (and Prism's answer carries its own): never answered from the spec. */
const TRANSPORT = /^(content-type|content-length|transfer-encoding|connection|keep-alive|content-encoding|upgrade|trailer|te)$/i;

/**
 * The answer to give for the documented response `response`, asked as `status`: its JSON media
 * type where it has one (else its first), with a body generated valid for the media type's schema
 * (`seed`: the property seed, so a run replays), and every required header with a valid value.
 * Returns `{ why }` when no valid value was found for the body or a required header.
 */
export function generatedAnswer(model: SpecModel, response: Response, status: number, seed: number): Generated {
  // the same pair asked again (each of the suite's clients, each negative case answered through
  // the proxy): the same answer, made once (nothing here changes an answer once made)
  let made = answers.get(response);
  if (!made) {
    made = new Map();
    answers.set(response, made);
  }
  const key = `${status} ${seed}`;
  let found = made.get(key);
  if (!found) {
    found = generate(model, response, status, seed);
    made.set(key, found);
  }
  return found;
}

type Generated = { answer: UpstreamAnswer; why?: undefined } | { answer?: undefined; why: string };
const answers = new WeakMap<Response, Map<string, Generated>>();

function generate(model: SpecModel, response: Response, status: number, seed: number): Generated {
  const headers: Record<string, string> = {};
  const documented = model.at(`${response.pointer}/headers`);
  for (const [name, h] of Object.entries((documented && typeof documented === 'object' ? documented : {}) as SpecNode)) {
    if (TRANSPORT.test(name)) continue;
    const { node, pointer } = model.follow(h, `${response.pointer}/headers/${escapeSegment(name)}`);
    if (!node?.required) continue;
    const schema = node.schema ?? node.content?.[Object.keys(node.content ?? {})[0]]?.schema;
    const value = validValue(model, schema, (v) => schema === undefined || model.validateNode(schema, v), seed);
    if (value === undefined || value === null)
      return {
        why: `no valid value for its required header ${name} (its schema at ${pointer}/schema admits none the generator could make)`,
      };
    headers[name] = headerText(value);
  }
  const media: Media | undefined = response.json ?? response.media[0];
  if (!media || [204, 205, 304].includes(status) || status < 200) return { answer: { status, headers } };
  const type = concreteMediaType(media.type);
  headers['content-type'] = type;
  const accepts = (v: unknown): boolean =>
    media.schemaPointer ? model.validate(media.schemaPointer, v).ok : media.schema === undefined || model.validateNode(media.schema, v);
  const example = media.example;
  if (media.json) {
    // the spec's example when its schema accepts it, else a generated value (never a top-level
    // undefined: JSON has none)
    const value = example !== undefined && accepts(example) ? example : validValue(model, media.schema, accepts, seed);
    if (value === undefined)
      return { why: `no valid ${media.type} value for the schema at ${media.schemaPointer} among ${SAMPLES} generated` };
    return { answer: { status, headers, body: JSON.stringify(value), media: type } };
  }
  // any other media type is text or bytes on the wire: a string its schema accepts where it has
  // one of type string, else a few bytes of text (a binary body has nothing to check)
  const schema = media.schema === undefined ? undefined : model.resolve(media.schema);
  // a schema of another type (ebay.com's application/pdf as an array of strings): Prism checks the
  // text it forwards against it, and no text is an array; no answer to give
  if (schema?.type !== undefined && ![schema.type].flat().includes('string'))
    return {
      why: `an answer in ${media.type} is text or bytes on the wire, and its schema at ${media.schemaPointer} (type ${JSON.stringify(schema.type)}) admits none`,
    };
  const stringly = schema && [schema.type].flat().includes('string') && schema.format !== 'binary' && schema.format !== 'byte';
  const text = stringly
    ? (validValue(model, media.schema, (v) => typeof v === 'string' && v !== '' && accepts(v), seed) as string | undefined)
    : 'capi conformance answer';
  if (text === undefined) return { why: `no valid ${media.type} text for the schema at ${media.schemaPointer} among ${SAMPLES} generated` };
  // a schema with no type at its top that refuses that text (an anyOf of objects: amazonaws'
  // query APIs answer XML so): Prism checks the text it forwards against it, so a string the
  // schema accepts, else no answer to give (the text sent anyway was refused, and the case
  // failed as if the spec were wrong)
  if (!stringly && schema?.type === undefined && media.schema !== undefined && !accepts(text)) {
    const other = validValue(model, media.schema, (v) => typeof v === 'string' && v !== '' && accepts(v), seed) as string | undefined;
    if (other === undefined)
      return { why: `a ${media.type} answer is text on the wire, and its schema at ${media.schemaPointer} admits no string` };
    return { answer: { status, headers, body: other, media: type } };
  }
  return { answer: { status, headers, body: text, media: type } };
}
