#!/usr/bin/env node
// `npm run specs:pull -- <provider> [--url URL]`: downloads the provider's published spec from
// the address its overlay records (`x-upstream.url`), stores it verbatim as upstream.yaml and
// rebuilds the effective spec. The address may serve the OpenAPI document itself (YAML or JSON)
// or a docs page embedding it in a ```yaml fenced block (as the seeds do).
//
// Before anything is written, every overlay action is checked against the new document: an
// action that matches nothing or changes nothing (overlay rot) fails the pull, names the overlay
// line, and leaves upstream.yaml as it was; the downloaded document is kept next to it in
// upstream.pulled.tmp.yaml (ignored by git) to fix the overlay against.
//
// The download is bounded (CAPI_SPEC_MAX_MB, counted while the body streams in; --timeout for the
// whole answer) and read with the build's guards (strict UTF-8, duplicate keys, aliases, depth,
// and references: only inside the document or to files already in specs/<p>/). Every failure is
// one message, exit 1, and upstream.yaml stays as it was. Redirects are followed here, each new
// address checked first: never from https to plain http.
//
//   node scripts/commands/pull.ts [--root DIR] [--url URL] [--timeout SECONDS] <provider>
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { UserError, withoutUserInfo } from '../shared/errors.ts';
import { repoRoot } from '../registry/registry.ts';
import { decodeUtf8, isGuardError, type LineOf, loadYamlSource, type ParsedYaml, parseYamlText, specLimits } from '../spec/yaml-source.ts';
import { assertOpenApi, checkRefs, type OpenApiDocument } from '../spec/spec-loader.ts';
import type { Provider } from '../registry/per-provider.ts';
import { assertNoRot, assertStillOpenApi, checkOverlay } from '../overlay/overlay.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { extractFencedYaml } from './extract-seed.ts';
import { buildSpec, REF_HINT } from '../build/build-spec.ts';

/** Where a provider's published spec is recorded: the overlay's repository-relative path and the line of `url`. */
interface UpstreamSource {
  file: string;
  /** x-upstream.url as the overlay has it (a string; null while the address is not known) */
  url: unknown;
  line: number;
}

/** The provider's recorded source: x-upstream of its first overlay, with the line of `url`. */
function upstreamSource(provider: Provider, root: string): UpstreamSource {
  if (!provider.upstream) {
    throw new UserError(
      `"${provider.name}" is authored by us from a docs page (${relative(root, provider.root)}); there is no published spec to pull. Edit that file instead.`,
      { provider: provider.name },
    );
  }
  const overlay = provider.overlays[0];
  if (!overlay) {
    throw new UserError(
      'has no overlay, so no recorded x-upstream.url; add an overlay with x-upstream: { url } (see docs/adding-a-provider.md)',
      {
        provider: provider.name,
      },
    );
  }
  const file = relative(root, overlay);
  const src = loadYamlSource(overlay, { provider: provider.name, label: file });
  const x = (src.data['x-upstream'] ?? {}) as { url?: unknown };
  return { file, url: x.url ?? null, line: src.lineOf(['x-upstream', 'url']) ?? src.lineOf(['x-upstream']) ?? 1 };
}

/**
 * Downloads `url`; clear errors for unreachable hosts, HTTP errors and timeouts. The body is
 * counted while it streams in and the download stops at the spec size limit (CAPI_SPEC_MAX_MB),
 * whatever Content-Length says or does not say; the timeout covers the whole answer, body
 * included (a server that stalls half way fails like one that never answers).
 * @param opts timeout: seconds for the whole answer; maxBytes: the most the body may have
 */
async function download(
  url: string,
  { timeout = 30, provider, maxBytes = specLimits().maxBytes }: { timeout?: number; provider?: string; maxBytes?: number } = {},
): Promise<{ bytes: Buffer; contentType: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`not a URL: ${url}`, { provider });
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new UserError(`only http(s) URLs can be pulled, not ${url}`, { provider });
  const signal = AbortSignal.timeout(timeout * 1000);
  const tooSlow = `no complete answer within ${timeout} s (raise it with --timeout)`;
  const tooBig = (what: string): UserError =>
    new UserError(
      `GET ${url}: ${what} is more than the ${(maxBytes / 1024 / 1024).toFixed(1)} MB a spec may have; stopped there. If the spec really is that large, raise the limit: CAPI_SPEC_MAX_MB=<megabytes>`,
      { provider },
    );
  let res: Response;
  // redirects are followed here, hop by hop, so that each new address is checked before it is asked
  let at = parsed;
  for (let hops = 0; ; hops++) {
    try {
      res = await fetch(at, {
        redirect: 'manual',
        signal,
        headers: { accept: 'application/yaml, application/json, text/*;q=0.9, */*;q=0.5' },
      });
    } catch (caught) {
      const err = caught as FetchFailure;
      const why = err.name === 'TimeoutError' ? tooSlow : (err.cause?.code ?? err.cause?.message ?? err.message);
      const where = at === parsed ? url : `${at.href} (redirected from ${url})`;
      throw new UserError(`cannot reach ${where}: ${why}. Check the address and your network.`, { provider, cause: err });
    }
    const location = REDIRECTS.has(res.status) ? res.headers.get('location') : null;
    if (location === null) break;
    await res.body?.cancel().catch(() => {});
    at = redirectTarget(at, location, { url, hops, provider });
  }
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new UserError(
      `GET ${url} answered ${statusLine(res.status)}. The provider may have moved its spec: find the new address and set x-upstream.url (or pass --url).`,
      { provider },
    );
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw tooBig(`its Content-Length (${declared} bytes)`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = res.body?.getReader();
  try {
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooBig(`the body (${total} bytes so far)`);
      }
      chunks.push(value);
    }
  } catch (caught) {
    if (caught instanceof UserError) throw caught;
    const err = caught as FetchFailure;
    const why = err.name === 'TimeoutError' || signal.aborted ? tooSlow : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new UserError(
      `GET ${url}: the download broke off after ${total} bytes: ${why}. Try again; if it keeps failing, check the address.`,
      { provider, cause: err },
    );
  }
  return { bytes: Buffer.concat(chunks, total), contentType };
}

/** The statuses fetch follows (a Location header names the new address). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** As many redirects as fetch follows before it gives up. */
const MAX_REDIRECTS = 20;

/**
 * Where the redirect from `from` to `location` leads, refused (a UserError saying what to do) when
 * it is the hop past MAX_REDIRECTS, not http(s), or from https to http: a spec that came over
 * https must not be swapped on its way by a plain-http hop.
 */
function redirectTarget(from: URL, location: string, { url, hops, provider }: { url: string; hops: number; provider?: string }): URL {
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    throw new UserError(
      `GET ${from.href} redirected to ${location}, which is not a URL. Point x-upstream.url (or --url) at the spec itself.`,
      {
        provider,
      },
    );
  }
  if (hops + 1 > MAX_REDIRECTS)
    throw new UserError(
      `GET ${url}: more than ${MAX_REDIRECTS} redirects (the last to ${to.href}). Point x-upstream.url (or --url) at the spec itself.`,
      {
        provider,
      },
    );
  if (!['http:', 'https:'].includes(to.protocol))
    throw new UserError(
      `GET ${from.href} redirected to ${to.href}: only http(s) addresses can be pulled. Point x-upstream.url (or --url) at the spec itself.`,
      {
        provider,
      },
    );
  if (from.protocol === 'https:' && to.protocol === 'http:')
    throw new UserError(
      `GET ${from.href} redirected to ${to.href}, from https to plain http: refused, anyone on the way could change the spec served there. Find the https address the spec is served at and set it as x-upstream.url (or pass --url); if the provider serves it only over http, pass that http address with --url yourself.`,
      { provider },
    );
  return to;
}

/** What fetch and its body stream throw (undici puts the network error in `cause`). */
interface FetchFailure {
  name: string;
  message: string;
  cause?: { code?: unknown; message?: unknown };
}

/** The OpenAPI document found in what a URL served. */
interface FoundSpec {
  /** its exact bytes (the whole body, or the fenced block) */
  bytes: Buffer;
  text: string;
  data: OpenApiDocument;
  lineOf: LineOf;
  /** where in the answer it was: 'the document itself' or 'the ```yaml block of a docs page' */
  from: string;
}

/** One try at reading text as an OpenAPI document: the document, or why not. */
type Attempt =
  | { data: OpenApiDocument; lineOf: LineOf; error?: undefined; guardError?: undefined }
  | { data?: undefined; error: string; guardError?: UserError | undefined };

/**
 * The OpenAPI document in what the URL served: the whole body when it is one (YAML or JSON),
 * else the first ```yaml fenced block of a docs page. Returns its exact bytes and text, parsed
 * with the shared guards (strict UTF-8, duplicate keys, aliases, depth).
 */
function openapiText(
  body: Uint8Array,
  { url, contentType, provider }: { url?: string; contentType?: string; provider?: string } = {},
): FoundSpec {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const text = decodeUtf8(bytes, { provider, file: url });
  const asSpec = (t: string): Attempt => {
    let src: ParsedYaml<unknown>;
    try {
      src = parseYamlText(t, { provider, file: url, expect: 'any' });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return { error: err.message.split('\n')[0], guardError: isGuardError(err) ? err : undefined };
    }
    const data = src.data;
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      const doc = data as { openapi?: unknown; swagger?: unknown };
      if (typeof doc.openapi === 'string') return { data: doc as OpenApiDocument, lineOf: src.lineOf };
      if (doc.swagger) return { error: `it is Swagger ${doc.swagger}, not OpenAPI 3.x` };
    }
    return { error: 'no top-level `openapi:` version' };
  };
  const whole = asSpec(text);
  if (whole.data) return checkVersion({ bytes, text, data: whole.data, lineOf: whole.lineOf }, 'the document itself', { url, provider });
  let fenced: string;
  try {
    fenced = extractFencedYaml(text, url);
  } catch {
    if (whole.guardError) throw whole.guardError;
    const first = text.trimStart().split('\n')[0].slice(0, 80);
    throw new UserError(
      `${url} served no OpenAPI document (content-type ${contentType || 'none'}; ${whole.error}; no \`\`\`yaml fenced block either). It starts with: ${JSON.stringify(first)}. Point x-upstream.url (or --url) at the spec file or at a docs page that embeds it.`,
      { provider },
    );
  }
  const inner = asSpec(fenced);
  if (inner.guardError) throw inner.guardError;
  if (!inner.data) throw new UserError(`${url}: the \`\`\`yaml block of the page is not an OpenAPI document: ${inner.error}`, { provider });
  return checkVersion(
    { bytes: Buffer.from(fenced), text: fenced, data: inner.data, lineOf: inner.lineOf },
    'the ```yaml block of a docs page',
    { url, provider },
  );
}

function checkVersion(
  spec: Omit<FoundSpec, 'from'>,
  from: string,
  { url, provider }: { url?: string | undefined; provider?: string | undefined },
): FoundSpec {
  if (!/^3\.[01]\./.test(spec.data.openapi)) {
    throw new UserError(`${url}: OpenAPI ${spec.data.openapi} is not supported (3.0.x and 3.1.x are)`, { provider });
  }
  assertOpenApi(spec.data, { provider, file: url });
  return { ...spec, from };
}

/** Lines added and removed between two texts (for the summary; not a diff algorithm). */
function lineDelta(before: string, after: string): { added: number; removed: number } {
  const count = (t: string) => t.split('\n').reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const a = count(before);
  const b = count(after);
  let added = 0;
  let removed = 0;
  for (const [l, n] of b) added += Math.max(0, n - (a.get(l) ?? 0));
  for (const [l, n] of a) removed += Math.max(0, n - (b.get(l) ?? 0));
  return { added, removed };
}

interface PullOptions {
  root?: string;
  /** the address to pull from instead of the recorded x-upstream.url */
  url?: string | undefined;
  /** seconds for the whole download */
  timeout?: number;
  log?: (line: string) => void;
}

/** What a pull did: nothing (already up to date), or stored the new upstream (+added -removed lines). */
type PullResult = { provider: string; changed: false } | { provider: string; changed: true; added: number; removed: number };

/** A status with its standard reason (`404 Not Found`), or alone: never the server's own text (Node's for a status it does not know is "unknown"). */
const statusLine = (status: number): string => (STATUS_CODES[status] ? `${status} ${STATUS_CODES[status]}` : String(status));

/** Pulls one provider's upstream; returns a summary of what happened. */
export async function pullSpec(
  provider: Provider,
  { root = repoRoot, url: override, timeout = 30, log = console.log }: PullOptions = {},
): Promise<PullResult> {
  const src = upstreamSource(provider, root);
  const given = override ?? src.url;
  if (!given) {
    throw new UserError(
      "x-upstream.url is null: the address of the provider's published spec is not recorded. Find it (the spec file, or the docs page with the ```yaml block), set `url:` under x-upstream in this file, and run again; or pass it once with --url <address>.",
      { provider: provider.name, file: src.file, line: src.line },
    );
  }
  const url = String(given); // x-upstream.url is a string in an overlay that records one
  if (withoutUserInfo(url) !== url)
    throw new UserError(
      `${withoutUserInfo(url).slice(0, 200)} carries user info (user:password@): a published spec is pulled without credentials, and a URL with them would be printed and recorded; give the address without it`,
      { provider: provider.name },
    );
  const t0 = performance.now();
  log(`[${provider.name}] downloading ${url}`);
  const { bytes: body, contentType } = await download(url, { timeout, provider: provider.name });
  const spec = openapiText(body, { url, contentType, provider: provider.name });
  log(
    `[${provider.name}] got ${body.length} bytes in ${Math.round(performance.now() - t0)} ms; OpenAPI ${spec.data.openapi} from ${spec.from}`,
  );
  const upstreamFile = relative(root, provider.root);
  // the same reference policy as the build: nothing outside the document but files of specs/<p>/
  checkRefs(spec, {
    base: provider.root,
    scopeDir: provider.specDir,
    provider: provider.name,
    label: (p) => (p === provider.root ? url : relative(root, p)),
    hint: `${upstreamFile} was left as it was. ${REF_HINT}`,
    externalValues: 'renamed',
  });

  const previous = readFileSync(provider.root);
  const pulledFile = join(provider.specDir, 'upstream.pulled.tmp.yaml');
  if (spec.bytes.equals(previous)) {
    rmSync(pulledFile, { force: true });
    log(`[${provider.name}] ${upstreamFile} is already up to date; nothing to do`);
    return { provider: provider.name, changed: false };
  }

  // The overlay against the new document, before anything is written.
  let document: unknown = spec.data;
  try {
    for (const ov of provider.overlays) {
      const result = checkOverlay(ov, document, { provider: provider.name, root });
      assertNoRot(result, { provider: provider.name });
      assertStillOpenApi(result, document, { provider: provider.name });
      document = result.document;
    }
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    writeFileAtomic(pulledFile, spec.bytes);
    err.message +=
      `\nThe new upstream document does not fit the overlay; ${upstreamFile} was left as it was.` +
      `\nThe downloaded document is in ${relative(root, pulledFile)} (ignored by git): compare it with ${upstreamFile}, update or delete the actions above, then pull again.`;
    throw err;
  }

  writeFileAtomic(provider.root, spec.bytes);
  try {
    buildSpec(provider, root);
  } catch (err) {
    writeFileAtomic(provider.root, previous); // back to the last upstream that built
    writeFileAtomic(pulledFile, spec.bytes);
    if (err instanceof UserError) {
      err.message += `\n${upstreamFile} was restored; the downloaded document is in ${relative(root, pulledFile)} (ignored by git).`;
    }
    throw err;
  }
  rmSync(pulledFile, { force: true });
  const { added, removed } = lineDelta(previous.toString('utf8'), spec.text);
  log(`[${provider.name}] stored ${upstreamFile} verbatim (+${added} -${removed} lines) and rebuilt ${relative(root, provider.effective)}`);
  log(`[${provider.name}] next: npm run diff -- ${provider.name}   (what changed for client users), then npm run generate && npm test`);
  return { provider: provider.name, changed: true, added, removed };
}
