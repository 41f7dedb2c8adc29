// Examples' `externalValue`. Redocly follows one like a `$ref` whenever it resolves a document
// (bundle, lint): a URL is fetched, a file (absolute, file:, or next to the spec) is read, before
// any overlay can remove it. The value is documentation only (mocks and tests use `value` or the
// schema), so Redocly is never handed one: the build and lint give it a copy of the root document
// in which each `externalValue` key is renamed to DROPPED_KEY, in place (the same lines, so lint's
// findings keep their line numbers), and the build says which it dropped. Nothing is read or
// fetched; the reference policy (spec-loader.ts) therefore lets a root document have them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { formatPointer } from './json-pointer.ts';
import { refsOf } from './spec-loader.ts';
import { loadYamlSource } from './yaml-source.ts';

/** The key an `externalValue` is renamed to: an extension, which nothing resolves. */
export const DROPPED_KEY = 'x-capi-dropped-externalValue';

/** A copy of a root document with its `externalValue`s renamed, beside it (its relative `$ref`s resolve the same). */
export interface NeutralCopy {
  /** the copy's absolute path */
  file: string;
  /** the JSON pointers of the `externalValue`s renamed */
  dropped: string[];
  /** deletes the copy */
  remove(): void;
}

let copies = 0;

/**
 * The copy of the document at `file` for Redocly, or null when it has no `externalValue` (Redocly
 * reads the document itself). `loaded`: its text and data, when the caller has read it already;
 * else a text that names no externalValue (nor escapes a key) is not parsed at all.
 */
export function neutralCopy(file: string, loaded?: { text: string; data: unknown }): NeutralCopy | null {
  const text = loaded?.text ?? readFileSync(file, 'utf8');
  if (!loaded && !/externalValue|\\u|\\x/.test(text)) return null;
  const data = loaded?.data ?? loadYamlSource(file).data;
  const found = refsOf(data).filter((r) => r.what === 'externalValue');
  if (!found.length) return null;
  // the key's place in the text (YAML and JSON alike), replaced from the end so offsets hold
  const doc = parseDocument(text, { uniqueKeys: false });
  const spans = new Map<number, number>(); // start -> end of each key
  for (const { path } of found) {
    const map = doc.getIn(path.slice(0, -1), true);
    if (!isMap(map)) continue;
    for (const pair of map.items)
      if (isScalar(pair.key) && pair.key.value === 'externalValue' && pair.key.range) spans.set(pair.key.range[0], pair.key.range[1]);
  }
  let out = text;
  for (const [start, end] of [...spans].sort((a, b) => b[0] - a[0]))
    out = `${out.slice(0, start)}${JSON.stringify(DROPPED_KEY)}${out.slice(end)}`;
  // every one renamed, or Redocly is not handed the copy
  const left = refsOf(parseDocument(out, { uniqueKeys: false }).toJS({ maxAliasCount: -1 })).filter((r) => r.what === 'externalValue');
  if (left.length) throw new Error(`${file}: the externalValue at ${formatPointer(left[0].path)} could not be renamed in its text`);
  const copy = join(dirname(file), `.${basename(file, extname(file))}.${process.pid}-${++copies}.neutral${extname(file)}`);
  writeFileSync(copy, out);
  return {
    file: copy,
    dropped: found.map((r) => formatPointer(r.path)),
    remove: () => rmSync(copy, { force: true }),
  };
}
