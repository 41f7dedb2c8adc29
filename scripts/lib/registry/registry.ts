// The one registry of providers is redocly.yaml: every provider is an entry under `apis:`
// (root document, overlays, effective output). Scripts, tests and turbo tasks read it from
// here; nothing else lists the providers.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { UserError } from '../shared/errors.ts';
import type { CliOption } from '../shared/cli-args.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A provider as loadProviders returns it: absolute paths; `upstream` is true when `root` is a
 * vendored upstream file.
 */
export interface Provider {
  name: string;
  /** specs/<name> */
  specDir: string;
  /** packages/<name> */
  packageDir: string;
  /** the root document (upstream.yaml or authored.yaml) */
  root: string;
  overlays: string[];
  /** the effective spec the build writes */
  effective: string;
  upstream: boolean;
}

/** A rule's setting in redocly.yaml: its severity, or an object with a `severity` and the rule's options. */
export type RuleSetting = string | { severity?: string; [option: string]: unknown };

/** One entry under `apis:` in redocly.yaml, the fields the scripts read. */
interface RedoclyApi {
  /** the root document, relative to the repository */
  root?: string;
  /** the effective spec, relative to the repository */
  output?: string;
  overlays?: string[];
  rules?: Record<string, RuleSetting>;
  /** why each rule turned off is accepted */
  'x-reasons'?: Record<string, unknown>;
  /** findings accepted one by one: rule -> JSON pointer -> why (lint:specs --fix --accept-all writes them) */
  'x-accepted'?: Record<string, Record<string, unknown> | null | undefined>;
}

/**
 * redocly.yaml, the fields the scripts read. A view of the file as written, not a check of it:
 * Redocly validates its configuration when it runs; the scripts require only each API's `root`
 * and `output` (loadProviders).
 */
export interface RedoclyConfig {
  extends?: unknown;
  plugins?: string[];
  preprocessors?: Record<string, unknown>;
  rules?: Record<string, RuleSetting>;
  'x-reasons'?: Record<string, unknown>;
  apis?: Record<string, RedoclyApi | null | undefined>;
}

/** Absolute paths; `upstream` is true when `root` is a vendored upstream file. */
export function loadProviders(root: string = repoRoot): Provider[] {
  const configFile = join(root, 'redocly.yaml');
  const config = loadYamlSource(configFile, { label: 'redocly.yaml' });
  const apis = (config.data as RedoclyConfig).apis ?? {};
  return Object.entries(apis).map(([name, api]): Provider => {
    const where = { provider: name, file: relative(root, configFile), line: config.lineOf(['apis', name]) };
    if (!api?.root) throw new UserError(`api "${name}" has no root`, where);
    if (!api.output) throw new UserError(`api "${name}" has no output (the effective spec path)`, where);
    const specDir = join(root, 'specs', name);
    const provider: Provider = {
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
export function selectProviders(names: readonly string[], root: string = repoRoot): Provider[] {
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
export function specFolders(root: string = repoRoot): string[] {
  const dir = join(root, 'specs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

function providerFromCwd(root: string): string {
  const rel = relative(root, process.cwd()).split(sep);
  if ((rel[0] === 'specs' || rel[0] === 'packages') && rel[1]) return rel[1];
  throw new UserError(`'.' names no provider: run from specs/<provider> or packages/<provider>`);
}

/** What the per-provider arguments select: the root, the boolean flags given, the providers. */
export interface ProviderSelection {
  root: string;
  flags: Record<string, boolean>;
  providers: Provider[];
}

/** The options of `[--root DIR] [flag ...] [provider ... | .]`, as parseCli takes them. */
export const providerOptions = (flags: readonly string[] = []): Record<string, CliOption> => ({
  root: { type: 'string' },
  ...Object.fromEntries(flags.map((f) => [f, { type: 'boolean' }])),
});

/** The selection parsed arguments make (no names: every provider; `.`: the current folder's). */
export function providerSelection(
  { values, positionals }: { values: Record<string, unknown>; positionals: string[] },
  flags: readonly string[] = [],
): ProviderSelection {
  const root = typeof values.root === 'string' ? resolve(values.root) : repoRoot;
  return { root, flags: Object.fromEntries(flags.map((f) => [f, Boolean(values[f])])), providers: selectProviders(positionals, root) };
}
