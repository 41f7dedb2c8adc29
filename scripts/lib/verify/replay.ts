// `capi replay <provider>`: the recordings of `verify --record` (specs/<p>/recordings/*.har)
// checked against today's effective spec, the same way verify checks a live answer (check.ts:
// each divergence with its overlay action), then served on 127.0.0.1 so the provider's client
// and its tests run against what the provider really answered, offline.
//
// A request is answered by the recording of the same method and path (below the base URL) whose
// request matches it best: the same body (JSON compared as values), then the same credential
// state (none sent, or some: a recording's credentials are redacted, so a wrong credential and
// a valid one look alike; the valid one's answer is preferred), then a case that sent a valid
// body; a request that names its case (header `x-capi-replay-case`, as `replay --check` sends)
// gets that one. No recording: 501 with a body
// that says so (never mistaken for the provider's answer: the header `x-capi-replay: no-match`).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { SpecModel } from '../spec/spec-model.ts';
import { checkExchange, type Divergence } from './check.ts';
import { type Recording, readRecordings } from './recordings.ts';

/** Each recording's divergences from the effective spec (those of a recording whose operation is gone too). */
export function checkRecordings(model: SpecModel, recordings: readonly Recording[]): Divergence[] {
  const out: Divergence[] = [];
  for (const r of recordings) {
    const op = model.operation(r.operation);
    if (!op) {
      out.push({
        operation: r.operation,
        case: r.case,
        kind: 'status',
        where: r.file,
        message: `${r.operation} is no longer in the effective spec: record again (npm run verify -- <provider> --record)`,
        actions: [],
      });
      continue;
    }
    out.push(...checkExchange(model, op, r.case, r.exchange));
  }
  return out;
}

/** A request may name the recorded case it wants (replay --check does: a wrong credential and a valid one look alike once redacted). */
const CASE_HEADER = 'x-capi-replay-case';

/**
 * Whether a request carries a credential-like header, by the client's own rule (`isSensitiveKey`
 * of @capi/core/testing, the one that redacted the recordings: @capi/scripts cannot import it, the
 * caller passes it), and no list of header names of replay's own.
 */
const hasCredentials = (headers: Record<string, string | string[] | undefined>, isSensitiveKey: (k: string) => boolean) =>
  Object.keys(headers).some((k) => isSensitiveKey(k));

function jsonOrText(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Whether a request's path and query are the recorded ones: the same path, the same parameters
 * in the same order, each with the recorded value, or any where the recording has it redacted (a
 * credential in the query is never stored, so a replayed request's cannot be compared).
 */
function samePath(recorded: string, asked: string, redacted: string): boolean {
  if (recorded === asked) return true;
  const [a, b] = [new URL(recorded, 'http://x'), new URL(asked, 'http://x')];
  if (a.pathname !== b.pathname) return false;
  const [x, y] = [[...a.searchParams], [...b.searchParams]];
  return x.length === y.length && x.every(([k, v], i) => k === y[i]?.[0] && (v === redacted || v === y[i]?.[1]));
}

/** The recording that answers a request best, or undefined. */
function matchRecording(
  recordings: readonly Recording[],
  req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
  isSensitiveKey: (k: string) => boolean,
  redacted: string,
): Recording | undefined {
  const candidates = recordings.filter((r) => r.exchange.request.method === req.method && samePath(r.path, req.path, redacted));
  const body = jsonOrText(req.body);
  const sent = hasCredentials(req.headers, isSensitiveKey);
  // a body no recording sent is most likely a valid one: an invalid-body case answers it last
  const asked = req.headers[CASE_HEADER];
  const score = (r: Recording) =>
    (asked === r.case ? 16 : 0) +
    (isDeepStrictEqual(jsonOrText(r.exchange.request.body), body) ? 8 : 0) +
    ((r.credentials !== 'none') === sent ? 4 : 0) +
    (r.kind !== 'invalid-body' ? 2 : 0) +
    (r.credentials === 'valid' ? 1 : 0);
  return candidates.map((r) => ({ r, s: score(r) })).sort((a, b) => b.s - a.s)[0]?.r;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1024 * 1024) req.destroy(new Error('request body over 1 MB'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Headers a replayed answer does not repeat: they belong to the recorded connection. */
const DROPPED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

/** Serves the recordings on 127.0.0.1 (`port` 0: a free one). */
export function serveRecordings(
  root: string,
  provider: string,
  {
    port = 0,
    isSensitiveKey,
    redacted = '[REDACTED]',
  }: {
    port?: number;
    isSensitiveKey: (k: string) => boolean /** what a redacted value reads (the client's `REDACTED`) */;
    redacted?: string;
  },
): Promise<{ url: string; server: Server; recordings: Recording[]; close(): Promise<void> }> {
  const recordings = readRecordings(root, provider);
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const path = String(req.url ?? '/');
      const r = matchRecording(recordings, { method: String(req.method), path, headers: req.headers, body }, isSensitiveKey, redacted);
      if (!r) {
        const text = JSON.stringify({ error: `no recording of ${provider} answers ${req.method} ${path.slice(0, 200)}` });
        res.writeHead(501, { 'content-type': 'application/json', 'x-capi-replay': 'no-match', 'content-length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      const headers = Object.fromEntries(Object.entries(r.exchange.response.headers).filter(([k]) => !DROPPED.has(k)));
      const text = r.exchange.response.body;
      res.writeHead(r.exchange.response.status, { ...headers, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch {
      res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
      resolve({ url, server, recordings, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** What one recording did through the provider's client against the replay. */
interface ClientReplay {
  recording: Recording;
  /** why the client's answer is not the recorded one in its documented branch, or undefined */
  problem?: string;
}

/** The values of a path template's parameters in a concrete path (`/customers/{id}` + `/customers/42` → { id: '42' }), or undefined. */
function pathParams(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template
    .replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)
    .replace(/\\\{([^}]+)\\\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  const m = new RegExp(`^${pattern}$`).exec(path.split('?')[0] ?? '');
  if (!m) return undefined;
  try {
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
  } catch {
    return undefined; // a malformed %-escape (a recording edited by hand): no values, a problem of that recording
  }
}

/**
 * Sends each recording's request through the provider's client (`client(credentials)`: one with
 * the test credentials, `validate: 'throw'`; without any for `none`) to the replay server, and
 * checks the client's typed branch against what the provider answered: a 2xx in `data`, a
 * documented status in `error` with `documented: true`, an undocumented one with `documented:
 * false`, and no `contract_violation` (a recorded body its schema refuses).
 */
export async function replayThroughClient(
  model: SpecModel,
  recordings: readonly Recording[],
  client: (credentials: string) => Record<string, unknown>,
): Promise<ClientReplay[]> {
  const out: ClientReplay[] = [];
  for (const r of recordings) {
    const op = model.operation(r.operation);
    const path = op ? pathParams(op.path, r.path) : undefined;
    if (!op || !path) {
      out.push({ recording: r, problem: `${r.path} is not a path of ${r.operation} in the effective spec` });
      continue;
    }
    const call = client(r.credentials)[op.method] as (
      p: string,
      init: unknown,
    ) => Promise<{ data?: unknown; error?: Record<string, unknown> }>;
    const sent = jsonOrText(r.exchange.request.body);
    const { data, error } = await call(op.path, {
      params: { path },
      headers: { [CASE_HEADER]: r.case },
      ...(sent !== undefined ? { body: sent } : {}),
    });
    const status = r.exchange.response.status;
    const documented = op.responses.some((x) => x.status === String(status));
    let problem: string | undefined;
    if (error?.kind === 'contract_violation') problem = String(error.message);
    else if (status >= 200 && status < 300)
      problem = error ? `recorded ${status}, the client answered an error (${String(error.kind)})` : undefined;
    else if (!error) problem = `recorded ${status}, the client answered data`;
    else if (error.status !== status) problem = `recorded ${status}, the client's error has status ${String(error.status)}`;
    else if (error.documented !== documented)
      problem = `recorded ${status}: the client's error says documented: ${String(error.documented)}`;
    if (data === undefined && status >= 200 && status < 300 && !problem && r.exchange.response.body)
      problem = `recorded ${status} with a body, the client answered no data`;
    out.push({ recording: r, ...(problem ? { problem } : {}) });
  }
  return out;
}
