// The pagination hint: for each GET operation whose shape says how it pages (its query
// parameters and response fields, or a documented `Link` header), the overlay action that
// declares it (`x-capi-pagination`, lib/codegen/pagination.ts). A hint, not a finding: the shape is
// evident, the provider's docs decide. Shown by `npm run lint:specs`; counted over the corpus by
// `node bench/pagination-hints.ts` (bench/corpus.md).
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { jsonPathOf } from '../spec/json-pointer.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { PAGINATION_STYLES, type PaginationFact, type PaginationStyle } from '../codegen/pagination.ts';
import { isObject, type Operation, type SpecModel, type SpecNode, specModel } from '../spec/spec-model.ts';
import { actionsYaml, type OverlayAction } from './lint-hints.ts';

interface PaginationHint {
  /** "GET /path" */
  operation: string;
  style: PaginationStyle;
  /** what in the spec says so, for people */
  why: string;
  action: OverlayAction;
}

const CURSOR_PARAMS = [
  'cursor',
  'after',
  'page_token',
  'pagetoken',
  'starting_after',
  'next_token',
  'nexttoken',
  'continuation_token',
  'continuationtoken',
  'marker',
];
const NEXT_CURSOR_FIELDS = [
  'next_cursor',
  'nextcursor',
  'next_page_token',
  'nextpagetoken',
  'next_token',
  'nexttoken',
  'end_cursor',
  'endcursor',
  'continuation_token',
  'continuationtoken',
  'next_marker',
  'nextmarker',
  'cursor',
  'next',
];
const NEXT_URL_FIELDS = [
  'next',
  'next_url',
  'nexturl',
  'next_page_url',
  'nextpageurl',
  'next_link',
  'nextlink',
  '@odata.nextlink',
  'next_href',
  'nexthref',
];
const ITEM_FIELDS = [
  'data',
  'items',
  'results',
  'entries',
  'records',
  'values',
  'list',
  'value',
  'nodes',
  'elements',
  'content',
  'objects',
  'rows',
];
/** objects the next cursor or URL often sits in */
const WRAPPERS = ['meta', 'pagination', 'paging', 'page_info', 'pageinfo', 'response_metadata', 'links', '_links', 'cursor', 'page'];
const OFFSET_PARAMS = ['offset', 'skip', 'start'];
const LIMIT_PARAMS = ['limit', 'count', 'top', 'max', 'page_size', 'pagesize', 'per_page', 'perpage', 'size'];
const PAGE_PARAMS = ['page', 'page_number', 'pagenumber', 'page_no'];

const URL_FORMATS = new Set(['uri', 'url', 'uri-reference', 'iri', 'iri-reference']);
const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Hints for every GET operation of a document that does not declare its pagination yet. */
export function paginationHints(doc: unknown): PaginationHint[] {
  const model = specModel(doc, { schemas: 'as-written' });
  const out: PaginationHint[] = [];
  for (const op of model.operations) {
    if (op.method !== 'GET' || op.node['x-capi-pagination'] !== undefined) continue;
    const hint = hintFor(model, op);
    if (hint) out.push(hint);
  }
  return out;
}

/** The pagination one operation's shape shows, or undefined. */
function hintFor(model: SpecModel, op: Operation): PaginationHint | undefined {
  const ok = op.responses.find((r) => /^2/.test(r.status) && r.json);
  if (!ok?.json) return undefined;
  const body = schemaOf(model, ok.json.schema);
  const items = itemsPointer(model, body);
  if (items === undefined) return undefined;
  // the first of names alike (AWS's specs in APIs.guru declare `nextToken`, then a `NextToken` of their own)
  const query = new Map<string, string>();
  for (const p of op.parameters) if (p.in === 'query' && !query.has(norm(p.name))) query.set(norm(p.name), p.name);
  const param = (names: readonly string[]) => names.map((n) => query.get(n)).find((n) => n !== undefined);
  const fields = fieldPointers(model, body);
  const field = (names: readonly string[], url: boolean) =>
    fields.find((f) => names.includes(norm(f.name)) && (url ? f.url : !f.url))?.pointer;
  const make = (fact: PaginationFact, why: string): PaginationHint => ({
    operation: op.key,
    style: fact.style,
    why,
    action: {
      target: jsonPathOf(['paths', op.path, op.method.toLowerCase()]),
      description: `${op.key} pages by ${fact.style} (${why}): suggested by the pagination hint from the spec's shape; check the provider's docs`,
      update: { 'x-capi-pagination': fact },
    },
  });
  const cursor = param(CURSOR_PARAMS);
  const nextCursor = field(NEXT_CURSOR_FIELDS, false);
  if (cursor && nextCursor) {
    return make(
      { style: 'cursor', request: { cursor }, response: { items, next: nextCursor } },
      `query parameter "${cursor}", response field ${nextCursor}`,
    );
  }
  const nextUrl = field(NEXT_URL_FIELDS, true);
  if (nextUrl) return make({ style: 'next-url', response: { items, next: nextUrl } }, `a next URL at ${nextUrl}`);
  const link = Object.keys(model.resolve(model.resolve(model.at(ok.pointer))?.headers) ?? {}).some((h) => h.toLowerCase() === 'link');
  if (link) return make({ style: 'link', response: { items } }, 'a documented Link header');
  const offset = param(OFFSET_PARAMS);
  const limit = param(LIMIT_PARAMS);
  if (offset && limit) {
    return make({ style: 'offset', request: { offset, limit }, response: { items } }, `query parameters "${offset}" and "${limit}"`);
  }
  const page = param(PAGE_PARAMS);
  if (page && limit) return make({ style: 'page', request: { page }, response: { items } }, `query parameters "${page}" and "${limit}"`);
  return undefined;
}

/** A schema with its `$ref`s followed (and a single allOf part merged in, shallowly), or undefined. */
function schemaOf(model: SpecModel, schema: unknown, depth = 0): SpecNode | undefined {
  const node = model.resolve(schema);
  if (!node || depth > 8) return undefined;
  if (Array.isArray(node.allOf) && !node.properties) {
    const parts = node.allOf.map((p: unknown) => schemaOf(model, p, depth + 1)).filter(Boolean) as SpecNode[];
    // a part's type, items and format kept: AWS's specs write each field as an allOf of its type
    // and a description (`NextToken: allOf [PaginationToken, {description}]`), an array or a string
    const first = (key: string) => parts.find((p) => p[key] !== undefined)?.[key];
    const out: SpecNode = { type: first('type') ?? 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
    for (const key of ['items', 'format', 'description']) if (first(key) !== undefined) out[key] = first(key);
    return out;
  }
  return node;
}

const isArray = (s: SpecNode | undefined) =>
  s !== undefined && (s.type === 'array' || (Array.isArray(s.type) && s.type.includes('array')) || s.items !== undefined);

/** Where the items are: '' when the body is an array, else the array property with an item-ish name (or the only array property). */
function itemsPointer(model: SpecModel, body: SpecNode | undefined, top = true): string | undefined {
  if (!body) return undefined;
  if (isArray(body)) return top ? '' : undefined;
  const props = isObject(body.properties) ? body.properties : {};
  const arrays = Object.keys(props).filter((k) => isArray(schemaOf(model, props[k])));
  const named = arrays.find((k) => ITEM_FIELDS.includes(norm(k)));
  const key = named ?? (arrays.length === 1 ? arrays[0] : undefined);
  if (key !== undefined) return `/${esc(key)}`;
  // HAL: the items one level down, in `_embedded` (or `data`, `embedded`)
  const holder = Object.keys(props).find((k) => ['_embedded', 'embedded', 'data'].includes(norm(k)));
  const inner = holder === undefined ? undefined : itemsPointer(model, schemaOf(model, props[holder]), false);
  return inner ? `/${esc(holder as string)}${inner}` : undefined;
}

/** The scalar fields of the body and of its wrapper objects (one level): name, pointer, whether it holds a URL. */
function fieldPointers(model: SpecModel, body: SpecNode | undefined): { name: string; pointer: string; url: boolean }[] {
  const out: { name: string; pointer: string; url: boolean }[] = [];
  const walk = (schema: SpecNode | undefined, at: string, depth: number) => {
    const props = schema && isObject(schema.properties) ? schema.properties : {};
    for (const [name, raw] of Object.entries(props)) {
      const s = schemaOf(model, raw);
      if (!s) continue;
      const pointer = `${at}/${esc(name)}`;
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.includes('string') || types.includes('integer')) {
        const url =
          URL_FORMATS.has(String(s.format)) ||
          /url|link|href/i.test(name) ||
          (norm(name) === 'next' && /url|link/i.test(String(s.description ?? '')));
        out.push({ name, pointer, url });
      } else if (depth === 0 && WRAPPERS.includes(norm(name))) walk(s, pointer, 1);
      // HAL and JSON:API: links.next.href / _links.next.href
      else if (depth === 1 && norm(name) === 'next' && isObject(s.properties) && s.properties.href) {
        out.push({ name: 'next_href', pointer: `${pointer}/href`, url: true });
      }
    }
  };
  walk(body, '', 0);
  return out;
}

/**
 * Lines for the lint report: one per hinted operation, then the overlay actions (at most `max`),
 * and, given the provider's name, the command that writes them all.
 */
export function paginationHintLines(doc: unknown, max = 5, provider?: string): string[] {
  let hints: PaginationHint[];
  try {
    hints = paginationHints(doc);
  } catch {
    return []; // a document the model cannot read: lint reports it
  }
  if (!hints.length) return [];
  const lines = [
    `  pagination: ${hints.length} operation(s) look paged; declare it in the overlay (x-capi-pagination, docs/clients.md "Pagination"):`,
  ];
  for (const h of hints.slice(0, max)) lines.push(`    ${h.operation}: ${h.style} (${h.why})`);
  if (hints.length > max) lines.push(`    ... and ${hints.length - max} more`);
  lines.push('    the overlay actions (under `actions:`):', actionsYaml(hints.slice(0, max).map((h) => h.action)).replace(/^/gm, '    '));
  if (provider)
    lines.push(
      `    or let npm run lint:specs -- --fix --accept-pagination ${provider} write ${hints.length > 1 ? `all ${hints.length}` : 'it'} (unreviewed: each description says so)`,
    );
  return lines;
}

/** The lint report's pagination lines for a provider's effective spec (none when it is missing or unreadable: lint says why). */
export function paginationHintReport(effectiveFile: string, provider?: string): string[] {
  if (!existsSync(effectiveFile)) return [];
  try {
    return paginationHintLines(loadYamlSource(effectiveFile).data, 5, provider);
  } catch {
    return [];
  }
}

const START = '<!-- pagination-hints:start (node bench/pagination-hints.ts writes this section) -->';
const END = '<!-- pagination-hints:end -->';

/** One spec's counts: GET operations, those the hint finds paged, by style (or why it could not be read). */
interface HintCount {
  spec: string;
  gets?: number;
  hinted?: number;
  byStyle?: Record<string, number>;
  /** operations whose suggested action, applied as an overlay, codegen's check accepts */
  applied?: number;
  error?: string;
}

/** The corpus.md section of the pagination hint's counts, between its markers. */
export function paginationSection(
  rows: readonly HintCount[],
  { source, list, typechecked }: { source: string; list: string; typechecked?: { specs: number; failed: string[] } | undefined },
): string {
  const read = rows.filter((r) => r.error === undefined);
  const total = (f: (r: HintCount) => number) => read.reduce((n, r) => n + f(r), 0);
  const styles = PAGINATION_STYLES.map((s) => `${s} ${total((r) => r.byStyle?.[s] ?? 0)}`).join(', ');
  const lines = [
    START,
    '## Pagination hint over the corpus',
    '',
    `_${rows.length} spec(s) of ${list} (${source}); written by \`node bench/pagination-hints.ts\` (the specs are read, no corpus stage is run)._`,
    '',
    `${read.length} spec(s) read; ${read.filter((r) => (r.hinted ?? 0) > 0).length} with a pagination suggestion; ${total((r) => r.hinted ?? 0)} of ${total((r) => r.gets ?? 0)} GET operation(s) suggested: ${styles}. Applied as an overlay to each spec, codegen's check of \`x-capi-pagination\` accepts ${total((r) => r.applied ?? 0)} of them.`,
    ...(typechecked
      ? [
          '',
          `Generated with the suggestions applied and typechecked (\`--typecheck\`): ${typechecked.specs - typechecked.failed.length} of ${typechecked.specs} spec(s) compile their \`Pages\` types${typechecked.failed.length ? ` (not: ${typechecked.failed.join(', ')})` : ''}.`,
        ]
      : []),
    '',
    `| spec | GET ops | suggested | accepted | ${PAGINATION_STYLES.join(' | ')} |`,
    `| --- | --- | --- | --- | ${PAGINATION_STYLES.map(() => '---').join(' | ')} |`,
    ...rows.map((r) =>
      r.error !== undefined
        ? `| ${r.spec} | not read: ${r.error.replace(/\|/g, '/')} | | | ${PAGINATION_STYLES.map(() => '').join(' | ')} |`
        : `| ${r.spec} | ${r.gets} | ${r.hinted} | ${r.applied ?? 0} | ${PAGINATION_STYLES.map((s) => r.byStyle?.[s] ?? 0).join(' | ')} |`,
    ),
    END,
  ];
  return lines.join('\n');
}

/** Writes (or replaces) the pagination section at the end of a markdown file. */
export function writePaginationSection(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileAtomic(file, `${withoutSection(text).trimEnd()}\n\n${section}\n`);
}

const withoutSection = (text: string) => {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? text.slice(0, a) + text.slice(b + END.length) : text;
};

/** `md` with the pagination section of `file` (as it is there) kept at its end: the corpus run rewrites corpus.md. */
export function keepPaginationSection(md: string, file: string): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  return a >= 0 && b > a ? `${md.trimEnd()}\n\n${text.slice(a, b + END.length)}\n` : md;
}
