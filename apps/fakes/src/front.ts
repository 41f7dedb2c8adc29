// The server a user's client talks to: in front of Prism, it answers the requests that Prism
// 5.16 cannot survive or never answers, with the fake's own documented answers, and forwards every
// other request to Prism unchanged.
// - A malformed %-escape in the path (`%zz`, `%`, `%E0%A4%A`, ...): Prism decodes the path
//   parameters outside its promise chain, the URIError escapes and ends the process. The fake
//   answers: the provider's documented 404 (no customer has such an id).
// - A JSON body that does not parse (`{"email": `, a bare word): Prism's body parser rejects it,
//   then waits for the end of a request it has already read, and never answers. The fake
//   answers: the provider's documented 400.
// - A body in a charset other than UTF-8 (`application/json; charset=utf-16`): Prism decodes it
//   as declared, which may not parse (no answer) or be a charset it does not know (an answer in
//   its own shape). The fake answers: the provider's documented 400 (JSON is UTF-8, RFC 8259).
// - A path with a `.` or `..` segment (`/customers/..`, `%2e%2e`): Prism resolves it to another
//   path and answers in its own shape. The fake answers: an id `..` is just an unknown id (404).
// - A body larger than MAX_BODY_BYTES: the provider's documented 400 (no provider documents 413
//   for its update), without Prism parsing and validating megabytes first.
// - A body whose Content-Type is no media type (`application/json;`, `application/json; charset`,
//   `application/json, text/plain`): Prism's body reader parses it, throws, and Prism answered
//   500 with a stack trace on the console. A charset named twice (`charset=utf-8; charset=utf-16`):
//   Prism decodes by the last one, and left a JSON body it could not decode without an answer.
//   The fake answers: the provider's documented 400.
// - A form body Prism's form reading throws on: a multipart part its reader (npm
//   parse-multipart-data) cannot read (a file part without a Content-Type, optional by RFC 7578;
//   a part without a name or a Content-Disposition; a file name unquoted or written `filename*=`),
//   or a field name with a malformed %-escape, multipart or form-urlencoded (Prism decodes it in
//   the catch block of its decoding). It threw outside Prism's promise chain: an unhandled
//   rejection, which ended the process. The fake answers: the documented 400/422.
// Everything else reaches Prism, which validates the request, forwards it to the fake and
// validates the fake's answer against the effective spec.
import { Agent, createServer, type IncomingMessage, request as httpRequest } from 'node:http';
import { prismReadsForm } from '@capi/conformance/prism.ts';
import { listenLocal, type ReadBody, type Respond, readBody, sendAnswer } from '@capi/core/fake';

/** What the front needs of the fake behind Prism: its answers without HTTP. */
export interface FrontFake {
  respond: Respond;
}

/** Headers that belong to one connection, not to the request (RFC 9110 7.6.1), and the body's length. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
]);

/** Whether every %-escape in `path` decodes (decodeURIComponent throws on the first malformed one). */
export function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a path has a `.` or `..` segment (as sent or %-encoded): Prism resolves it away and answers its own 404. */
export const dotSegment = (path: string): boolean =>
  String(path)
    .split('/')
    .some((s) => /^(\.|%2e){1,2}$/i.test(s));

/** A media type Prism parses as JSON (application/json, application/*+json), by name. */
const jsonMediaType = (contentType: string | undefined) => /^\s*application\/([^;\s]*\+)?json\s*(;|$)/i.test(String(contentType ?? ''));

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);
/** One `; name=value` parameter, as the parser before Prism's body reader (npm `content-type`) reads it: spaces only, a token or a quoted string. */
const PARAMETER = new RegExp(
  `; *(${TOKEN}) *= *("(?:[\\u000b\\u0020\\u0021\\u0023-\\u005b\\u005d-\\u007e\\u0080-\\u00ff]|\\\\[\\u000b\\u0020-\\u00ff])*"|${TOKEN}) *`,
  'y',
);

/**
 * The parameters of a Content-Type (names lower-cased, values unquoted, in order, repeats kept),
 * or null when it is no media type by the grammar Prism's body reader enforces (it throws there).
 */
function contentTypeParameters(contentType: string): [string, string][] | null {
  const semi = contentType.indexOf(';');
  if (!MEDIA_TYPE.test((semi === -1 ? contentType : contentType.slice(0, semi)).trim())) return null;
  if (semi === -1) return [];
  const out: [string, string][] = [];
  PARAMETER.lastIndex = semi;
  let end = semi;
  for (let m = PARAMETER.exec(contentType); m; m = PARAMETER.exec(contentType)) {
    const value = m[2] as string;
    out.push([(m[1] as string).toLowerCase(), value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value]);
    end = PARAMETER.lastIndex;
  }
  return end === contentType.length ? out : null;
}
const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/** Why the front answers this request itself (the fake's documented answer), or null: Prism gets it. */
function ownAnswer(req: IncomingMessage, path: string, body: ReadBody): ReadBody | null {
  if (!decodablePath(path) || dotSegment(path)) return body; // the fake's 404: it checks the path first
  if (body.refusal) return body;
  const contentType = req.headers['content-type'];
  // Prism reads the Content-Type of every body it gets (an empty header: text/plain)
  const parameters = contentType ? contentTypeParameters(contentType) : [];
  if (!parameters && body.buffer?.length) return { refusal: 'the request Content-Type is not a media type (type/subtype; name=value)' };
  if ((parameters ?? []).some(([name, value]) => name === 'charset' && !UTF8.has(value.toLowerCase())))
    return { refusal: 'the request body must be UTF-8 JSON (its Content-Type names another charset)' };
  if (jsonMediaType(contentType) && body.text && !parses(body.text)) return body; // the fake's "not valid JSON"
  if (contentType && body.buffer?.length && !prismReadsForm(body.buffer, contentType))
    return {
      refusal: 'the form body cannot be read (a part without a name or Content-Type, a file name, or a malformed %-escape in a name)',
    };
  return null;
}

/** Whether `text` parses as JSON. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param fake     the engine (its answers without HTTP)
 * @param prismUrl Prism in proxy mode, in front of that fake
 */
export function createFront(fake: FrontFake, prismUrl: string) {
  const prism = new URL(prismUrl);
  // One connection per request to Prism (closed by Prism after its answer): a kept-alive one
  // could be reused by this agent just as Prism's server closes it for idleness, the race that
  // made Prism answer 500 in front of the fake (see answerServer in http.ts). maxSockets bounds what queues at
  // Prism's listener; further requests wait here.
  const agent = new Agent({ keepAlive: false, maxSockets: 256 });

  // the fakes' limits (SERVER_LIMITS in @capi/core's fake/http.ts, set by listenLocal): an idle
  // connection outlives any client's own idle timer, then is closed
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const own = ownAnswer(req, String(req.url ?? '').split('?')[0], body);
    if (own) {
      let answer: ReturnType<Respond>;
      try {
        answer = fake.respond(req, own);
      } catch (err) {
        answer = { status: 500, body: { message: `fake crashed: ${(err as Error).message}` } };
      }
      sendAnswer(res, answer);
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
    // the body as read, always with its length (Prism parses an empty chunked JSON body, and hangs)
    headers['content-length'] = String(body.buffer?.length ?? 0);
    const upstream = httpRequest(
      { host: prism.hostname, port: prism.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        const out = Object.fromEntries(Object.entries(answer.headers).filter(([k]) => !HOP_BY_HOP.has(k) || k === 'content-length'));
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendAnswer(res, { status: 502, body: { message: `the fake's Prism did not answer: ${err.code ?? err.message}` } });
    });
    upstream.end(body.buffer?.length ? body.buffer : undefined);
  });

  return {
    /** Listens on 127.0.0.1:`port` (0: a free one); rejects with the listen error (EADDRINUSE, ...). */
    listen: (port = 0): Promise<string> => listenLocal(server, port),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
