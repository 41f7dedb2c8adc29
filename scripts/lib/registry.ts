// The one registry of providers is redocly.yaml: every provider is an entry under `apis:`
// (root document, overlays, effective output). Scripts, tests and turbo tasks read it from
// here; nothing else lists the providers.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYamlSource } from './yaml-source.ts';
import { UserError } from './errors.ts';
import { parseCli } from './cli-args.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @typedef {{ name: string, specDir: string, packageDir: string, root: string,
 *   overlays: string[], effective: string, upstream: boolean }} Provider
 */

/** @returns {Provider[]} absolute paths; `upstream` is true when `root` is a vendored upstream file. */
export function loadProviders(root = repoRoot) {
  const configFile = join(root, 'redocly.yaml');
  const config = loadYamlSource(configFile, { label: 'redocly.yaml' });
  const apis = config.data.apis ?? {};
  return Object.entries(apis).map(([name, api]) => {
    const where = { provider: name, file: relative(root, configFile), line: config.lineOf(['apis', name]) };
    if (!api?.root) throw new UserError(`api "${name}" has no root`, where);
    if (!api.output) throw new UserError(`api "${name}" has no output (the effective spec path)`, where);
    const specDir = join(root, 'specs', name);
    const provider = {
      name,
      specDir,
      packageDir: join(root, 'packages', name),
      root: join(root, api.root),
      overlays: (api.overlays ?? []).map((o) => join(root, o)),
      effective: join(root, api.output),
      upstream: /(^|\/)upstream\.(ya?ml|json)$/.test(api.root),
    };
    if (dirname(provider.root) !== specDir) {
      throw new UserError(`root must live in specs/${name}/ (found ${api.root})`, where);
    }
    return provider;
  });
}

/**
 * Picks providers by name (all when none named), with a clear error on an unknown name.
 * '.' names the provider whose specs/<p> or packages/<p> folder is the current directory
 * (how each package's npm script calls the shared scripts).
 */
export function selectProviders(names, root = repoRoot) {
  const all = loadProviders(root);
  if (!names.length) return all;
  return names.map((name) => {
    const n = name === '.' ? providerFromCwd(root) : name;
    const p = all.find((x) => x.name === n);
    if (!p) {
      throw new UserError(
        `unknown provider "${n}". Known: ${all.map((x) => x.name).join(', ')}. Providers are registered under apis: in redocly.yaml.`,
      );
    }
    return p;
  });
}

/** Folders under specs/ (each should be registered). */
export function specFolders(root = repoRoot) {
  const dir = join(root, 'specs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

function providerFromCwd(root) {
  const rel = relative(root, process.cwd()).split(sep);
  if ((rel[0] === 'specs' || rel[0] === 'packages') && rel[1]) return rel[1];
  throw new UserError(`'.' names no provider: run from specs/<provider> or packages/<provider>`);
}

/**
 * Common CLI arguments of the repository scripts: `[--root DIR] [flag ...] [provider ... | .]`;
 * `flags` lists the boolean options a script accepts (returned as `flags.<name>`).
 */
export function parseProviderArgs(argv, { flags: known = [] } = {}) {
  const usage = `usage: [--root DIR]${known.map((f) => ` [--${f}]`).join('')} [provider ... | .]`;
  const { values, positionals } = parseCli(argv, {
    usage,
    options: { root: { type: 'string' }, ...Object.fromEntries(known.map((f) => [f, { type: 'boolean' }])) },
  });
  const root = values.root ? resolve(values.root) : repoRoot;
  const flags = Object.fromEntries(known.map((f) => [f, Boolean(values[f])]));
  return { root, flags, providers: selectProviders(positionals, root) };
}
