// The one way the scripts read an OpenAPI document they did not write (provider:add, the build,
// specs:pull): the guards of yaml-source.mjs (size, strict UTF-8, unique keys, aliases, depth),
// an OpenAPI 3.0/3.1 check, and the reference policy below, before Redocly or openapi-typescript
// see the document.
//
// Reference policy. Redocly's bundler follows every `$ref` it meets: a URL is fetched, an
// absolute path or a file: URL is read from this machine, and whatever it returns is inlined
// into effective.yaml and the generated types, which ship in the published package. An overlay
// cannot stop it (Redocly resolves the upstream document as it is). So every `$ref` is checked
// here first:
//   - `#/...` (inside the document): fine;
//   - a relative file (`schemas/customer.yaml#/Customer`): fine when the file lies inside the
//     provider's folder (specs/<p>/, after following `..` and symlinks) and exists; its own
//     `$ref`s are checked the same way. provider:add copies these files next to the spec;
//   - anything else (http:, https:, file: or any other URL, an absolute path, a relative path
//     climbing out of the folder): refused, naming the `$ref`, its file, JSON pointer and line.
// Every string-valued `$ref` counts, wherever it is (also inside examples): a literal `$ref` in
// an example is rare, an unnoticed one would leak. So does a discriminator mapping value that is
// a reference, which Redocly follows the same way (a mapping file that is not there is left to
// the build, which names it with its removal). An example's `externalValue` Redocly follows too:
// in the root document none is refused, since Redocly is never handed one there (the build and
// lint give it a copy with each renamed, external-values.ts, and the build says which); in a
// file the document refers to, or one an overlay adds, it is checked like a `$ref`.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UserError } from '../shared/errors.ts';
import { type LineOf, type LoadedYaml, loadYamlSource, type SpecLimits, type Source, specLimits } from './yaml-source.ts';
import { formatPointer } from './json-pointer.ts';

const pointerOf = (path: readonly (string | number)[]): string => formatPointer(path);

/**
 * A reference of a document and the path segments to it (the last one is '$ref', the mapping's
 * key, or 'externalValue'); `what` names the kind of reference, for messages.
 */
interface RefAt {
  ref: string;
  path: (string | number)[];
  what: '$ref' | 'discriminator mapping' | 'externalValue';
}

/** A discriminator mapping value Redocly resolves as a reference (a name alone is a schema name). */
export const isMappingRef = (v: string): boolean =>
  v.startsWith('#') || /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || v.includes('/') || /\.(ya?ml|json)$/i.test(v);

/**
 * Every reference Redocly follows in a parsed document, with its path segments (iterative walk; a
 * path is built only for a reference): each string `$ref`; each discriminator mapping value that
 * is a reference (isMappingRef); each string `externalValue` (an example's file or URL). Redocly
 * reads the last two like a `$ref` (it fetched a mapping's URL and inlined /etc/passwd named by
 * one), and before any overlay can remove them.
 */
export function refsOf(data: unknown): RefAt[] {
  interface Entry {
    node: unknown;
    parent: Entry | null;
    /** the key (or array index) in the parent; null only for the root */
    key: string | number | null;
  }
  const out: RefAt[] = [];
  const pathOf = (entry: Entry): (string | number)[] => {
    const keys: (string | number)[] = [];
    for (let e: Entry = entry; e.parent; e = e.parent) keys.push(e.key as string | number);
    return keys.reverse();
  };
  const stack: Entry[] = [{ node: data, parent: null, key: null }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node } = entry;
    if (node === null || typeof node !== 'object') continue;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') out.push({ ref, path: [...pathOf(entry), '$ref'], what: '$ref' });
    const external = (node as { externalValue?: unknown }).externalValue;
    if (typeof external === 'string') out.push({ ref: external, path: [...pathOf(entry), 'externalValue'], what: 'externalValue' });
    const discriminator = (node as { discriminator?: unknown }).discriminator;
    const mapping = discriminator && typeof discriminator === 'object' ? (discriminator as { mapping?: unknown }).mapping : undefined;
    if (mapping && typeof mapping === 'object' && !Array.isArray(mapping)) {
      for (const [key, value] of Object.entries(mapping)) {
        if (typeof value === 'string' && isMappingRef(value))
          out.push({ ref: value, path: [...pathOf(entry), 'discriminator', 'mapping', key], what: 'discriminator mapping' });
      }
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const v = (node as Record<string, unknown>)[keys[i]];
      if (v !== null && typeof v === 'object') stack.push({ node: v, parent: entry, key: Array.isArray(node) ? Number(keys[i]) : keys[i] });
    }
  }
  return out;
}

type RefKind = 'local' | 'relative' | 'url' | 'absolute';

/** What kind of reference a `$ref` string is: 'local', 'relative', 'url', 'absolute'. */
export function refKind(ref: string): RefKind {
  if (ref.startsWith('#') || ref === '') return 'local';
  if (/^[a-z]:[\\/]/i.test(ref) || ref.startsWith('/') || ref.startsWith('\\')) return 'absolute';
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return 'url';
  return 'relative';
}

/** A parsed document whose references are checked (lineOf, when given, puts a line in messages). */
interface RefSource {
  data: unknown;
  lineOf?: LineOf;
}

interface CheckRefsOptions {
  /** the absolute path the document lives at (or will) */
  base: string;
  /** the folder every referenced file must be inside */
  scopeDir: string;
  provider?: string | undefined;
  /** path for messages */
  label: (abs: string) => string;
  limits?: SpecLimits;
  /** what to do, added to every refusal */
  hint?: string | undefined;
  /**
   * `renamed`: the document's own `externalValue`s are not checked, since Redocly gets a copy
   * with each renamed (external-values.ts); those of the files it refers to still are
   */
  externalValues?: 'checked' | 'renamed';
}

/**
 * Checks the `$ref`s of a document (and of the relative files it refers to, transitively).
 * @param src the parsed document
 * @returns absolute paths of the referenced files (not the document itself)
 */
export function checkRefs(
  src: RefSource,
  { base, scopeDir, provider, label, limits = specLimits(), hint, externalValues = 'checked' }: CheckRefsOptions,
): { files: string[] } {
  const scope = existsSync(scopeDir) ? realpathSync(scopeDir) : resolve(scopeDir);
  const files = new Map<string, LoadedYaml>(); // absolute path -> loaded source
  const queue: { src: RefSource; at: string }[] = [{ src, at: base }];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { src: doc, at } = next;
    for (const { ref, path, what } of refsOf(doc.data)) {
      const kind = refKind(ref);
      if (kind === 'local' || (what === 'externalValue' && externalValues === 'renamed' && doc === src)) continue;
      const where = { provider, file: label(at), line: doc.lineOf?.(path) };
      const refused = (why: string): UserError =>
        new UserError(`${what} "${ref}" at ${pointerOf(path)} ${why}${hint ? ` ${hint}` : ''}`, where);
      if (kind === 'url') {
        const scheme = ref.slice(0, ref.indexOf(':')).toLowerCase();
        throw refused(
          scheme === 'http' || scheme === 'https'
            ? 'points outside the document, to the network: the build would download it and ship whatever it returns in effective.yaml and the published types. Only references inside the document, or to files next to it, are followed.'
            : `is a ${scheme}: URL outside the document: the build would read it and ship its content in effective.yaml and the published types. Only references inside the document, or to files next to it, are followed.`,
        );
      }
      if (kind === 'absolute') {
        throw refused(
          'is an absolute path: the build would read that file from this machine and ship its content in effective.yaml and the published types. Only references inside the document, or to relative files next to it, are followed.',
        );
      }
      let target: string;
      try {
        target = resolve(dirname(at), decodeURIComponent(ref.split('#')[0]));
      } catch {
        throw refused('is not a valid relative reference.');
      }
      // a mapping or an example file that is not there, wherever it would be, reads nothing: the
      // build names it with its removal (build/defect-actions.ts)
      if (what !== '$ref' && !existsSync(target)) continue;
      const inside = (p: string): boolean => p === scope || p.startsWith(scope + sep);
      const real = existsSync(target) ? realpathSync(target) : target;
      if (!inside(resolve(target)) || !inside(real)) {
        throw refused(
          `leads out of the spec's folder (to ${relative(scope, real).split(sep).join('/')}): only files inside it are followed, so nothing else on this machine ends up in the published package.`,
        );
      }
      // an example file is read as it is (it need not be YAML)
      if (what === 'externalValue') continue;
      if (!existsSync(real) || !statSync(real).isFile()) {
        throw refused(
          `names ${label(real)}, which does not exist: the files a spec refers to are vendored next to it (provider:add copies them); put it there.`,
        );
      }
      if (real === realOf(base) || files.has(real)) continue;
      const loaded = loadYamlSource(real, { provider, label: label(real), limits });
      files.set(real, loaded);
      queue.push({ src: loaded, at: real });
    }
  }
  return { files: [...files.keys()] };
}

const realOf = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));

/** A parsed document that has passed assertOpenApi: an `openapi` version 3.0.x or 3.1.x; nothing else is checked. */
export interface OpenApiDocument {
  openapi: string;
  [key: string]: unknown;
}

/** Refuses a document that is not OpenAPI 3.0 or 3.1. */
export function assertOpenApi(data: unknown, { provider, file }: Source): asserts data is OpenApiDocument {
  if (!data || typeof data !== 'object' || typeof (data as { openapi?: unknown }).openapi !== 'string') {
    const swagger = (data as { swagger?: unknown } | null | undefined)?.swagger;
    throw new UserError(
      `not an OpenAPI document (no top-level \`openapi:\`)${swagger ? `; it is Swagger ${swagger}: convert it to OpenAPI 3 first` : ''}`,
      { provider, file, line: 1 },
    );
  }
  if (!/^3\.[01]\./.test((data as OpenApiDocument).openapi))
    throw new UserError(`OpenAPI ${(data as OpenApiDocument).openapi} is not supported (3.0.x and 3.1.x are)`, { provider, file, line: 1 });
}

interface LoadSpecOptions {
  provider?: string | undefined;
  /** path for messages, from an absolute path (the path itself by default) */
  label?: (abs: string) => string;
  /** the folder referenced files must be inside; the file's folder by default */
  scopeDir?: string;
  /** what to do, added to every refusal of a reference */
  hint?: string;
  /** false: any YAML mapping (no OpenAPI version check) */
  openapi?: boolean;
  limits?: SpecLimits;
}

/** A spec read with every guard: the document, and the absolute paths of the files it refers to. */
export interface LoadedSpec extends LoadedYaml {
  files: string[];
}

/**
 * Loads an upstream spec file with every guard and the reference policy.
 * @param path absolute path
 */
export function loadSpec(
  path: string,
  { provider, label = (p) => p, scopeDir = dirname(path), hint, openapi = true, limits = specLimits() }: LoadSpecOptions = {},
): LoadedSpec {
  const src = loadYamlSource(path, { provider, label: label(path), limits });
  if (openapi) assertOpenApi(src.data, { provider, file: label(path) });
  const { files } = checkRefs(src, { base: path, scopeDir, provider, label, limits, hint, externalValues: 'renamed' });
  return { ...src, files };
}
