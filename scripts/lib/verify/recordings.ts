// `capi verify --record`: every exchange stored under specs/<p>/recordings/, one file per case,
// as HAR 1.2 (a log with one entry): readable, and a format other tools read too (`redocly
// drift specs/<p>/recordings --api specs/<p>/effective.yaml` gives a second opinion). A file is
// stable across runs apart from its timestamps (`startedDateTime`, `time`, a `date` header):
// headers sorted, JSON bodies pretty-printed, and every credential redacted with the client's
// own redaction: the values of the credentials verify used, and every value under a
// credential-like key or header name (Authorization, X-Api-Key, a body's `token`, ...).
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from '../shared/errors.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import type { Divergence, Exchange } from './check.ts';
import type { Redaction } from './client.ts';
import type { CaseResult } from './cases.ts';

/** One divergence as the lines `replay --check` and the conformance report print (here, so that the report imports no checking code): where, what, and each overlay action. */
export function divergenceLines(d: Divergence): string[] {
  return [
    `${d.operation} (${d.case}) ${d.where}: ${d.message}`,
    ...d.actions.map((a) => `  action: ${a.target} ${a.remove ? 'remove' : `update ${JSON.stringify(a.update).slice(0, 160)}`}`),
  ];
}

/** The folder of a provider's recordings. */
export const recordingsDir = (root: string, provider: string) => join(root, 'specs', provider, 'recordings');

/** A file name from an operation and a case: lower-case letters, digits and dashes. */
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'case';

/** The path and query of a URL below the base URL's path. */
const relativePath = (url: string, basePath: string) => {
  const u = new URL(url);
  const path = u.pathname.startsWith(basePath) ? u.pathname.slice(basePath.length) || '/' : u.pathname;
  return `${path}${u.search}`;
};

/** One stored exchange: the case it answers and the HAR log. */
export interface Recording {
  file: string;
  operation: string;
  case: string;
  credentials: string;
  /** the case's kind (cases.ts CaseKind) */
  kind: string;
  /** path and query below the base URL */
  path: string;
  exchange: Exchange;
}

interface HarHeader {
  name: string;
  value: string;
}

type Secrets = InstanceType<Redaction['SecretSet']>;

/** A credential header's value redacted; of an Authorization header the scheme is kept (`Bearer [REDACTED]`), so a reader sees how it authenticated. */
function redactedCredential(name: string, value: string, redaction: Redaction): string {
  const scheme = name.toLowerCase() === 'authorization' ? /^([A-Za-z][A-Za-z0-9-]*) \S/.exec(value)?.[1] : undefined;
  return scheme ? `${scheme} ${redaction.REDACTED}` : redaction.REDACTED;
}

/** Headers with every credential-like one's value redacted, sorted by name. */
function harHeaders(headers: Record<string, string>, redaction: Redaction, secrets: Secrets): HarHeader[] {
  return Object.entries(headers)
    .map(([name, value]) => ({
      name,
      value: redaction.isSensitiveKey(name) ? redactedCredential(name, value, redaction) : secrets.redactText(value),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A body as stored: JSON pretty-printed and redacted (keys and known values), other text with known values redacted. */
function storedBody(text: string | undefined, secrets: Secrets): string {
  if (!text) return '';
  try {
    return JSON.stringify(secrets.redact(JSON.parse(text)), null, 2);
  } catch {
    return secrets.redactText(text);
  }
}

/**
 * The URL with every credential-like query parameter redacted and known values removed, from each
 * query value as decoded: a key with `+`, `/` or `=` went out percent-encoded, which the known
 * value (as read from the environment) did not match, and it was stored.
 */
function storedUrl(url: string, redaction: Redaction, secrets: Secrets): string {
  const u = new URL(url);
  if (u.search) {
    const entries = [...u.searchParams].map(([k, v]): [string, string] => [
      k,
      redaction.isSensitiveKey(k) ? redaction.REDACTED : secrets.redactText(v),
    ]);
    u.search = new URLSearchParams(entries).toString();
  }
  return secrets.redactText(u.href);
}

/** Whether anything is at `p`, a dangling symlink included (existsSync follows links). */
function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a recordings folder that is not one (a symlink committed in its place): replay would read
 * whatever it names, and --record delete the .har files there and write into it.
 */
function assertRecordingsFolder(root: string, provider: string, dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isDirectory()) return;
  throw new UserError(
    `${stat.isSymbolicLink() ? 'a symlink' : 'not a folder'}, not the folder capi verify --record writes: refused, nothing read, deleted or written there; make it a folder of its own`,
    { provider, file: relative(root, dir).split(sep).join('/') },
  );
}

/** Writes one HAR file per answered case (the provider's earlier recordings are replaced); returns the files. */
export function writeRecordings(
  root: string,
  provider: string,
  results: CaseResult[],
  { redaction, secrets, baseUrl }: { redaction: Redaction; secrets: Secrets; baseUrl: string },
): string[] {
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  if (lstatExists(recordingsDir(root, provider))) assertRecordingsFolder(root, provider, recordingsDir(root, provider));
  const dir = recordingsDir(root, provider);
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.har')) rmSync(join(dir, f));
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  // two operationIds may slug alike (`GetUser` and `getUser`; ids in a script other than Latin
  // slug to nothing): the later gets a number, or it would overwrite the earlier's recording
  const taken = new Set<string>();
  for (const r of results) {
    if (!r.exchange) continue;
    const { request, response } = r.exchange;
    const name = `${slug(r.case.op.id)}--${slug(r.case.name)}`;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}-${n}`;
    taken.add(unique);
    const file = join(dir, `${unique}.har`);
    const reqBody = storedBody(request.body, secrets);
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'capi verify', version: '1' },
        comment: `${r.case.op.key}, case "${r.case.name}" (credentials: ${r.case.credentials}). Recorded by capi verify --record; credentials redacted.`,
        entries: [
          {
            startedDateTime: new Date().toISOString(),
            time: 0,
            request: {
              method: request.method,
              url: storedUrl(request.url, redaction, secrets),
              httpVersion: 'HTTP/1.1',
              headers: harHeaders(request.headers, redaction, secrets),
              queryString: [],
              cookies: [],
              headersSize: -1,
              bodySize: -1,
              ...(reqBody ? { postData: { mimeType: request.headers['content-type'] ?? 'application/json', text: reqBody } } : {}),
            },
            response: {
              status: response.status,
              statusText: '',
              httpVersion: 'HTTP/1.1',
              headers: harHeaders(response.headers, redaction, secrets),
              cookies: [],
              content: {
                size: response.body.length,
                mimeType: response.headers['content-type'] ?? '',
                text: storedBody(response.body, secrets),
              },
              redirectURL: '',
              headersSize: -1,
              bodySize: -1,
            },
            cache: {},
            timings: { send: 0, wait: 0, receive: 0 },
            // what replay matches on: the path below the base URL, the credentials the case sent
            _capi: {
              operation: r.case.op.key,
              case: r.case.name,
              kind: r.case.kind,
              credentials: r.case.credentials,
              // what replay matches on, redacted as the URL is (it kept the query as sent)
              path: relativePath(storedUrl(request.url, redaction, secrets), basePath),
            },
          },
        ],
      },
    };
    writeFileAtomic(file, `${JSON.stringify(har, null, 2)}\n`);
    files.push(file);
  }
  return files;
}

/**
 * The most bytes a recording file may have. verify reads at most 4 MiB of an answer (run.ts), and
 * a file it writes holds that body pretty-printed and quoted once more: well under this. A file
 * larger is not one it wrote, and is refused before it is read (recordings are replayed in CI).
 */
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

/** Why a parsed HAR is not a recording of verify (its shape as recordings are read), or undefined. */
function notRecording(e: Record<string, unknown> | undefined): string | undefined {
  if (!e || typeof e !== 'object') return 'no log.entries[0]';
  const capi = e._capi as Record<string, unknown> | undefined;
  const request = e.request as Record<string, unknown> | undefined;
  const response = e.response as Record<string, unknown> | undefined;
  if (!capi || typeof capi !== 'object') return 'no log.entries[0]._capi';
  if (!request || typeof request !== 'object' || !response || typeof response !== 'object') return 'no request or response';
  if (typeof capi.operation !== 'string' || typeof capi.case !== 'string') return '_capi.operation or _capi.case is not a string';
  if (capi.path !== undefined && (typeof capi.path !== 'string' || !capi.path.startsWith('/'))) return '_capi.path is not a path';
  if (typeof request.method !== 'string' || typeof request.url !== 'string') return 'request.method or request.url is not a string';
  if (!Number.isInteger(response.status)) return 'response.status is not a whole number';
  const headerList = (list: unknown) =>
    list === undefined ||
    (Array.isArray(list) && list.every((h) => h && typeof h === 'object' && typeof h.name === 'string' && typeof h.value === 'string'));
  if (!headerList(request.headers) || !headerList(response.headers)) return 'headers that are not a list of names and values';
  return undefined;
}

/**
 * The recordings of a provider, each read back as an exchange (headers lower-cased). A file there
 * is something a contributor committed and CI replays: one that is not a regular file (a symlink,
 * which would make replay read another file of this machine), larger than MAX_RECORDING_BYTES,
 * not JSON or not shaped as verify writes it is a UserError naming it, quoting none of its content.
 */
export function readRecordings(root: string, provider: string): Recording[] {
  const dir = recordingsDir(root, provider);
  if (!existsSync(dir)) return [];
  assertRecordingsFolder(root, provider, dir);
  const out: Recording[] = [];
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.har'))
    .sort()) {
    const file = join(dir, f);
    const label = relative(root, file).split(sep).join('/');
    const refused = (why: string) =>
      new UserError(`${why}; record it again (npm run verify -- ${provider} --base-url URL --record) or remove it`, {
        provider,
        file: label,
      });
    const stat = lstatSync(file);
    if (!stat.isFile()) {
      throw refused(
        `${stat.isSymbolicLink() ? 'a symlink' : 'not a regular file'}, not a recording of capi verify: refused, never read (a recording is a file verify wrote, and replay would read whatever it names on this machine)`,
      );
    }
    if (stat.size > MAX_RECORDING_BYTES) {
      throw refused(
        `${stat.size} bytes, larger than the ${MAX_RECORDING_BYTES} a recording of capi verify can have: refused before it is read`,
      );
    }
    let har: { log?: { entries?: Record<string, unknown>[] } };
    try {
      har = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      // JSON.parse's message quotes the text: only its position is kept
      const at = /position \d+(?: \(line \d+ column \d+\))?/.exec((err as Error).message)?.[0];
      throw refused(`not JSON${at ? ` (at ${at})` : ''}, so not a recording of capi verify`);
    }
    const e = har?.log?.entries?.[0];
    const why = notRecording(e);
    if (why !== undefined || !e) throw refused(`not a recording of capi verify (${why})`);
    const capi = e._capi as Record<string, unknown>;
    const request = e.request as { method: string; url: string; headers?: HarHeader[]; postData?: { text?: unknown } };
    const response = e.response as { status: number; headers?: HarHeader[]; content?: { text?: unknown } };
    const headers = (list: HarHeader[] | undefined) => Object.fromEntries((list ?? []).map((h) => [h.name.toLowerCase(), h.value]));
    let path = capi.path as string | undefined;
    if (path === undefined) {
      try {
        path = new URL(request.url).pathname;
      } catch {
        throw refused('not a recording of capi verify (request.url is not a URL and _capi.path is missing)');
      }
    }
    out.push({
      file,
      operation: String(capi.operation),
      case: String(capi.case),
      credentials: String(capi.credentials),
      kind: String(capi.kind ?? ''),
      path,
      exchange: {
        request: {
          method: request.method,
          url: request.url,
          headers: headers(request.headers),
          body: typeof request.postData?.text === 'string' ? request.postData.text : undefined,
        },
        response: { status: response.status, headers: headers(response.headers), body: String(response.content?.text ?? '') },
      },
    });
  }
  return out;
}
