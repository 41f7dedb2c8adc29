// What the build finds on the root document before bundling, with the overlay actions that
// correct it (Redocly resolves these before any overlay, and the bundle stops, so no lint rule
// can report them; build-spec.ts calls these):
//   - a discriminator `mapping` that names files which do not exist (a document bundled from a
//     multi-file source that kept its relative references): each value rewritten to the
//     component its name denotes, or removed where the document has none (the same correction
//     as the no-unresolved-refs kind, defects/no-unresolved-refs.ts, for a mapping entry the
//     bundle keeps).
// (An example's `externalValue` Redocly never sees: spec/external-values.ts.)
// The kinds found by lint live in defects/ (one file each, listed in defects/index.ts).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatPointer, getAt, jsonPathOf, parsePointer } from '../spec/json-pointer.ts';
import type { OverlayAction } from '../defects/types.ts';
import { isMappingRef } from '../spec/spec-loader.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Path segments with array indexes as numbers, read against the document. */
export function typedPath(doc: unknown, segs: readonly string[]): (string | number)[] {
  let node = doc;
  return segs.map((s) => {
    const key = Array.isArray(node) && /^\d+$/.test(s) ? Number(s) : s;
    node = (node as Record<string | number, unknown> | null | undefined)?.[key];
    return key;
  });
}

// --- discriminator mappings that name missing files -------------------------------------------

/** One discriminator mapping entry the bundle cannot resolve. */
export interface DanglingMapping {
  /** path of the entry (…/discriminator/mapping/<key>) */
  path: (string | number)[];
  pointer: string;
  value: string;
  /** `#/components/schemas/<name>` when the value's name denotes a schema of the document, else null */
  component: string | null;
}

/**
 * The discriminator mapping entries of a document (the root document, as read before bundling)
 * that name a file which does not exist next to `file`, a URL, or a local pointer to nothing.
 */
export function danglingMappings(doc: unknown, file: string): DanglingMapping[] {
  const schemas = isObject(doc) && isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const out: DanglingMapping[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (const [i, v] of node.entries()) walk(v, [...path, i]);
      return;
    }
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    const mapping = isObject(node.discriminator) ? node.discriminator.mapping : undefined;
    if (isObject(mapping)) {
      for (const [key, value] of Object.entries(mapping)) {
        if (typeof value !== 'string' || !isMappingRef(value) || resolves(doc, file, value)) continue;
        const entry = [...path, 'discriminator', 'mapping', key];
        out.push({ path: entry, pointer: formatPointer(entry), value, component: denoted(value, schemas) });
      }
    }
    for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
  };
  walk(doc, []);
  return out;
}

/** Whether a mapping reference resolves: a local pointer to a node, or a file that exists (and, with a fragment, is not checked further). */
function resolves(doc: unknown, file: string, value: string): boolean {
  if (value.startsWith('#')) return getAt(doc, value) !== undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return false; // the build reads no network
  const path = value.split('#')[0];
  return existsSync(resolve(dirname(file), decodeURIComponent(path)));
}

/** The schema a mapping value's name denotes: its fragment's last segment, else its file name without the extension. */
function denoted(value: string, schemas: Obj): string | null {
  const [path, fragment] = value.split('#');
  const candidates = [
    fragment ? parsePointer(fragment).at(-1) : undefined,
    path
      .split('/')
      .at(-1)
      ?.replace(/\.(ya?ml|json)$/i, ''),
  ].filter((c): c is string => Boolean(c));
  for (const c of candidates) if (Object.hasOwn(schemas, c)) return formatPointer(['components', 'schemas', c]);
  // the same name in another case, when only one schema has it
  for (const c of candidates) {
    const same = Object.keys(schemas).filter((s) => s.toLowerCase() === c.toLowerCase());
    if (same.length === 1) return formatPointer(['components', 'schemas', same[0]]);
  }
  return null;
}

/**
 * no-unresolved-refs at a discriminator mapping entry of the effective spec (a schema name or a
 * local pointer to nothing, which the bundle keeps: "Discriminator mapping value 'Fish' does not
 * point to an existing schema component"): the same correction, the component the name denotes
 * or the entry's removal. Any other unresolved reference gets no action.
 */
export function mappingEntryActions(doc: unknown, pointer: string, where: string, rule: string): OverlayAction[] {
  const path = typedPath(doc, parsePointer(pointer));
  const value = getAt(doc, path);
  if (path.at(-2) !== 'mapping' || path.at(-3) !== 'discriminator' || typeof value !== 'string') return [];
  const schemas = isObject(doc) && isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  const component = denoted(value, schemas);
  if (component === value) return [];
  return danglingMappingActions([{ path, pointer, value, component }], where).map((a) => ({
    ...a,
    description: a.description.replace(
      'names a file that is not there (the document was bundled from several files and kept the reference), so the bundle cannot resolve it',
      'names no schema of the document',
    ),
    'x-fixes': [rule],
  }));
}

/** The rule the actions name in x-fixes: what Redocly reports on the upstream document for these entries. */
const DANGLING_MAPPING_RULE = 'no-unresolved-refs';

/** The overlay actions for dangling mapping entries: rewritten to the component the name denotes, or removed. */
export function danglingMappingActions(found: readonly DanglingMapping[], where: string): OverlayAction[] {
  return found.map((m) => {
    const mapping = m.path.slice(0, -1);
    const key = String(m.path.at(-1));
    const why = `Upstream's discriminator mapping \`${key}: ${m.value}\` (${where} ${m.pointer}) names a file that is not there (the document was bundled from several files and kept the reference), so the bundle cannot resolve it`;
    return m.component
      ? {
          target: jsonPathOf(mapping),
          description: `${why}; the component its name denotes, ${m.component}, instead.`,
          update: { [key]: m.component },
          'x-fixes': [DANGLING_MAPPING_RULE],
        }
      : {
          target: jsonPathOf(m.path),
          description: `${why}, and the document has no schema of that name; removed (the discriminator still selects by the oneOf/anyOf schemas).`,
          remove: true,
          'x-fixes': [DANGLING_MAPPING_RULE],
        };
  });
}
