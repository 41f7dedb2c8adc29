// `capi verify <provider> --base-url <url>`: the provider's own client against a real server,
// each exchange checked against the effective spec (check.ts), a table per operation, and the
// overlay actions that make the contract say what the server did, written to the provider's
// pending suggestions (`specs/<p>/overlay.suggested.yaml`, which `lint:specs --fix` applies).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { parse, stringify } from 'yaml';
import type { OverlayAction } from '../defects/types.ts';
import { UserError, withoutUserInfo } from '../shared/errors.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { suggestedFile } from '../lint/lint-fix.ts';
import type { Provider } from '../registry/registry.ts';
import { isObject, loadSpecModel, type SpecModel } from '../spec/spec-model.ts';
import { type CaseResult, type Credentials, verifyCases } from './cases.ts';
import { checkExchange, type Divergence, type Exchange, VERIFY_FIXES } from './check.ts';
import { loadProviderRuntime } from './client.ts';
import { writeRecordings } from './recordings.ts';

interface VerifyOptions {
  root: string;
  baseUrl: string;
  /** where baseUrl came from, as the refusals name it (default `--base-url`; `verify --all`: its variable) */
  baseUrlFrom?: string;
  /** the environment the credentials are read from */
  env: Record<string, string | undefined>;
  allowWrites: boolean;
  id?: string | undefined;
  production: boolean;
  /**
   * What to do when baseUrl is the spec's production server and `production` is false, as the
   * refusal says it (default: the advice of one provider's run, `--production`; `verify --all`
   * has no such flag and says its own)
   */
  productionAdvice?: string;
  /** requests per second, at most */
  rps: number;
  /** requests in all, at most */
  maxRequests: number;
  record: boolean;
  log?: (line: string) => void;
}

interface VerifyResult {
  results: CaseResult[];
  divergences: Divergence[];
  actions: OverlayAction[];
  /** 0: the server did what the contract says; 1: divergences or cases without an answer */
  exitCode: number;
}

/** A base URL as compared with the spec's servers: no trailing slash, lower-case scheme and host. */
function normalUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return url.replace(/\/+$/, '').toLowerCase();
  }
}

/** The spec's server URLs with their variables' defaults. */
function productionUrls(model: SpecModel): string[] {
  return model.servers
    .filter((s) => typeof s.url === 'string')
    .map((s) =>
      String(s.url).replace(/\{([^}]+)\}/g, (_m: string, name: string) =>
        String(isObject(s.variables) ? (s.variables[name]?.default ?? '') : ''),
      ),
    );
}

/** Sets a value at a dotted path of an options object (copies on the way). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!head) return target;
  if (!rest.length) return { ...target, [head]: value };
  const inner = isObject(target[head]) ? (target[head] as Record<string, unknown>) : {};
  return { ...target, [head]: setPath(inner, rest.join('.'), value) };
}

/** A credential of the same shape that no server accepts: the value with a suffix (a prefix the client checks stays). */
const WRONG_SUFFIX = 'capi-verify-wrong';

/** A limiter: at most `rps` requests a second, `max` in all. */
function limiter(rps: number, max: number) {
  let sent = 0;
  let next = 0;
  return async () => {
    if (sent >= max) throw new BudgetSpent(max);
    sent++;
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + 1000 / rps;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };
}

class BudgetSpent extends Error {
  constructor(max: number) {
    super(`not sent: --max-requests ${max} reached`);
  }
}

/** The most of an answer's body verify reads (a server is untrusted): more is cut off, and says so. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A body as text, at most `max` bytes of it (the rest is not read: the stream is cancelled). */
async function textCapped(response: Response, max: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return `(capi verify: the body was over ${max} bytes and was not read)`;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Lower-cased header names, values as sent. */
const headerRecord = (h: Headers): Record<string, string> => Object.fromEntries([...h.entries()].sort(([a], [b]) => a.localeCompare(b)));

export async function runVerify(provider: Provider, opts: VerifyOptions): Promise<VerifyResult> {
  const log = opts.log ?? console.log;
  const specFile = relative(opts.root, provider.effective);
  if (!existsSync(provider.effective))
    throw new UserError(`${specFile} is missing: run \`npm run generate -- ${provider.name}\` first`, { provider: provider.name });
  const model = loadSpecModel(provider.effective, { provider: provider.name, label: specFile });
  let base: URL;
  try {
    base = new URL(opts.baseUrl);
  } catch {
    throw new UserError(
      `${opts.baseUrlFrom ?? '--base-url'} ${JSON.stringify(withoutUserInfo(opts.baseUrl).slice(0, 200))} is not a URL; give the sandbox's address, e.g. https://sandbox.example.com/v1`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new UserError(`${opts.baseUrlFrom ?? '--base-url'} must be http(s), got ${base.protocol}`);
  if (base.username || base.password || withoutUserInfo(opts.baseUrl) !== opts.baseUrl)
    throw new UserError(
      `${opts.baseUrlFrom ?? '--base-url'} ${withoutUserInfo(opts.baseUrl).slice(0, 200)} carries user info (user:password@): verify sends the credentials it reads from the variables packages/${provider.name}/testing.ts names, never one in a URL; give the sandbox's address without it`,
      { provider: provider.name },
    );
  const production = productionUrls(model).filter((u) => normalUrl(u) === normalUrl(opts.baseUrl));
  if (production.length && !opts.production)
    throw new UserError(
      `${opts.baseUrlFrom ?? '--base-url'} ${production[0]} is the production server of ${specFile} (its servers): ${opts.productionAdvice ?? 'verify sends requests that fail on purpose and, with --allow-writes, changes a record. Point it at a sandbox, or pass --production if you mean it.'}`,
      { provider: provider.name },
    );
  const { factory, testing, redaction } = await loadProviderRuntime(provider.name, opts.root);
  const entry = testing?.verify;
  if (!entry)
    throw new UserError(
      `packages/${provider.name}/testing.ts has no \`verify\` entry: add \`verify: { env: { <client option>: '<ENV_VARIABLE>' } }\` naming the environment variable of each credential (scripts/lib/registry/provider-testing.ts, VerifyEntry)`,
      { provider: provider.name },
    );
  const unset = Object.values(entry.env).filter((name) => !opts.env[name]);
  if (unset.length)
    throw new UserError(`set ${unset.join(', ')} (the credentials verify reads for ${provider.name}; never on the command line)`, {
      provider: provider.name,
    });
  const secrets = new redaction.SecretSet();
  let valid: Record<string, unknown> = { ...(entry.options ?? {}) };
  let wrong: Record<string, unknown> = { ...(entry.options ?? {}) };
  for (const [path, name] of Object.entries(entry.env)) {
    const value = String(opts.env[name]);
    valid = setPath(valid, path, value);
    wrong = setPath(wrong, path, `${value}${WRONG_SUFFIX}`);
    // as sent, and as a URL carries it (a server echoing a link with the key, a key sent in the
    // query): a key with `+`, `/` or `=` is percent-encoded there, and was printed and recorded so
    for (const sent of [value, `${value}${WRONG_SUFFIX}`]) {
      secrets.add(sent);
      secrets.add(encodeURIComponent(sent));
      secrets.add(new URLSearchParams({ v: sent }).toString().slice(2));
    }
  }
  const redact = (v: unknown) => secrets.redact(v);
  const wait = limiter(opts.rps, opts.maxRequests);
  let last: Exchange | undefined;
  /** why the last request got no answer (the client turns a failed fetch into its own error) */
  let failure: string | undefined;
  const capture = async (request: Request): Promise<Response> => {
    try {
      await wait();
    } catch (err) {
      failure = (err as Error).message;
      throw err;
    }
    const sent = request.clone();
    let response: Response;
    try {
      response = await fetch(request, { redirect: 'manual' });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      failure = `no answer: ${cause?.code ?? cause?.message ?? (err as Error).message}`;
      throw err;
    }
    const copy = response.clone();
    last = {
      request: {
        method: sent.method,
        url: sent.url,
        headers: headerRecord(sent.headers),
        body: sent.body ? await sent.text() : undefined,
      },
      response: { status: copy.status, headers: headerRecord(copy.headers), body: await textCapped(copy, MAX_BODY_BYTES) },
    };
    return response;
  };
  const clients = new Map<Credentials, Record<string, unknown>>();
  const clientFor = (c: Credentials) => {
    let client = clients.get(c);
    if (!client) {
      const options = c === 'wrong' ? wrong : valid;
      const middleware = c === 'none' ? [stripCredentials(model)] : [];
      client = factory({ ...options, baseUrl: opts.baseUrl, retry: false, fetch: capture, middleware });
      clients.set(c, client);
    }
    return client;
  };
  const cases = verifyCases(model, { id: opts.id, allowWrites: opts.allowWrites, unknownId: entry.unknownId, write: entry.write });
  const results: CaseResult[] = [];
  for (const c of cases) {
    last = undefined;
    failure = undefined;
    const call = clientFor(c.credentials)[c.op.method] as (path: string, init: unknown) => Promise<unknown>;
    try {
      await call(c.op.path, { params: { path: c.path }, ...(c.body !== undefined ? { body: c.body } : {}) });
    } catch (err) {
      failure ??= `no answer: ${(err as Error).message}`;
    }
    if (!last) {
      const problem = failure ?? 'the client sent nothing (it refused the request itself)';
      results.push({ case: c, divergences: [], problem: secrets.redactText(problem).slice(0, 300) });
      continue;
    }
    const exchange: Exchange = last;
    results.push({ case: c, exchange, divergences: checkExchange(model, c.op, c.name, exchange, { redact }) });
  }
  const divergences = results.flatMap((r) => r.divergences);
  for (const line of table(model, results)) log(secrets.redactText(line));
  // one action per undocumented status or media type (the first case's body its example), else per distinct change
  const byChange = new Map<string, OverlayAction[]>();
  for (const d of divergences) {
    if (!d.actions.length) continue;
    const key =
      d.kind === 'status' || d.kind === 'media-type' ? `${d.kind} ${d.operation} ${d.where}` : JSON.stringify(d.actions.map(actionKey));
    if (!byChange.has(key)) byChange.set(key, d.actions);
  }
  const actions = [...byChange.values()].flat();
  const file = writeSuggestions(opts.root, provider.name, actions);
  if (actions.length) {
    log(
      `\n${actions.length} overlay action(s) that make the contract match written to ${relative(opts.root, file)}: review them, then npm run lint:specs -- --fix ${provider.name}`,
    );
  }
  if (opts.record) {
    const written = writeRecordings(opts.root, provider.name, results, { redaction, secrets, baseUrl: opts.baseUrl });
    log(`recorded ${written.length} exchange(s) under ${relative(opts.root, `${opts.root}/specs/${provider.name}/recordings`)}`);
  }
  const unanswered = results.filter((r) => r.problem).length;
  log(
    `\n${provider.name}: ${results.length} case(s), ${divergences.length} divergence(s) from ${specFile}${unanswered ? `, ${unanswered} without an answer` : ''}`,
  );
  return { results, divergences, actions, exitCode: divergences.length || unanswered ? 1 : 0 };
}

/** Middleware that removes every credential the spec's security schemes carry (the "no credentials" case). */
export function stripCredentials(model: SpecModel) {
  const schemes = Object.values(model.securitySchemes);
  return {
    onRequest({ request }: { request: Request }) {
      const url = new URL(request.url);
      for (const s of schemes) {
        if (s.type === 'apiKey' && s.in === 'header') request.headers.delete(String(s.name));
        else if (s.type === 'apiKey' && s.in === 'query') url.searchParams.delete(String(s.name));
        else if (s.type === 'apiKey' && s.in === 'cookie') request.headers.delete('cookie');
        else request.headers.delete('authorization');
      }
      return url.href === request.url ? request : new Request(url, request);
    },
  };
}

/** The table of each operation: case, expected, answered, result. */
function table(model: SpecModel, results: CaseResult[]): string[] {
  const lines: string[] = [];
  for (const op of model.operations) {
    const rows = results.filter((r) => r.case.op === op);
    if (!rows.length) continue;
    lines.push('', `${op.key}${op.operationId ? ` (${op.operationId})` : ''}`);
    const w = Math.max(4, ...rows.map((r) => r.case.name.length));
    lines.push(`  ${'case'.padEnd(w)}  expected  answered  result`);
    for (const r of rows) {
      const answered = r.exchange ? String(r.exchange.response.status) : '-';
      const result = r.problem ?? (r.divergences.length ? `${r.divergences.length} divergence(s)` : 'as documented');
      lines.push(`  ${r.case.name.padEnd(w)}  ${r.case.expect.padEnd(8)}  ${answered.padEnd(8)}  ${result}`);
      for (const d of r.divergences) {
        lines.push(`    ${d.where}: ${d.message}`);
        for (const a of d.actions)
          lines.push(`      action: ${a.target} ${a.remove ? 'remove' : `update ${JSON.stringify(a.update).slice(0, 160)}`}`);
      }
    }
  }
  return lines;
}

const actionKey = (a: OverlayAction) => JSON.stringify([a.target, a.remove === true ? 'remove' : a.update]);

function uniqueActions(actions: OverlayAction[]): OverlayAction[] {
  const seen = new Set<string>();
  return actions.filter((a) => {
    const k = actionKey(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Writes this run's actions into the provider's pending suggestions: the other tools' actions
 * waiting there are kept, an earlier verify run's are replaced (a divergence that is gone leaves
 * no action behind). A file left with no action is removed.
 */
function writeSuggestions(root: string, provider: string, actions: OverlayAction[]): string {
  const file = suggestedFile(root, provider);
  let waiting: OverlayAction[] = [];
  if (existsSync(file)) {
    const doc = parse(readFileSync(file, 'utf8')) as { actions?: unknown } | null;
    if (Array.isArray(doc?.actions))
      waiting = (doc.actions as OverlayAction[]).filter(
        (a) => !(Array.isArray(a?.['x-fixes']) && a['x-fixes'].includes(VERIFY_FIXES[0] as string)),
      );
  }
  const all = uniqueActions([...waiting, ...actions]);
  if (!all.length) {
    rmSync(file, { force: true });
    return file;
  }
  writeFileAtomic(
    file,
    `# Suggested overlay actions (capi verify and the other tools): npm run lint:specs -- --fix ${provider} writes them into the overlay.\n${stringify({ actions: all }, { lineWidth: 0 })}`,
  );
  return file;
}
