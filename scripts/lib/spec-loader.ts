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
// an example is rare, an unnoticed one would leak.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UserError } from './errors.ts';
import { loadYamlSource, parseYamlText, specLimits } from './yaml-source.ts';
import { formatPointer } from './json-pointer.ts';

const pointerOf = (path) => formatPointer(path);

/** Every string `$ref` of a parsed document, with its path segments (iterative walk; a path is built only for a `$ref`). */
export function refsOf(data) {
  const out = [];
  const pathOf = (entry) => {
    const keys = [];
    for (let e = entry; e.parent; e = e.parent) keys.push(e.key);
    return keys.reverse();
  };
  const stack = [{ node: data, parent: null, key: null }];
  while (stack.length) {
    const entry = stack.pop();
    const { node } = entry;
    if (node === null || typeof node !== 'object') continue;
    if (typeof node.$ref === 'string') out.push({ ref: node.$ref, path: [...pathOf(entry), '$ref'] });
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const v = node[keys[i]];
      if (v !== null && typeof v === 'object') stack.push({ node: v, parent: entry, key: Array.isArray(node) ? Number(keys[i]) : keys[i] });
    }
  }
  return out;
}

/** What kind of reference a `$ref` string is: 'local', 'relative', 'url', 'absolute'. */
export function refKind(ref) {
  if (ref.startsWith('#') || ref === '') return 'local';
  if (/^[a-z]:[\\/]/i.test(ref) || ref.startsWith('/') || ref.startsWith('\\')) return 'absolute';
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return 'url';
  return 'relative';
}

/**
 * Checks the `$ref`s of a document (and of the relative files it refers to, transitively).
 * @param {{ data: any, lineOf?: Function }} src the parsed document
 * @param {{ base: string, scopeDir: string, provider?: string, label: (abs: string) => string, limits?: object,
 *   hint?: string }} opts base: the absolute path the document lives at (or will); scopeDir: the
 *   folder every referenced file must be inside; label: path for messages; hint: what to do, added
 *   to every refusal
 * @returns {{ files: string[] }} absolute paths of the referenced files (not the document itself)
 */
export function checkRefs(src, { base, scopeDir, provider, label, limits = specLimits(), hint }) {
  const scope = existsSync(scopeDir) ? realpathSync(scopeDir) : resolve(scopeDir);
  const files = new Map(); // absolute path -> loaded source
  const queue = [{ src, at: base }];
  while (queue.length) {
    const { src: doc, at } = queue.shift();
    for (const { ref, path } of refsOf(doc.data)) {
      const kind = refKind(ref);
      if (kind === 'local') continue;
      const where = { provider, file: label(at), line: doc.lineOf?.(path) };
      const refused = (why) => new UserError(`$ref "${ref}" at ${pointerOf(path)} ${why}${hint ? ` ${hint}` : ''}`, where);
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
      let target;
      try {
        target = resolve(dirname(at), decodeURIComponent(ref.split('#')[0]));
      } catch {
        throw refused('is not a valid relative reference.');
      }
      const inside = (p) => p === scope || p.startsWith(scope + sep);
      const real = existsSync(target) ? realpathSync(target) : target;
      if (!inside(resolve(target)) || !inside(real)) {
        throw refused(
          `leads out of the spec's folder (to ${relative(scope, real).split(sep).join('/')}): only files inside it are followed, so nothing else on this machine ends up in the published package.`,
        );
      }
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

const realOf = (p) => (existsSync(p) ? realpathSync(p) : resolve(p));

/** Refuses a document that is not OpenAPI 3.0 or 3.1. */
export function assertOpenApi(data, { provider, file }) {
  if (!data || typeof data !== 'object' || typeof data.openapi !== 'string') {
    throw new UserError(
      `not an OpenAPI document (no top-level \`openapi:\`)${data?.swagger ? `; it is Swagger ${data.swagger}: convert it to OpenAPI 3 first` : ''}`,
      { provider, file, line: 1 },
    );
  }
  if (!/^3\.[01]\./.test(data.openapi))
    throw new UserError(`OpenAPI ${data.openapi} is not supported (3.0.x and 3.1.x are)`, { provider, file, line: 1 });
}

/**
 * Loads an upstream spec file with every guard and the reference policy.
 * @param {string} path absolute path
 * @param {{ provider?: string, label?: (abs: string) => string, scopeDir?: string, hint?: string, openapi?: boolean }} opts
 *   scopeDir defaults to the file's folder
 * @returns {{ file: string, bytes: Buffer, text: string, data: any, lineOf: Function, files: string[] }}
 */
export function loadSpec(path, { provider, label = (p) => p, scopeDir = dirname(path), hint, openapi = true, limits = specLimits() } = {}) {
  const src = loadYamlSource(path, { provider, label: label(path), limits });
  if (openapi) assertOpenApi(src.data, { provider, file: label(path) });
  const { files } = checkRefs(src, { base: path, scopeDir, provider, label, limits, hint });
  return { ...src, files };
}

/** The same for a document in memory (a download) that will live at `base`. */
export function parseSpec(text, { base, provider, label = (p) => p, scopeDir = dirname(base), hint, limits = specLimits() }) {
  const src = parseYamlText(text, { provider, file: label(base), limits });
  assertOpenApi(src.data, { provider, file: label(base) });
  const { files } = checkRefs(src, { base, scopeDir, provider, label, limits, hint });
  return { ...src, files };
}
