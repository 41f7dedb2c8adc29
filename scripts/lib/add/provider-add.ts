#!/usr/bin/env node
// `npm run provider:add -- <name> <path-to-spec.yaml|json>`: adds a provider from its published
// spec (OpenAPI 3.0 or 3.1, YAML or JSON). It writes only the provider's own folders (the spec
// verbatim and an empty overlay in specs/<name>, the spec package; the client package in
// packages/<name>, with auth derived from the spec's security schemes and its testing entry,
// testing.ts, holding the test credentials), its registration in redocly.yaml, and
// package-lock.json with the workspace links; nothing else in the repository lists providers.
// Then it builds the effective spec and the types and lints them. When lint rejects the spec,
// it says which overlay actions (or accepted rules) would fix each finding; everything else is
// in place.
//
//   node scripts/commands/add.ts [--root DIR] [--no-install] <name> <spec-file>
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../shared/errors.ts';
import { loadProviders, type Provider, repoRoot } from '../registry/registry.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { buildSpec } from '../build/build-spec.ts';
import { generateProvider } from '../codegen/codegen.ts';
import { commentText, pascalCase as pascal, sourceJson } from '../shared/names.ts';
import {
  acceptYaml,
  actionsYaml,
  adviceTable,
  applySuggestion,
  type FindingToFix,
  type OverlayAction,
  type Suggestion,
  suggestForProvider,
  suggestionFile,
} from '../lint/lint-hints.ts';
import { typecheckAdvice, typecheckGenerated } from '../codegen/generated-typecheck.ts';
import { buildAndLint, fixProviders } from '../lint/lint-fix.ts';
import type { LintFinding, LintResult, UpstreamFinding } from '../lint/lint.ts';
import { type LoadedSpec, loadSpec } from '../spec/spec-loader.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { progress } from '../shared/progress.ts';
import { countOperations, specModel } from '../spec/spec-model.ts';
import { addWorkflowVariables, VERIFY_WORKFLOW, verifyEnv } from './verify-entry.ts';

/** 'APIToken' -> 'apiToken', 'OAuth2' -> 'oAuth2', 'api_key' -> 'apiKey': a leading acronym is lowercased whole. */
const camel = (s: string): string => pascal(s).replace(/^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)|^[A-Z]/, (c) => c.toLowerCase());
/**
 * The options every client has already (`baseOptionNames` in @capi/core's client.ts, which
 * scripts/test/add/auth-options.test.mjs holds this to): no scheme's option may take one.
 */
const BASE_OPTIONS = new Set([
  'baseUrl',
  'fetch',
  'middleware',
  'headers',
  'retry',
  'timeoutMs',
  'totalTimeoutMs',
  'maxResponseBytes',
  'throwOnError',
  'telemetry',
  'rateLimit',
  'validate',
  'onContractViolation',
]);

/** A spec to vendor: as loadSpec read it, the file name to vendor it as, and the files it refers to (relative to its folder). */
interface VendoredSpec extends LoadedSpec {
  vendoredAs: 'upstream.json' | 'upstream.yaml';
  /** relative to the spec's folder (real paths, symlinks followed) */
  files: string[];
}

/**
 * Reads and checks the spec with the shared guards (lib/spec/spec-loader.ts: size, strict UTF-8,
 * duplicate keys, aliases, depth, references); returns its exact bytes, data, the file name to
 * vendor it as, and the relative files it refers to (vendored next to it, same layout).
 */
function readSpec(file: string): VendoredSpec {
  const label = (p: string) => (p === file ? file : relative(dirname(file), p));
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error(), { code: 'not a file' });
  } catch (caught) {
    const err = caught as NodeJS.ErrnoException; // what node:fs throws, or the error just above
    throw new UserError(`cannot read ${file} (${err.code ?? err.message})`);
  }
  const spec = loadSpec(file, {
    label,
    hint: 'Nothing was added. If the reference belongs to the spec, put the file next to the spec (inside its folder) and refer to it relatively, or bundle the spec yourself after checking what it refers to (npx @redocly/cli bundle), and add the result.',
  });
  const json = extname(file).toLowerCase() === '.json' || /^\s*\{/.test(spec.text);
  const dir = realpathSync(dirname(file)); // the files are real paths (symlinks followed)
  const files = spec.files.map((f) => relative(dir, f));
  const ours = files.find((f) => RESERVED.includes(f.split(/[\\/]/)[0]));
  if (ours) {
    throw new UserError(
      `the spec refers to ${ours}, a name the provider's folder uses for its own files (${RESERVED.join(', ')}); rename that file and its $ref in your copy, then add again. Nothing was added.`,
      { file },
    );
  }
  return { ...spec, vendoredAs: json ? 'upstream.json' : 'upstream.yaml', files };
}

/** Names in specs/<provider>/ that are ours, so a file the spec refers to cannot be vendored as one. */
const RESERVED = [
  'upstream.yaml',
  'upstream.json',
  'authored.yaml',
  'overlay.yaml',
  'overlay.suggested.yaml',
  'effective.yaml',
  'upstream.pulled.tmp.yaml',
  'package.json',
  'node_modules',
  'turbo.json',
];

/** Package names of the workspaces (package.json `workspaces`: folders and `dir/*` patterns) -> folder. */
function workspacePackages(root: string): Map<string, string> {
  let patterns: string[] = [];
  try {
    patterns = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces ?? [];
  } catch {
    /* no root package.json: nothing to clash with */
  }
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return existsSync(join(root, parent)) ? readdirSync(join(root, parent)).map((d) => `${parent}/${d}`) : [];
  });
  const names = new Map<string, string>();
  for (const dir of dirs) {
    try {
      const { name } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      if (name) names.set(name, dir);
    } catch {
      /* not a package */
    }
  }
  return names;
}

/**
 * File names that say nothing of the provider (`openapi.yaml`, `swagger.json`, wiremock's
 * `admin.yaml`, `v2.json`): its folder or its title names it instead.
 */
const GENERIC_SPEC_NAME = /^(?:openapi|swagger|spec|specs|api|apis|admin|index|schema|v\d+(?:\.\d+)*)$/i;
/** A version folder (`v2`, `2.35.0`, `2024-06-01`): the provider's folder is the one above it. */
const VERSION_FOLDER = /^v?\d+(?:[.-]\d+)*$/i;
/** Folder names that say nothing of the provider either: where files are kept. */
const GENERIC_FOLDER = /^(?:docs?|downloads?|desktop|tmp|temp|src|home)$/i;

/** A provider name made of `text`: lower case letters, digits and dashes, starting with a letter, at most 31 characters; null when it gives none. */
function providerName(text: string): string | null {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 31)
    .replace(/-+$/, '');
  return /^[a-z][a-z0-9-]{1,30}$/.test(name) && !GENERIC_SPEC_NAME.test(name) ? name : null;
}

/** The spec's `info.title` (read with the spec loader's limits), or undefined when it has none or cannot be read. */
function specTitle(path: string): string | undefined {
  try {
    const { data } = loadYamlSource(path);
    const title = (data as { info?: { title?: unknown } } | null)?.info?.title;
    return typeof title === 'string' ? title : undefined;
  } catch {
    return undefined; // the add itself says why it cannot read the file
  }
}

/**
 * A provider name made from a spec file when none is given, and where it came from, as the
 * first line says it: the file's own name (`rbaskets.in.json` → `rbaskets-in`, "from <file>");
 * for a file named after a generic word (`openapi`, `swagger`, `spec`, `api`, wiremock's
 * `admin`), its folder, or the one above a version folder, unless that is a generic place
 * (`stripe/openapi.yaml` → `stripe`, `wiremock/2.35.0/admin.yaml` → `wiremock`; `Downloads/`
 * names nothing), else the spec's title (`title`: read only then). Null when none gives a name.
 */
export function nameFromSpecFile(
  path: string,
  title: () => string | undefined = () => specTitle(path),
): { name: string; from: string } | null {
  const base = basename(path, extname(path));
  if (!GENERIC_SPEC_NAME.test(base)) {
    const name = providerName(base);
    return name ? { name, from: 'its file name' } : null;
  }
  // the folder it is in, or the one above a version folder; no further (a home or a temporary
  // folder would name it)
  let dir = dirname(path);
  if (VERSION_FOLDER.test(basename(dir))) dir = dirname(dir);
  const folder = basename(dir);
  const fromFolder = GENERIC_SPEC_NAME.test(folder) || GENERIC_FOLDER.test(folder) ? null : providerName(folder);
  if (fromFolder) return { name: fromFolder, from: `its folder ${folder}/, the file's name "${base}" naming no provider` };
  const fromTitle = providerName(title() ?? '');
  return fromTitle ? { name: fromTitle, from: `the spec's title (info.title), the file's name "${base}" naming no provider` } : null;
}

/** Refuses a provider name whose packages or folders would clash with what the repository has. */
function checkName(root: string, name: string): void {
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(name))
    throw new UserError(`provider name "${name}": use 2-31 lowercase letters, digits or dashes, starting with a letter`);
  // objects keyed by provider name (a testing entry's fakes, options) would find Object.prototype's
  // own member under it: `npm run fake -- constructor` crashed on Object's constructor
  if (name in Object.prototype) {
    throw new UserError(`provider name "${name}": a name of a member of every JavaScript object is reserved; choose another name`);
  }
  if (name.startsWith('spec-')) {
    throw new UserError(
      `provider name "${name}": names starting with "spec-" are reserved (the client package @capi/${name} would clash with the spec package of a provider "${name.slice(5)}"); choose another name`,
    );
  }
  if (loadProviders(root).some((p) => p.name === name)) throw new UserError(`provider "${name}" exists already (redocly.yaml)`);
  const taken = workspacePackages(root);
  for (const pkg of [`@capi/${name}`, `@capi/spec-${name}`]) {
    if (taken.has(pkg)) {
      throw new UserError(
        `provider name "${name}": its package ${pkg} would clash with the workspace ${taken.get(pkg)}/ (already named ${pkg}; npm install refuses two workspaces of one name); choose another name`,
      );
    }
  }
  if (existsSync(join(root, 'specs', name)) || existsSync(join(root, 'packages', name))) {
    throw new UserError(`provider "${name}" exists already (specs/${name} or packages/${name})`);
  }
  if (['core', 'conformance', 'example', 'fakes', 'scripts', 'bench'].includes(name))
    throw new UserError(`provider name "${name}" is taken by a workspace; choose another name`);
}

/**
 * A client package.json as the other published clients have it: license and repository from
 * the root package.json, dist + the src its maps point at, exports with types, the build on
 * pack, a dependency range on @capi/core, and the pipeline reached through the capi bin.
 */
function clientPackage(root: string, name: string) {
  // the fields read of the root and core package.json (JSON.parse answers any)
  const rootPkg: { license?: string; engines?: Record<string, string>; repository?: { url?: string } } = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  );
  const corePkg: { version: string; engines?: Record<string, string> } = JSON.parse(
    readFileSync(join(root, 'packages/core/package.json'), 'utf8'),
  );
  const repoUrl = rootPkg.repository?.url;
  const web = repoUrl?.replace(/^git\+/, '').replace(/\.git$/, '');
  return {
    name: `@capi/${name}`,
    version: '0.1.0',
    description: `Typed client for the ${name} API, generated from specs/${name}/effective.yaml.`,
    license: rootPkg.license ?? 'UNLICENSED',
    ...(repoUrl
      ? {
          repository: { type: 'git', url: repoUrl, directory: `packages/${name}` },
          homepage: `${web}/tree/main/packages/${name}#readme`,
          bugs: { url: `${web}/issues` },
        }
      : {}),
    type: 'module',
    sideEffects: false,
    // a client runs where @capi/core does (what the runtime suite tests), not only on the tooling's Node
    engines: corePkg.engines ?? rootPkg.engines,
    // ./testing: the testing entry (testing.ts), for this repository only: not in `files`, and
    // exported under a condition only its conformance job and fakes use; ./fake: the stateful
    // fake for consumers' tests (src/generated/fake.gen.ts, published)
    exports: {
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './fake': { types: './dist/generated/fake.gen.d.ts', default: './dist/generated/fake.gen.js' },
      './testing': { 'capi-testing': './testing.ts' },
      './package.json': './package.json',
    },
    files: ['dist', 'src'],
    scripts: {
      // the effective spec built and the client generated, one turbo task (turbo.json: packageTurboJson)
      generate: 'capi build-and-codegen .',
      build: 'tsc -p tsconfig.build.json',
      typecheck: 'tsc --noEmit',
      test: 'vitest run --reporter=default --reporter=json --outputFile.json=reports/test-results.json',
      // the provider's conformance stages, its own turbo tasks (npm run conformance runs them)
      'lint:spec': 'capi conformance-stage lint .',
      contract: 'capi conformance-stage contract .',
      scenarios: 'capi conformance-stage scenarios .',
      prepack: `turbo run build --filter=@capi/${name}`,
    },
    dependencies: { '@capi/core': `^${corePkg.version}` },
    devDependencies: { '@capi/scripts': '0.1.0', [`@capi/spec-${name}`]: '0.1.0' },
    publishConfig: { access: 'public', provenance: true },
  };
}

/** A client option derived from a security scheme. */
interface AuthOption {
  /** the security scheme's name in the spec */
  scheme: string;
  /**
   * how the client sends it: oauth2 and openIdConnect as a bearer token, given as it is or
   * obtained by the client (OAuth2Options in @capi/core: client credentials, a refresh token, a
   * token provider)
   */
  kind: 'apiKey' | 'bearer' | 'basic' | 'oauth2';
  /** the option's name in the client options */
  option: string;
  required: boolean;
  /** its doc comment */
  doc: string;
}

/**
 * The client options derived from the spec's security schemes: one option per scheme the spec
 * uses; required when every top-level requirement needs the scheme, optional otherwise.
 */
export function authOptions(doc: unknown, provider: string, warn: (message: string) => void = () => {}): AuthOption[] {
  const model = specModel(doc, { schemas: 'as-written' });
  const schemes = model.securitySchemes;
  // each operation's effective requirements: its own `security`, else the document's
  const effective = model.operations.map((o) => o.security);
  const used = model.usedSchemes;
  // a scheme defined but named by no requirement still gets an (optional) option: specs often
  // describe how to authenticate without saying where it is required
  const names = [...used, ...Object.keys(schemes).filter((n) => !used.includes(n))];
  // biome-ignore lint/suspicious/noExplicitAny: a scheme as the spec writes it
  const kinds: { name: string; kind: AuthOption['kind'] | 'undefined' | 'unsupported'; s?: any }[] = names.map((name) => {
    const s = schemes[name];
    if (!s) return { name, kind: 'undefined' };
    if (s.type === 'apiKey') return { name, kind: 'apiKey', s };
    if (s.type === 'http' && /^bearer$/i.test(s.scheme)) return { name, kind: 'bearer', s };
    if (s.type === 'http' && /^basic$/i.test(s.scheme)) return { name, kind: 'basic', s };
    if (s.type === 'oauth2' || s.type === 'openIdConnect') return { name, kind: 'oauth2', s };
    return { name, kind: 'unsupported', s };
  });
  for (const k of kinds.filter((x) => x.kind === 'unsupported')) {
    warn(
      `security scheme ${k.name} (${k.s.type}${k.s.scheme ? ` ${k.s.scheme}` : ''}) has no option in the scaffold: the client cannot derive it; add it by hand in packages/${provider}/src/index.ts if you need it`,
    );
  }
  // an API key the request signs (AWS Signature Version 4, as every amazonaws.com spec of
  // APIs.guru marks it): the option alone is sent as it is, which such a provider refuses
  const signed = (k: (typeof kinds)[number]): boolean =>
    k.kind === 'apiKey' && /sigv4/i.test(String(k.s?.['x-amazon-apigateway-authtype']));
  for (const k of kinds.filter(signed)) {
    warn(
      `security scheme ${k.name} is AWS Signature Version 4 (x-amazon-apigateway-authtype): the client sends its option as the ${k.s.name} ${k.s.in === 'header' ? 'header' : `${k.s.in} parameter`} as it is, and a signature is computed per request (method, path, headers, body); sign each request in a \`middleware\` of the client options`,
    );
  }
  const derived = kinds.filter(
    (k): k is (typeof kinds)[number] & { kind: AuthOption['kind'] } => k.kind !== 'undefined' && k.kind !== 'unsupported',
  ); // an undefined one: lint reports it (capi/security-scheme-defined)
  const simple: Record<AuthOption['kind'], string> = { apiKey: 'apiKey', bearer: 'token', basic: 'basic', oauth2: 'token' };
  const single = derived.length === 1;
  // required when every operation needs it whichever requirement is chosen
  const always = (name: string) => effective.length > 0 && effective.every((reqs) => reqs.length > 0 && reqs.every((r) => name in r));
  // one option per scheme, never one a client has already nor one another scheme took
  // (`api_key` and `apiKey` both read apiKey): the later gets a number
  const taken = new Set(BASE_OPTIONS);
  const optionOf = new Map<string, string>();
  for (const k of derived) {
    const base = single ? simple[k.kind] : camel(k.name) || 'credential';
    let option = base;
    for (let n = 2; taken.has(option); n++) option = `${base}${n}`;
    taken.add(option);
    optionOf.set(k.name, option);
  }
  return derived.map((k) => ({
    scheme: k.name,
    kind: k.kind,
    option: optionOf.get(k.name) as string,
    required: always(k.name),
    doc:
      k.kind === 'apiKey'
        ? `API key, sent as the ${k.s.name} ${k.s.in === 'header' ? 'header' : `${k.s.in} parameter`} (scheme ${k.name})${signed(k) ? '; the spec marks it AWS Signature Version 4, computed per request: sign in a `middleware`' : ''}.`
        : k.kind === 'basic'
          ? `HTTP Basic credentials (scheme ${k.name}).`
          : k.kind === 'oauth2'
            ? `An access token (sent as \`Authorization: Bearer <token>\`), or how to get one: { clientId, clientSecret } (client-credentials flow), { refreshToken }, or { tokenProvider } (scheme ${k.name}, ${k.s.type}${flowsOf(k.s)}).`
            : `Token sent as \`Authorization: Bearer <token>\` (scheme ${k.name}, ${k.s.type}).`,
  }));
}

/** How each kind of option sends its credential, in the summary provider:add prints. */
const KIND_LABEL: Record<AuthOption['kind'], string> = {
  apiKey: 'API key',
  bearer: 'bearer token',
  basic: 'HTTP Basic',
  oauth2: 'OAuth 2',
};

/**
 * The client options as provider:add prints them: each option (`?` when optional), how it is
 * sent and the scheme it comes from, the scheme's name only where it is not the option's own
 * (`basic? (HTTP Basic)` for a scheme named basic, not `basic? (basic, basic)`).
 */
export function optionsSummary(options: readonly AuthOption[]): string {
  if (!options.length) return 'none (no security)';
  return options
    .map((o) => `${o.option}${o.required ? '' : '?'} (${KIND_LABEL[o.kind]}${o.scheme === o.option ? '' : `, scheme ${o.scheme}`})`)
    .join(', ');
}

/** ", flows: clientCredentials, ..." for an oauth2 scheme that declares flows. */
// biome-ignore lint/suspicious/noExplicitAny: a scheme as the spec writes it
function flowsOf(s: any): string {
  const flows = s && typeof s.flows === 'object' && s.flows ? Object.keys(s.flows).filter((f) => !f.startsWith('x-')) : [];
  return flows.length ? `; flows: ${flows.join(', ')}` : '';
}

export function clientSource(name: string, options: readonly AuthOption[]): string {
  const P = pascal(name);
  const fields = options
    .map(
      (o) =>
        `  /** ${commentText(o.doc)} */\n  ${o.option}${o.required ? '' : '?'}: ${o.kind === 'basic' ? '{ username: string; password: string }' : o.kind === 'oauth2' ? 'string | OAuth2Options' : 'string'};`,
    )
    .join('\n');
  const creds = options.map((o) => {
    if (o.kind === 'oauth2') {
      return o.required
        ? `    ${sourceJson(o.scheme)}: requireOAuth2(def.name, options, '${o.option}'),`
        : `    ${sourceJson(o.scheme)}: oauth2Option(options.${o.option}),`;
    }
    if (o.kind === 'basic') {
      return o.required
        ? `    ${sourceJson(o.scheme)}: requireBasic(def.name, options.${o.option}, '${o.option}'),`
        : `    ${sourceJson(o.scheme)}: options.${o.option},`;
    }
    return o.required
      ? `    ${sourceJson(o.scheme)}: requireOption(def.name, options, '${o.option}'),`
      : `    ${sourceJson(o.scheme)}: options.${o.option},`;
  });
  const needs = {
    requireOption: options.some((o) => o.required && o.kind !== 'basic' && o.kind !== 'oauth2'),
    basic: options.some((o) => o.required && o.kind === 'basic'),
    // the OAuth2 code is imported only by a client whose spec has an oauth2 scheme
    oauth2: options.some((o) => !o.required && o.kind === 'oauth2'),
    requireOAuth2: options.some((o) => o.required && o.kind === 'oauth2'),
  };
  const imports = [
    'checkClientOptions',
    'createProviderClient',
    needs.requireOption && 'requireOption',
    needs.basic && 'ConfigError',
    needs.oauth2 && 'oauth2Option',
    needs.requireOAuth2 && 'requireOAuth2',
    'type BaseClientOptions',
    'type ClientFor',
    options.some((o) => o.kind === 'oauth2') && 'type OAuth2Options',
    'type ProviderClient',
  ].filter(Boolean);
  return `// Written by \`npm run provider:add\` from the spec's security schemes; yours to edit from now on.
// The ${name} client factory. Everything in src/generated/ is generated from the effective spec.
import { ${imports.join(', ')} } from '@capi/core';
import { type Pages, spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';

export interface ${P}ClientOptions extends BaseClientOptions {
${fields || '  // the spec declares no security'}
}

// \`Pages\` (generated): \`client.paginate\` is typed for each operation the overlay declares paged
export type ${P}Client<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;
${
  needs.basic
    ? `
function requireBasic(provider: string, value: { username: string; password: string } | undefined, key: string) {
  if (!value || typeof value.username !== 'string' || !value.username || typeof value.password !== 'string') {
    throw new ConfigError(provider, key, \`option "\${key}" is required: { username, password }\`);
  }
  return { username: value.username, password: value.password };
}
`
    : ''
}
/**
 * A ${name} client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function create${P}Client<T extends boolean = false>(
  options: ${P}ClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = {
    name: '${name}',
    spec,
    optionNames: ${sourceJson(Object.fromEntries(options.map((o) => [o.scheme, o.option])))},
    options: ${JSON.stringify(options.map((o) => o.option))},
  };
  checkClientOptions(def, options);
  return createProviderClient<paths, { throwOnError?: T }, Pages>(def, options, {
${creds.join('\n')}
  });
}
`;
}

export function testSource(name: string, options: readonly AuthOption[]): string {
  const P = pascal(name);
  const value = (o: AuthOption) => (o.kind === 'basic' ? `{ username: 'user', password: 'secret' }` : `'test-${o.option}'`);
  const required = options.filter((o) => o.required);
  const creds = (required.length ? required : options.slice(0, 1)).map((o) => `${o.option}: ${value(o)}`).join(', ');
  return `import { describe, expect, it } from 'vitest';
${required.length ? "import { ConfigError } from '@capi/core';\n" : ''}import { create${P}Client, spec } from '../src/index.js';

// Written by \`npm run provider:add\`; the contract tests (apps/conformance) call every operation.
describe('create${P}Client', () => {
  it('builds a client for the spec server', () => {
    const client = create${P}Client({ ${creds} });
    expect(typeof client.request).toBe('function');
    expect(spec.servers.length).toBeGreaterThanOrEqual(0);
  });
${
  required.length
    ? `
  it('refuses to start without its credentials', () => {
    expect(() => create${P}Client({} as never)).toThrow(ConfigError);
  });
`
    : ''
}});
`;
}

function registerApi(root: string, name: string, file: string): void {
  const configFile = join(root, 'redocly.yaml');
  const doc = parseDocument(readFileSync(configFile, 'utf8'));
  doc.setIn(
    ['apis', name],
    doc.createNode({
      root: `specs/${name}/${file}`,
      overlays: [`specs/${name}/overlay.yaml`],
      output: `specs/${name}/effective.yaml`,
    }),
  );
  writeFileAtomic(configFile, doc.toString({ lineWidth: 0 }));
}

/** A variables table as TypeScript source: `{ token: 'ACME_TOKEN', 'basic.username': ... }`. */
const envSource = (env: Record<string, string>): string => {
  const entries = Object.entries(env).map(([path, variable]) => `${/^[A-Za-z_$][\w$]*$/.test(path) ? path : `'${path}'`}: '${variable}'`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
};

/**
 * The provider's testing entry (packages/<name>/testing.ts): test credentials for the contract
 * tests, one placeholder per option (each scheme any operation uses), shaped by the security schemes;
 * Prism checks that credentials are there and well-formed, never their value. Its fake is the
 * one inferred from its spec (no `fake` rules yet).
 */
export function testingSource(name: string, options: readonly AuthOption[]): string {
  const P = pascal(name);
  const value = (o: AuthOption) =>
    o.kind === 'basic' ? `{ username: 'conformance', password: 'conformance' }` : `'conformance-${o.option}'`;
  // every option: operations may each require another scheme (security per operation), and an
  // operation whose scheme has no credentials here could not be called at all
  const chosen = options;
  return `// Written by \`npm run provider:add\`; yours to edit from now on. What the conformance job and the
// fakes need of ${name} (@capi/${name}/testing, for this repository only: not published). Types:
// @capi/scripts/provider-testing (scripts/lib/registry/provider-testing.ts); docs/adding-a-provider.md.
import type { ProviderTesting } from '@capi/scripts/provider-testing';
import type { ${P}ClientOptions } from './src/index.js';

export default {
  // the contract tests' credentials against the Prism mock (placeholders of the right shape)
  conformance: { options: ${chosen.length ? `{ ${chosen.map((o) => `${o.option}: ${value(o)}`).join(', ')} }` : '{}'} },
  // \`npm run fake -- ${name}\` serves the fake inferred from its spec (\`infer\` declares what it
  // guesses); with no \`fake\` rules (seed, credentials, two changes) it has no fake scenarios yet
  // (the conformance summary says "no fake"). docs/fakes.md says what both take
  // \`npm run verify -- ${name} --base-url URL\` checks the real API (docs/keeping-up.md, "Reality
  // check") with ${chosen.length ? 'each credential option read from the variable named here' : 'no credentials (the spec asks for none)'}
  verify: { env: ${envSource(verifyEnv(name, chosen))} },
} satisfies ProviderTesting<${P}ClientOptions>;
`;
}

/**
 * The new client package's tsconfig files (packages/<p>/, two levels below the root: they
 * extend the root's tsconfig.base.json), file name -> text.
 */
export const packageTsconfigs = (): Record<string, string> => ({
  'tsconfig.json': `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "noEmit": true },\n  "include": ["src", "test", "testing.ts"]\n}\n`,
  'tsconfig.build.json': `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "rootDir": "src", "outDir": "dist" },\n  "include": ["src"]\n}\n`,
});

/**
 * The new client package's turbo.json: its one `generate` task (`capi build-and-codegen .`, the
 * root turbo.json's task) also builds the provider's effective spec, so the spec folder's sources
 * are among its inputs (all but the built effective.yaml) and effective.yaml among its outputs.
 * Only this package's turbo.json names the folder: a change to another provider's spec misses no
 * cache here (docs/pipeline.md, "The registry and a provider's tasks").
 */
export const packageTurboJson = (name: string): string => {
  const spec = `$TURBO_ROOT$/specs/${name}`;
  const generate = {
    inputs: [
      '$TURBO_EXTENDS$',
      `${spec}/**/*.yaml`,
      `${spec}/**/*.yml`,
      `${spec}/**/*.json`,
      `!${spec}/effective.yaml`,
      `!${spec}/overlay.suggested.yaml`,
      `!${spec}/**/*.tmp.yaml`,
      `!${spec}/node_modules/**`,
    ],
    outputs: ['$TURBO_EXTENDS$', `${spec}/effective.yaml`],
  };
  return `${JSON.stringify({ $schema: 'https://turborepo.com/schema.json', extends: ['//'], tasks: { generate } }, null, 2)}\n`;
};

/**
 * The workspace links npm install would make for the new provider, [name under node_modules,
 * target relative to node_modules/@capi/]: the client package and the spec package.
 */
export const workspaceLinks = (name: string): [string, string][] => [
  [`@capi/${name}`, `../../packages/${name}`],
  [`@capi/spec-${name}`, `../../specs/${name}`],
];

/**
 * What codegen's validateSpec adds to the UserError of a spec that does not generate: the overlay
 * actions that correct what it can, and how many problems have none.
 */
type GenerationError = UserError & { fix?: OverlayAction[]; unfixed?: number };

/** The provider as redocly.yaml registers it, with a clear error when it is not there. */
function registered(root: string, name: string): Provider {
  const provider = loadProviders(root).find((p) => p.name === name);
  if (!provider) {
    throw new UserError(
      `provider "${name}" is not registered in redocly.yaml (no apis.${name} entry; was the file changed while it was being added?): register it, or add the provider again`,
      { provider: name, file: 'redocly.yaml' },
    );
  }
  return provider;
}

interface AddProviderOptions {
  root?: string;
  name: string;
  /** the published spec (absolute, or relative to the current directory) */
  specFile: string;
  /** false: no npm install --package-lock-only */
  install?: boolean;
  /** provider:add --fix: the fix runs next, so lint's advice does not end by proposing it */
  fixing?: boolean;
  log?: (message: string) => void;
}

/** What provider:add did. */
interface AddResult {
  /** the files written (repository paths) */
  written: string[];
  options: AuthOption[];
  /** what fails: generation, types, lint errors of the effective spec */
  errors: (UserError | LintFinding)[];
  /** upstream findings not handled */
  open: UpstreamFinding[];
  suggestion: Suggestion | null;
  /** the overlay actions that make the spec generate, when it does not as published */
  generationFix?: OverlayAction[];
}

/** Adds the provider; returns what happened (files, lint findings and their hints). */
export async function addProvider({
  root = repoRoot,
  name,
  specFile,
  install = true,
  fixing = false,
  log = console.log,
}: AddProviderOptions): Promise<AddResult> {
  const stage = progress(`[${name}]`, { write: (line) => process.stderr.write(`${line}\n`) });
  checkName(root, name);
  const source = isAbsolute(specFile) ? specFile : resolve(process.cwd(), specFile);
  // every check on the input happens here, before anything is written
  const spec = stage(`reading ${basename(source)} and checking it`, () => readSpec(source));
  const options = authOptions(spec.data, name, (m) => log(`[${name}] warning: ${m}`));
  const specDir = join(root, 'specs', name);
  const pkgDir = join(root, 'packages', name);
  const written: string[] = [];
  const write = (file: string, content: string | NodeJS.ArrayBufferView) => {
    writeFileAtomic(file, content);
    written.push(relative(root, file));
  };
  try {
    write(join(specDir, spec.vendoredAs), spec.bytes); // the bytes as published, not a re-encoding
    for (const f of spec.files) write(join(specDir, f), readFileSync(join(realpathSync(dirname(source)), f)));
    const recorded = relative(root, source).startsWith('..') ? basename(source) : relative(root, source);
    write(
      join(specDir, 'overlay.yaml'),
      `# Our corrections to the vendored upstream spec (${spec.vendoredAs}, never edited by hand).
# Applied by \`redocly bundle\` (see redocly.yaml); each action says why it exists and where
# the decision comes from. scripts/commands/build-spec.ts fails when an action stops matching.
overlay: 1.0.0
info:
  title: ${name} corrections
  version: 1.0.0
x-upstream:
  document: ${recorded}
  # Where the provider publishes this spec (npm run specs:pull -- ${name} downloads it from here).
  url: null
actions: []
`,
    );
    write(
      join(specDir, 'package.json'),
      `${JSON.stringify(
        {
          name: `@capi/spec-${name}`,
          version: '0.1.0',
          private: true,
          description: `The ${name} contract: source document, our corrections, and the effective spec built from them.`,
          files: ['effective.yaml'],
        },
        null,
        2,
      )}\n`,
    );
    write(join(pkgDir, 'package.json'), `${JSON.stringify(clientPackage(root, name), null, 2)}\n`);
    // the published package carries the license text (npm packs LICENSE from the package folder)
    if (existsSync(join(root, 'LICENSE'))) write(join(pkgDir, 'LICENSE'), readFileSync(join(root, 'LICENSE'), 'utf8'));
    for (const [file, text] of Object.entries(packageTsconfigs())) write(join(pkgDir, file), text);
    write(join(pkgDir, 'turbo.json'), packageTurboJson(name));
    // in the repository's own format, so `npm run lint` and `npm test` pass with them as written
    for (const [file, source] of [
      ['src/index.ts', clientSource(name, options)],
      ['test/client.test.ts', testSource(name, options)],
      ['testing.ts', testingSource(name, options)],
    ] as const) {
      write(join(pkgDir, file), await biomeFormat(root, `packages/${name}/${file}`, source, (m) => log(`[${name}] warning: ${m}`)));
    }
  } catch (err) {
    rmSync(specDir, { recursive: true, force: true });
    rmSync(pkgDir, { recursive: true, force: true });
    throw err;
  }
  registerApi(root, name, spec.vendoredAs);
  written.push('redocly.yaml');
  // the scheduled reality check gets the testing entry's verify variables (from secrets of the same name)
  const variables = Object.values(verifyEnv(name, options));
  const added = addWorkflowVariables(root, variables);
  if (added?.length) written.push(VERIFY_WORKFLOW);
  log(`[${name}] created:\n${written.map((f) => `  ${f}`).join('\n')}`);
  log(`[${name}] client options: ${optionsSummary(options)}`);
  log(
    `[${name}] verify: npm run verify -- ${name} --base-url URL reads ${variables.length ? variables.join(', ') : 'no credentials'} (packages/${name}/testing.ts, verify.env)${added === undefined ? `; this repository has no ${VERIFY_WORKFLOW} step running verify -- --all, so nothing runs it on a schedule` : `; the scheduled check (${VERIFY_WORKFLOW}) reads ${variables.length ? 'them from secrets of the same names' : 'none'}`}`,
  );
  if (countOperations(spec.data) === 0)
    log(
      `[${name}] warning: nothing to test: ${spec.vendoredAs} has no operations under paths (webhooks are not tested); the provider is added, but its conformance fails ("nothing to test") until the spec or its overlay has one`,
    );

  // Workspace links and the lockfile, without downloading anything: npm records the new
  // workspaces in package-lock.json, and the links are the ones npm install would make.
  if (install) {
    const res = stage('npm install --package-lock-only', () =>
      spawnSync('npm', ['install', '--package-lock-only', '--offline', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8' }),
    );
    if (res.status !== 0)
      log(
        `[${name}] warning: npm could not update package-lock.json (run npm install):\n${res.stderr.trim().split('\n').slice(-5).join('\n')}`,
      );
  }
  for (const [link, target] of workspaceLinks(name)) {
    const at = join(root, 'node_modules', link);
    if (existsSync(join(root, 'node_modules', '@capi')) && !existsSync(at)) symlinkSync(target, at);
  }

  // Build, generate, typecheck and lint now, so a problem shows up here and not in CI.
  const provider = registered(root, name);
  try {
    buildSpec(provider, root, { stage, loaded: spec });
    await generateProvider(provider, root, { stage });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    log(`[${name}] the spec does not generate as published:\n${err.format()}`);
    const generation = err as GenerationError;
    const generationFix = generation.fix ?? [];
    if (!generationFix.length && !/invalid OpenAPI document/.test(err.message)) {
      // not a defect an overlay action corrects (e.g. Redocly could not bundle the document)
      log(`[${name}] The provider files are in place; fix the cause above, then run npm run generate and npm run lint:specs -- ${name}.`);
      return { written, options, errors: [err], open: [], suggestion: null };
    }
    // The files are in place; what is left is a correction in the overlay. Many actions, or a
    // long one (a merge of dozens of `#Action=` paths into one operation), go to the file only.
    const yaml = generationFix.length ? actionsYaml(generationFix) : '';
    const tooLong = generationFix.length > MAX_PRINTED || yaml.split('\n').length > MAX_PRINTED_LINES;
    const hint = !generationFix.length
      ? `  # one action per problem above: target the node (JSONPath), then update it or remove it`
      : tooLong
        ? `[${name}] ${generationFix.length} overlay action(s), ${yaml.split('\n').length} lines, are in specs/${name}/overlay.suggested.yaml (not printed here)`
        : yaml;
    const left =
      generationFix.length && generation.unfixed ? ` ${generation.unfixed} problem(s) above have no action: correct those by hand.` : '';
    if (generationFix.length) {
      // where the corpus and the conformance tools look for suggestions (never applied by itself)
      writeFileAtomic(
        join(specDir, 'overlay.suggested.yaml'),
        suggestionFile(name, { actions: generationFix }, `specs/${name}/overlay.yaml`),
      );
    }
    log(
      `[${name}] The provider is added; to fix this, put under \`actions:\` in specs/${name}/overlay.yaml (replace \`actions: []\`), then run npm run generate and npm run lint:specs -- ${name}; or let npm run lint:specs -- --fix ${name} write them (they are in specs/${name}/overlay.suggested.yaml).${left}\n${hint}`,
    );
    return { written, options, errors: [err], open: [], suggestion: null, generationFix };
  }
  const typecheck = await stage('typechecking the generated types', () => typecheckGenerated(provider, root));
  // said once the typecheck is done, with its result: not "generated" before the types were checked
  log(
    typecheck.ok
      ? `[${name}] effective spec and types generated, and the types typecheck`
      : `[${name}] effective spec and types generated, but the types do not typecheck:`,
  );
  const typeErrors = typecheck.ok ? [] : [new UserError(typecheckAdvice(name, provider, root, typecheck.errors))];
  if (typeErrors.length) log(typeErrors[0].message);
  const { lintProviders } = await import('../lint/lint.ts');
  // lintProviders answers for every provider it is given
  const lint = (await stage('linting', () => lintProviders([provider], root))).get(name) as LintResult;
  const errors: AddResult['errors'] = lint.problems.filter((p) => p.severity === 'error');
  const open = (lint.upstream ?? []).filter((f) => f.handled === 'unhandled');
  // lint that could not run (Redocly stopped on the document, or its time limit) found nothing,
  // which is no "lint ok": the provider's conformance lint task fails on it the same way
  for (const problem of lint.configProblems) {
    log(`[${name}] lint could not run: ${problem}`);
    errors.push(new UserError(problem, { provider: name }));
  }
  const { suggestion, findings, file } = stage('working out corrections', () => suggestForProvider(provider, lint, root));
  if (lint.configProblems.length && !findings.length)
    return { written, options, errors: [...typeErrors, ...errors], open, suggestion: null };
  if (!findings.length) {
    log(
      typeErrors.length
        ? `[${name}] lint ok; the types above do not compile yet.`
        : `[${name}] lint ok. Next: npm run conformance -- ${name} && npm test, then give the client options better names in packages/${name}/src/index.ts if you like`,
    );
    return { written, options, errors: [...typeErrors, ...errors], open, suggestion: null };
  }
  log(
    `[${name}] lint rejects the spec (${errors.length} error(s), ${open.length} upstream finding(s) not handled). The provider is added; what would make it pass, rule by rule:`,
  );
  for (const line of adviceTable(suggestion)) log(`  ${line}`);
  // what the tool writes itself, before what to write by hand (a user copied dozens of actions by
  // hand); not after the actions, which a person or a test pastes from the end of the output
  if (!fixing && (file || suggestion.accept.length)) log(fixAdvice(name));
  if (suggestion.accept.length) {
    log(`[${name}] to accept a rule, merge into redocly.yaml (and write each reason):\n${acceptYaml(name, suggestion.accept)}`);
  }
  if (file) {
    if (suggestion.actions.length > MAX_PRINTED) {
      log(
        `[${name}] ${suggestion.actions.length} overlay actions are in ${relative(root, file)}: copy them under \`actions:\` in specs/${name}/overlay.yaml (replace \`actions: []\`), then npm run lint:specs -- ${name}`,
      );
    } else {
      log(
        `[${name}] add these under \`actions:\` in specs/${name}/overlay.yaml (replace \`actions: []\`; also in ${relative(root, file)}), then npm run lint:specs -- ${name}:`,
      );
      for (const action of suggestion.actions) {
        const f = suggestion.sources.get(action) as FindingToFix; // every action here answers a finding
        log(`\n# ${f.rule} at ${f.where ?? `${f.file}:${f.line ?? '?'}`}: ${f.message}\n${actionsYaml([action])}`);
      }
    }
  }
  return { written, options, errors: [...typeErrors, ...errors], open, suggestion };
}

/** The line before lint's advice by hand: the command that writes it all, and what is then left to write. */
function fixAdvice(name: string): string {
  return `[${name}] npm run lint:specs -- --fix ${name} writes what follows, the actions and the rules to accept (a TODO where only you can say why: lint refuses it until you do; --fix --accept-all records them as accepted on import without review); or by hand:`;
}

/**
 * `--fix`: what the tool can correct goes into the new provider's overlay (the action that makes
 * it generate, then the lint stage's own --fix), and the lint runs again; prints what is left
 * for a person and returns the exit code.
 */
export async function fixAdded(
  root: string,
  name: string,
  res: Pick<AddResult, 'generationFix'>,
  { acceptAll }: { acceptAll: boolean },
): Promise<number> {
  const log = console.log;
  const provider = registered(root, name);
  let fix = res.generationFix ?? [];
  // bounded: a correction can reveal the next problem (a schema loop behind a struct error)
  for (let round = 1; fix.length; round++) {
    applySuggestion(provider, { actions: fix, accept: [] }, root, { acceptAll });
    log(`[${name}] --fix wrote ${fix.length} action(s) that make the spec generate into ${relative(root, provider.overlays[0])}`);
    try {
      buildSpec(provider, root);
      await generateProvider(provider, root);
      fix = [];
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const next = (err as GenerationError).fix;
      if (!next?.length || round >= MAX_GENERATION_ROUNDS) {
        log(`[${name}] it still does not generate; left for you:\n${err.format()}`);
        return 1;
      }
      fix = next;
    }
  }
  const run = await fixProviders([provider], root, await buildAndLint([provider], root), {
    acceptAll,
    log: (m) => log(`[${name}] ${m.trim().replace(`${name}: `, '')}`),
  });
  const left = run.failures.get(name) ?? [];
  // the lint fixes change the spec (documented statuses, examples): the types are made again
  let typesOk = true;
  try {
    await generateProvider(provider, root);
    const typecheck = await typecheckGenerated(provider, root);
    if (!typecheck.ok) {
      typesOk = false;
      log(typecheckAdvice(name, provider, root, typecheck.errors));
    }
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    typesOk = false;
    log(`[${name}] with the lint fixes the spec does not generate; left for you:\n${err.format()}`);
  }
  if (!left.length && typesOk) {
    log(`[${name}] lint ok after --fix. Next: npm run conformance -- ${name}`);
    return 0;
  }
  if (!left.length) return 1;
  log(
    `[${name}] left for a person (${left.length}):\n${left
      .slice(0, 20)
      .map((m) => `  ${m}`)
      .join('\n')}${left.length > 20 ? `\n  ... and ${left.length - 20} more (npm run lint:specs -- ${name})` : ''}`,
  );
  return 1;
}

/**
 * A TypeScript source in the repository's format: Biome (the repository's formatter, with its
 * biome.json) formats it as the file `file` (repository-relative) would be, from stdin, without
 * blocking. Without Biome, or when it refuses the source, the source comes back as it is and
 * `warn` says so (npm run format formats it later).
 */
export function biomeFormat(root: string, file: string, source: string, warn: (message: string) => void = () => {}): Promise<string> {
  const bin = join(root, 'node_modules', '.bin', 'biome');
  if (!existsSync(bin)) {
    warn(`${file} is not formatted (no node_modules/.bin/biome): run npm run format`);
    return Promise.resolve(source);
  }
  return new Promise((done) => {
    const child = spawn(bin, ['format', `--stdin-file-path=${file}`], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
    });
    child.on('error', (e) => {
      warn(`${file} is not formatted (biome: ${e.message}): run npm run format`);
      done(source);
    });
    child.on('close', (code) => {
      if (code === 0 && out.trim()) return done(out);
      warn(`${file} is not formatted (biome format exit ${code}: ${err.trim().split('\n').slice(0, 3).join(' ')}): run npm run format`);
      done(source);
    });
    child.stdin.end(source);
  });
}

/** Rounds of generation fixes --fix applies before it leaves the rest to a person. */
const MAX_GENERATION_ROUNDS = 3;

/** More overlay actions than this go to overlay.suggested.yaml only, not to the terminal. */
const MAX_PRINTED = 15;
/** Suggested actions longer than this (as YAML lines) go to overlay.suggested.yaml only, not to the terminal. */
const MAX_PRINTED_LINES = 120;
