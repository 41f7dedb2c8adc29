// Parses YAML/JSON documents keeping positions, so every problem we report can name a line.
// Every document goes through the same guards, so hostile or broken input ends in one clear
// message instead of a stack trace, a hang or silently changed bytes:
//   - size: at most CAPI_SPEC_MAX_MB megabytes (default 50);
//   - encoding: strict UTF-8 (an invalid byte is refused with its line, never replaced by U+FFFD);
//   - duplicate keys: refused (parsers disagree on which value wins);
//   - aliases: at most CAPI_SPEC_MAX_ALIASES nodes added by expanding aliases (default 10000; the YAML
//     "billion laughs" bomb stops here);
//   - nesting: at most CAPI_SPEC_MAX_DEPTH levels (default 99, which is also the most Redocly's
//     parser accepts; GitHub's REST spec has 21), checked before anything walks the document
//     recursively.
import { readFileSync, statSync } from 'node:fs';
import { type Document, LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';
// js-yaml as Redocly configures it (its package has no exports map; this file loads in 70 ms, the package index in 500)
import { parseYaml } from '@redocly/openapi-core/lib/js-yaml/index.js';
import { UserError } from '../shared/errors.ts';
import { formatPointer, parsePointer } from './json-pointer.ts';

/**
 * Redocly's YAML parser (js-yaml, maxDepth 100 counting the innermost value; its CLI has no option
 * for it) refuses anything deeper when it bundles the spec, so this is as deep as a spec can go.
 */
const MAX_DEPTH = 99;

/** The guards' limits (see the top of this file). */
export interface SpecLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

/** Whose document it is and how messages name it (a repository-relative path, or a URL). */
export interface Source {
  provider?: string | undefined;
  file?: string | undefined;
}

/** The line of the node at a path of the parsed document (keys and array indexes), when it can be found. */
export type LineOf = (path: readonly (string | number)[]) => number | undefined;

/**
 * A parsed YAML/JSON mapping. Its values are whatever the document holds (nothing beyond being a
 * mapping is checked): callers narrow what they read.
 */
type YamlMapping = { [key: string]: unknown };

/** A parsed document; `data` is a YamlMapping unless parseYamlText was told `expect: 'any'`. */
export interface ParsedYaml<D = YamlMapping> {
  file: string | undefined;
  text: string;
  data: D;
  lineOf: LineOf;
}

/** A document read from a file: the parsed document and its bytes. */
export interface LoadedYaml extends ParsedYaml {
  file: string;
  bytes: Buffer;
}

interface ParseOptions extends Source {
  limits?: SpecLimits;
  /** 'mapping' (default): the top level must be a mapping; 'any': any YAML value */
  expect?: 'mapping' | 'any';
}

interface LoadOptions {
  provider?: string | undefined;
  /** the name used in messages (a path relative to the repository); the path by default */
  label?: string;
  /** added to the message when the file does not exist */
  missingHint?: string;
  limits?: SpecLimits;
}

/** The documented limits, each set by its environment variable. */
export function specLimits(env: NodeJS.ProcessEnv = process.env): SpecLimits {
  const num = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!(n > 0)) throw new UserError(`${name}=${raw} is not a positive number`);
    return n;
  };
  return {
    maxBytes: Math.round(num('CAPI_SPEC_MAX_MB', 50) * 1024 * 1024),
    maxDepth: Math.floor(num('CAPI_SPEC_MAX_DEPTH', MAX_DEPTH)),
    maxAliases: Math.floor(num('CAPI_SPEC_MAX_ALIASES', 10_000)),
  };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Refuses input over the size limit, before it is read or parsed. */
function assertSize(bytes: number, { provider, file, limits = specLimits() }: Source & { limits?: SpecLimits }): void {
  if (bytes > limits.maxBytes) {
    throw new UserError(
      `${mb(bytes)} is more than the ${mb(limits.maxBytes)} a spec may have (a limit, so a runaway file cannot take the machine). If the document is right, raise it: CAPI_SPEC_MAX_MB=${Math.ceil(bytes / 1024 / 1024) + 1}`,
      { provider, file },
    );
  }
}

/** Bytes -> text, refusing anything that is not UTF-8 (the bytes are never "repaired"). */
export function decodeUtf8(bytes: Uint8Array, { provider, file }: Source): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = 1 + bytes.subarray(0, at).filter((b) => b === 0x0a).length;
    throw new UserError(
      `not valid UTF-8: byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at} is not part of a UTF-8 character. ` +
        'Vendoring it would replace the byte with U+FFFD and change the document; convert the file to UTF-8 first (e.g. `iconv -f latin1 -t utf-8`), or ask the provider to publish UTF-8.',
      { provider, file, line },
    );
  }
}

/** Offset of the byte where decoding fails: the end of the longest prefix that decodes (a prefix may end inside a character). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0; // decodes
  let hi = bytes.length; // does not (the whole input failed)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  // back to the first byte of the broken character (the prefix up to it decodes completely)
  for (let start = lo; start >= Math.max(0, lo - 3); start--) {
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, start));
      return Math.min(start, bytes.length - 1);
    } catch {
      /* inside the character: one byte back */
    }
  }
  return Math.min(lo, bytes.length - 1);
}

/** Above this size a line is not looked up when reporting a problem (the JSON pointer still says where). */
const LINE_LOOKUP_MAX = 5 * 1024 * 1024;

/**
 * Parses YAML or JSON text with the guards above.
 *
 * Two parsers: js-yaml (the one Redocly uses; through @redocly/openapi-core) reads the document,
 * about twenty times faster than the `yaml` package on a 20 MB spec, and refuses duplicate keys
 * and nesting past the limit itself, with a line. The `yaml` package, which keeps positions, is
 * used only when a line must be named (lineOf, on the first call) and for syntax errors of
 * documents up to 5 MB (its messages are clearer).
 */
export function parseYamlText(text: string, options?: ParseOptions & { expect?: 'mapping' }): ParsedYaml<YamlMapping>;
export function parseYamlText(text: string, options: ParseOptions & { expect: 'any' }): ParsedYaml<unknown>;
export function parseYamlText(
  text: string,
  { provider, file, limits = specLimits(), expect = 'mapping' }: ParseOptions = {},
): ParsedYaml<unknown> {
  const json = parseJsonFast(text, limits);
  // (its depth was checked as its keys were counted)
  if (json) return finish({ text, data: json.data, provider, file, limits, expect, lineOf: lazyLineOf(text), depthChecked: true });
  let data: unknown;
  try {
    data = parseYaml(text, { maxDepth: limits.maxDepth + 1 }); // js-yaml counts the innermost value too
  } catch (caught) {
    if (nameOf(caught) !== 'YAMLException' && !(caught instanceof RangeError)) throw caught;
    const err = caught as YamlFailure;
    const line = err.mark ? err.mark.line + 1 : undefined;
    if (/nesting exceeded maxDepth/.test(err.reason ?? '')) throw tooDeep({ provider, file, limits, line });
    if (/duplicated mapping key/.test(err.reason ?? '')) {
      throw guard(
        new UserError(`malformed YAML: Map keys must be unique.${duplicateAdvice(keyAt(text, (err.mark as YamlMark).position))}`, {
          provider,
          file,
          line,
          column: (err.mark as YamlMark).column + 1,
          cause: err,
        }),
      );
    }
    if (text.length <= LINE_LOOKUP_MAX || err instanceof RangeError) return parsePrecise(text, { provider, file, limits, expect });
    throw new UserError(`malformed YAML: ${err.reason ?? err.message}. Fix the syntax at this line.`, {
      provider,
      file,
      line,
      column: err.mark ? err.mark.column + 1 : undefined,
      cause: err,
    });
  }
  // js-yaml shares the node an alias names instead of copying it: count what it expands to
  if (data !== null && typeof data === 'object' && /(?:^|[\s[{,:-])&[^\s,[\]{}]/.test(text)) {
    const extra = aliasExpansion(data, limits.maxAliases);
    if (extra === Infinity)
      throw guard(
        new UserError(
          'a YAML alias refers to a node that contains it (a loop): the document would be infinite. Replace the alias with the content it should have.',
          { provider, file },
        ),
      );
    if (extra > limits.maxAliases) throw aliasBomb({ provider, file, limits, detail: 'aliases repeat the nodes they name' });
  }
  return finish({ text, data, provider, file, limits, expect, lineOf: lazyLineOf(text) });
}

/**
 * A document that is JSON (GitHub's spec, most downloads), read with JSON.parse: ten times
 * faster than js-yaml, and the same values (JSON is YAML; quoted strings are never timestamps).
 * The guards hold: the size was checked before reading, JSON has no aliases, and a document
 * that JSON.parse would read differently from js-yaml or that breaks a guard (a duplicate key,
 * where JSON.parse silently keeps the last value; nesting past the limit) returns undefined, so
 * the YAML path reads it and reports the problem with its line, as it always has. Duplicates are
 * found by counting: the keys the text has (a scan of the tokens) against the keys of the parsed
 * objects; one fewer parsed key is a key given twice.
 */
function parseJsonFast(text: string, limits: SpecLimits): { data: unknown } | undefined {
  const start = /^[\uFEFF \t\r\n]*/.exec(text)?.[0].length ?? 0;
  if (text[start] !== '{' && text[start] !== '[') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(start ? text.slice(start) : text);
  } catch {
    return undefined; // not JSON (a YAML flow mapping, a comment, a syntax error, nesting too deep for the stack)
  }
  if (data === null || typeof data !== 'object') return undefined;
  const parsed = objectKeysAndDepth(data, limits.maxDepth);
  if (parsed === undefined || parsed !== jsonKeysInText(text)) return undefined;
  return { data };
}

/** The keys of every object of parsed JSON, or undefined near `maxDepth` (iteratively: no recursion on hostile input). */
function objectKeysAndDepth(data: object, maxDepth: number): number | undefined {
  let keys = 0;
  const stack: [object, number][] = [[data, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    // a margin below the limit: near it, the YAML path decides, exactly as it always has
    if (depth + 3 > maxDepth) return undefined;
    if (Array.isArray(node)) {
      for (const v of node) if (v !== null && typeof v === 'object') stack.push([v, depth + 1]);
      continue;
    }
    for (const key in node) {
      keys++;
      const v = valueAt(node, key);
      if (v !== null && typeof v === 'object') stack.push([v, depth + 1]);
    }
  }
  return keys;
}

/** The keys of the objects of a JSON text: strings followed by `:` (the text is valid JSON: JSON.parse read it). */
function jsonKeysInText(text: string): number {
  // quotes are found with indexOf (a fast search), not character by character: 13 MB on GitHub's spec
  let keys = 0;
  const n = text.length;
  for (let i = text.indexOf('"'); i !== -1; ) {
    // the end of the string: the next quote not escaped (preceded by an even run of backslashes)
    let end = text.indexOf('"', i + 1);
    for (;;) {
      if (end === -1) return keys;
      let slashes = 0;
      while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    let j = end + 1;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      j++;
    }
    if (text.charCodeAt(j) === 0x3a) keys++; // ':'
    i = text.indexOf('"', j);
  }
  return keys;
}

/** Parses with the `yaml` package (positions kept): syntax errors with their line, then the same guards. */
function parsePrecise(
  text: string,
  { provider, file, limits, expect }: Source & { limits: SpecLimits; expect: string },
): ParsedYaml<unknown> {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep({ provider, file, limits });
    throw err;
  }
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    // the parser gives up on nesting that exhausts the stack: the depth limit, said as such
    if (doc.errors.some((x) => /Maximum call stack size exceeded/.test(x.message))) throw tooDeep({ provider, file, limits });
    const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const fix = e.code === 'DUPLICATE_KEY' ? duplicateAdvice(keyAt(text, e.pos[0])) : ' Fix the syntax at this line.';
    throw Object.assign(new UserError(`malformed YAML: ${msg}.${fix}`, { provider, file, line: pos.line, column: pos.col, cause: e }), {
      guard: e.code === 'DUPLICATE_KEY',
    });
  }
  const depth = deepest(doc.contents, limits.maxDepth);
  if (depth)
    throw tooDeep({ provider, file, limits, line: depth.offset === undefined ? undefined : lineCounter.linePos(depth.offset).line });
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message))
      throw aliasBomb({ provider, file, limits, detail: err.message.toLowerCase() });
    if (err instanceof RangeError) throw tooDeep({ provider, file, limits });
    throw err;
  }
  return finish({ text, data, provider, file, limits, expect, lineOf: lineFinder(doc, lineCounter) });
}

function finish({
  text,
  data,
  provider,
  file,
  limits,
  expect,
  lineOf,
  depthChecked = false,
}: Source & {
  text: string;
  data: unknown;
  limits: SpecLimits;
  expect: string;
  lineOf: LineOf;
  depthChecked?: boolean;
}): ParsedYaml<unknown> {
  // aliases can nest a deep node inside another deep node: check what the document expands to
  const deepData = !depthChecked && data !== null && typeof data === 'object' ? deepestData(data, limits.maxDepth) : null;
  if (deepData) throw tooDeep({ provider, file, limits, pointer: deepData });
  if (expect === 'mapping' && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    throw new UserError('expected a YAML mapping at the top level', { provider, file, line: 1 });
  }
  return { file, text, data, lineOf };
}

const duplicateAdvice = (key: string): string =>
  ` "${String(key)}" appears twice in the same mapping: parsers disagree about which value wins, so the document means different things to different tools. Remove the duplicate in your copy (and report it to the provider); an overlay cannot fix this, it applies after parsing.`;

const aliasBomb = ({ provider, file, limits, detail }: Source & { limits: SpecLimits; detail: string }): UserError =>
  guard(
    new UserError(
      `YAML aliases expand to more than ${limits.maxAliases} nodes (${detail}: the "billion laughs" pattern). A real spec does not need this; if this one does, raise the limit: CAPI_SPEC_MAX_ALIASES=<nodes>`,
      { provider, file },
    ),
  );

/**
 * How many nodes the shared (aliased) objects of `data` add when the document is expanded, as
 * every consumer (bundle, JSON, types) expands it; Infinity for a loop. Stops counting past `max`.
 */
function aliasExpansion(data: object, _max: number): number {
  const size = new Map<object, number>(); // object -> nodes in its expanded tree
  const onPath = new Set<object>();
  const stack: [object, boolean][] = [[data, false]];
  let unique = 0;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, done] = top;
    if (done) {
      onPath.delete(node);
      let n = 1;
      for (const key in node) {
        const v = valueAt(node, key);
        // a child object is counted before its parent (it was pushed after it)
        n += v !== null && typeof v === 'object' ? (size.get(v) as number) : 1;
      }
      size.set(node, n);
      unique++;
      continue;
    }
    if (size.has(node)) continue;
    if (onPath.has(node)) return Infinity;
    onPath.add(node);
    stack.push([node, true]);
    for (const key in node) {
      const v = valueAt(node, key);
      if (v !== null && typeof v === 'object') {
        if (onPath.has(v)) return Infinity;
        if (!size.has(v)) stack.push([v, false]);
      }
    }
  }
  // containers counted once each (unique) against the expanded count of containers and values
  const expanded = size.get(data) as number;
  let leaves = 0;
  for (const node of size.keys())
    for (const key in node) if (valueAt(node, key) === null || typeof valueAt(node, key) !== 'object') leaves++;
  return Math.max(0, expanded - unique - leaves);
}

/** lineOf for a document read by js-yaml: the `yaml` package's positions, computed on the first call. */
function lazyLineOf(text: string): LineOf {
  let find: LineOf | undefined;
  return (path) => {
    if (text.length > LINE_LOOKUP_MAX) return undefined;
    if (!find) {
      const lineCounter = new LineCounter();
      find = lineFinder(parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }), lineCounter);
    }
    return find(path);
  };
}

function lineFinder(doc: Document, lineCounter: LineCounter): LineOf {
  return (path) => {
    let node: unknown = doc.contents;
    let last: unknown = node;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(key));
        if (!pair) break;
        last = pair.key ?? pair.value;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(key)];
        last = node;
      } else break;
      if (!node) break;
    }
    const at = (last as { range?: readonly number[] | null } | null | undefined)?.range?.[0];
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
}

/** Marks an error as one of the guards (not a mere syntax error): a docs page is not searched for a spec after it. */
const guard = (err: UserError): GuardError => Object.assign(err, { guard: true });

/** A UserError of parseYamlText; `guard` is set when one of the guards (not a syntax error) raised it. */
type GuardError = UserError & { guard?: boolean };

/** Whether one of the guards raised the error (see `guard` above). */
export const isGuardError = (err: UserError): boolean => Boolean((err as GuardError).guard);

function tooDeep({
  provider,
  file,
  limits,
  line,
  pointer,
}: Source & { limits: SpecLimits; line?: number | undefined; pointer?: string | undefined }): UserError {
  const why =
    limits.maxDepth >= MAX_DEPTH
      ? `Redocly's parser, which bundles the spec, stops at ${MAX_DEPTH} levels too (its CLI cannot raise it), so a deeper spec cannot be built: flatten it, moving nested schemas to components/schemas and referring to them with $ref. (CAPI_SPEC_MAX_DEPTH sets this check's limit.)`
      : `This limit was lowered with CAPI_SPEC_MAX_DEPTH=${limits.maxDepth}; the default is ${MAX_DEPTH}, the most Redocly's parser accepts.`;
  return guard(
    new UserError(
      `nesting deeper than ${limits.maxDepth} levels${pointer ? ` (at ${pointer})` : ''}: the pipeline walks documents recursively, so nesting is bounded. ${why}`,
      { provider, file, line },
    ),
  );
}

/** The first node of the parsed YAML deeper than `max` (iteratively: no recursion on hostile input). */
function deepest(root: unknown, max: number): { offset: number | undefined } | null {
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (!node || typeof node !== 'object') continue;
    if (!isMap(node) && !isSeq(node)) continue; // a scalar (or an alias): nothing inside
    if (depth + 1 > max) return { offset: node.range?.[0] };
    if (isMap(node)) {
      for (const item of node.items) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    } else {
      for (const item of node.items) stack.push([item, depth + 1]);
    }
  }
  return null;
}

/** JSON pointer of the first value of `data` deeper than `max`, or null (the path is rebuilt only then). */
function deepestData(data: object, max: number): string | null {
  interface Entry {
    node: object;
    depth: number;
    parent: Entry | null;
    /** the key in the parent (null only for the root) */
    key: string | null;
  }
  const stack: Entry[] = [{ node: data, depth: 0, parent: null, key: null }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, depth } = entry;
    if (depth + 1 > max) {
      const keys: string[] = [];
      for (let e: Entry = entry; e.parent; e = e.parent) keys.push(e.key as string);
      return formatPointer(keys.reverse());
    }
    for (const key in node) {
      const v = valueAt(node, key);
      if (v !== null && typeof v === 'object') stack.push({ node: v, depth: depth + 1, parent: entry, key });
    }
  }
  return null;
}

function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  return (
    /^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]*)/
      .exec(rest)?.[1]
      .replace(/^["']|["']$/g, '')
      .trim() ?? '?'
  );
}

/**
 * Reads and parses a file with the guards above. `label` is the name used in messages (a path
 * relative to the repository).
 */
export function loadYamlSource(
  path: string,
  { provider, label = path, missingHint = '', limits = specLimits() }: LoadOptions = {},
): LoadedYaml {
  const file = label;
  let bytes: Buffer;
  try {
    assertSize(statSync(path).size, { provider, file, limits });
    bytes = readFileSync(path);
  } catch (caught) {
    if (caught instanceof UserError) throw caught;
    const err = caught as NodeJS.ErrnoException; // what node:fs throws
    throw new UserError(`cannot read file (${err.code ?? err.message})${missingHint && err.code === 'ENOENT' ? `: ${missingHint}` : ''}`, {
      provider,
      file,
      cause: err,
    });
  }
  const text = decodeUtf8(bytes, { provider, file });
  return { ...parseYamlText(text, { provider, file, limits }), file, bytes };
}

/** '#/a/b~1c' -> ['a', 'b/c'] */
export const pointerToPath = (pointer: string): string[] => parsePointer(pointer);

/** Where js-yaml's YAMLException says the problem is (0-based line and column, offset in the text). */
interface YamlMark {
  line: number;
  column: number;
  position: number;
}

/**
 * What js-yaml throws on a document it cannot read: a YAMLException (reason and mark set; the
 * js-yaml bundled with Redocly has no types) or a RangeError (the stack ran out; neither set).
 */
interface YamlFailure {
  name: string;
  message: string;
  reason?: string;
  mark?: YamlMark;
}

const nameOf = (err: unknown): unknown => (err === null || err === undefined ? undefined : (err as { name?: unknown }).name);

/** `node[key]` of a parsed value (an object or array reached by the walks above). */
const valueAt = (node: object, key: string): unknown => (node as Record<string, unknown>)[key];
