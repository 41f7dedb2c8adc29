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
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';
// js-yaml as Redocly configures it (its package has no exports map; this file loads in 70 ms, the package index in 500)
import { parseYaml } from '@redocly/openapi-core/lib/js-yaml/index.js';
import { UserError } from './errors.ts';
import { formatPointer, parsePointer } from './json-pointer.ts';

/**
 * Redocly's YAML parser (js-yaml, maxDepth 100 counting the innermost value; its CLI has no option
 * for it) refuses anything deeper when it bundles the spec, so this is as deep as a spec can go.
 */
export const MAX_DEPTH = 99;

/** The documented limits, each set by its environment variable. */
export function specLimits(env = process.env) {
  const num = (name, fallback) => {
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

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Refuses input over the size limit, before it is read or parsed. */
export function assertSize(bytes, { provider, file, limits = specLimits() }) {
  if (bytes > limits.maxBytes) {
    throw new UserError(
      `${mb(bytes)} is more than the ${mb(limits.maxBytes)} a spec may have (a limit, so a runaway file cannot take the machine). If the document is right, raise it: CAPI_SPEC_MAX_MB=${Math.ceil(bytes / 1024 / 1024) + 1}`,
      { provider, file },
    );
  }
}

/** Bytes -> text, refusing anything that is not UTF-8 (the bytes are never "repaired"). */
export function decodeUtf8(bytes, { provider, file }) {
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
function firstInvalidUtf8(bytes) {
  const decodes = (n) => {
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
 * @returns {{ file: string, text: string, data: any, lineOf: (path: (string|number)[]) => number | undefined }}
 */
export function parseYamlText(text, { provider, file, limits = specLimits(), expect = 'mapping' } = {}) {
  let data;
  try {
    data = parseYaml(text, { maxDepth: limits.maxDepth + 1 }); // js-yaml counts the innermost value too
  } catch (err) {
    if (err?.name !== 'YAMLException' && !(err instanceof RangeError)) throw err;
    const line = err.mark ? err.mark.line + 1 : undefined;
    if (/nesting exceeded maxDepth/.test(err.reason ?? '')) throw tooDeep({ provider, file, limits, line });
    if (/duplicated mapping key/.test(err.reason ?? '')) {
      throw guard(
        new UserError(`malformed YAML: Map keys must be unique.${duplicateAdvice(keyAt(text, err.mark.position))}`, {
          provider,
          file,
          line,
          column: err.mark.column + 1,
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

/** Parses with the `yaml` package (positions kept): syntax errors with their line, then the same guards. */
function parsePrecise(text, { provider, file, limits, expect }) {
  const lineCounter = new LineCounter();
  let doc;
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
  let data;
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

function finish({ text, data, provider, file, limits, expect, lineOf }) {
  // aliases can nest a deep node inside another deep node: check what the document expands to
  const deepData = data !== null && typeof data === 'object' ? deepestData(data, limits.maxDepth) : null;
  if (deepData) throw tooDeep({ provider, file, limits, pointer: deepData });
  if (expect === 'mapping' && (data === null || typeof data !== 'object' || Array.isArray(data))) {
    throw new UserError('expected a YAML mapping at the top level', { provider, file, line: 1 });
  }
  return { file, text, data, lineOf };
}

const duplicateAdvice = (key) =>
  ` "${String(key)}" appears twice in the same mapping: parsers disagree about which value wins, so the document means different things to different tools. Remove the duplicate in your copy (and report it to the provider); an overlay cannot fix this, it applies after parsing.`;

const aliasBomb = ({ provider, file, limits, detail }) =>
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
function aliasExpansion(data, _max) {
  const size = new Map(); // object -> nodes in its expanded tree
  const onPath = new Set();
  const stack = [[data, false]];
  let unique = 0;
  while (stack.length) {
    const [node, done] = stack.pop();
    if (done) {
      onPath.delete(node);
      let n = 1;
      for (const key in node) {
        const v = node[key];
        n += v !== null && typeof v === 'object' ? size.get(v) : 1;
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
      const v = node[key];
      if (v !== null && typeof v === 'object') {
        if (onPath.has(v)) return Infinity;
        if (!size.has(v)) stack.push([v, false]);
      }
    }
  }
  // containers counted once each (unique) against the expanded count of containers and values
  const expanded = size.get(data);
  let leaves = 0;
  for (const node of size.keys()) for (const key in node) if (node[key] === null || typeof node[key] !== 'object') leaves++;
  return Math.max(0, expanded - unique - leaves);
}

/** lineOf for a document read by js-yaml: the `yaml` package's positions, computed on the first call. */
function lazyLineOf(text) {
  let find;
  return (path) => {
    if (text.length > LINE_LOOKUP_MAX) return undefined;
    if (!find) {
      const lineCounter = new LineCounter();
      find = lineFinder(parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }), lineCounter);
    }
    return find(path);
  };
}

function lineFinder(doc, lineCounter) {
  return (path) => {
    let node = doc.contents;
    let last = node;
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
    const at = last?.range?.[0];
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
}

/** Marks an error as one of the guards (not a mere syntax error): a docs page is not searched for a spec after it. */
const guard = (err) => Object.assign(err, { guard: true });

function tooDeep({ provider, file, limits, line, pointer }) {
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
function deepest(root, max) {
  const stack = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const items = isMap(node) || isSeq(node) ? node.items : null;
    if (!items) continue;
    if (depth + 1 > max) return { offset: node.range?.[0] };
    for (const item of items) {
      if (isMap(node)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return null;
}

/** JSON pointer of the first value of `data` deeper than `max`, or null (the path is rebuilt only then). */
function deepestData(data, max) {
  const stack = [{ node: data, depth: 0, parent: null, key: null }];
  while (stack.length) {
    const entry = stack.pop();
    const { node, depth } = entry;
    if (depth + 1 > max) {
      const keys = [];
      for (let e = entry; e.parent; e = e.parent) keys.push(e.key);
      return formatPointer(keys.reverse());
    }
    for (const key in node) {
      const v = node[key];
      if (v !== null && typeof v === 'object') stack.push({ node: v, depth: depth + 1, parent: entry, key });
    }
  }
  return null;
}

function keyAt(text, offset) {
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
 * @returns {{ file: string, bytes: Buffer, text: string, data: any, lineOf: (path: (string|number)[]) => number | undefined }}
 */
export function loadYamlSource(path, { provider, label = path, missingHint = '', limits = specLimits() } = {}) {
  const file = label;
  let bytes;
  try {
    assertSize(statSync(path).size, { provider, file, limits });
    bytes = readFileSync(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot read file (${err.code ?? err.message})${missingHint && err.code === 'ENOENT' ? `: ${missingHint}` : ''}`, {
      provider,
      file,
      cause: err,
    });
  }
  const text = decodeUtf8(bytes, { provider, file });
  return { ...parseYamlText(text, { provider, file, limits }), bytes };
}

/** '#/a/b~1c' -> ['a', 'b/c'] */
export const pointerToPath = (pointer) => parsePointer(pointer);
