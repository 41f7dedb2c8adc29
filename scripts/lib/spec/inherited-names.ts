// Keys of a document named like what every JavaScript object inherits (`valueOf`, `hasOwnProperty`,
// `constructor`, `toString`, ...): a perfectly good schema property or component name, which a tool
// that looks a key up in a plain object finds as the built-in instead. Redocly does: openapi-core
// 1.34 (the validation before generation) calls `valueOf` or `hasOwnProperty` as if it were a
// type and throws "Cannot convert undefined or null to object" with no location, reads
// `constructor` as a wrong type (a false struct error) and skips what is under `toString`:
// codegen gives it a copy with those keys renamed. Redocly CLI 2.77 (lint) stops on an object
// that has a key `hasOwnProperty` ("e.hasOwnProperty is not a function"): lint names the key.
import { formatPointer, parsePointer } from './json-pointer.ts';

const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
/** What a renamed key is prefixed with in the copy Redocly is given (no spec has it). */
const MARK = '__capi_inherited__';
const MARKED = new RegExp(`${MARK}(${[...INHERITED].sort((a, b) => b.length - a.length).join('|')})`, 'g');

/**
 * The JSON pointers of the keys named like a built-in of JavaScript objects (`name`: only those
 * of that name), in document order, at most `limit`.
 */
export function inheritedNameKeys(doc: unknown, { limit = 10, name }: { limit?: number; name?: string } = {}): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string[]): void => {
    if (found.length >= limit || node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if (!Array.isArray(node) && INHERITED.has(key) && (name === undefined || key === name)) found.push(formatPointer(here));
      walk(value, here);
    }
  };
  walk(doc, []);
  return found.slice(0, limit);
}

/**
 * A copy of `doc` for Redocly in which every key named like a built-in is renamed (and each local
 * `$ref` or discriminator mapping through one), and `restore(text)`, which names them again in a
 * pointer or message Redocly gives about the copy. Null when the document has no such key.
 */
export function renameInheritedNames(doc: unknown): { doc: unknown; restore(text: string): string } | null {
  if (!inheritedNameKeys(doc, { limit: 1 }).length) return null;
  const renameRef = (ref: string): string => {
    const hash = ref.indexOf('#');
    if (hash < 0) return ref;
    const segments = parsePointer(ref.slice(hash));
    if (!segments.some((s) => INHERITED.has(s))) return ref;
    return ref.slice(0, hash) + formatPointer(segments.map((s) => (INHERITED.has(s) ? MARK + s : s)));
  };
  const copy = (node: unknown, key?: string): unknown => {
    if (typeof node === 'string') return key === '$ref' ? renameRef(node) : node;
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item) => copy(item));
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        INHERITED.has(k) ? MARK + k : k,
        // a discriminator's mapping values are references too
        key === 'mapping' && typeof v === 'string' ? renameRef(v) : copy(v, k),
      ]),
    );
  };
  return { doc: copy(doc), restore: (text) => text.replace(MARKED, (_, name: string) => name) };
}
