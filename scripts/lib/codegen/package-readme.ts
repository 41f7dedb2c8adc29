// The README.md of a provider client package, generated with its types (scripts/commands/codegen.ts):
// install, the factory and its own options (read from the hand-written src/index.ts with the
// TypeScript parser, JSDoc included), authentication (from the spec's security schemes), the
// operations with their documented statuses, and where the shared behaviour is described.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { paginationFacts, webhookSignature, webhooksType } from './pagination.ts';
import type { SpecModel } from '../spec/spec-model.ts';
import { markdownText } from '../shared/names.ts';

const cell = (s: unknown): string =>
  String(s ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

/** An option of the factory, from the options interface extending BaseClientOptions. */
interface FactoryOption {
  name: string;
  required: boolean;
  /** as written (a type alias of the file replaced by its definition) */
  type: string;
  /** its JSDoc text ('' when none) */
  doc: string;
}

/** The compiler's JSDoc of a node: set by the parser, not part of the compiler's public types. */
type WithJsDoc = ts.Node & { jsDoc?: ts.JSDoc[] };

/** The factory's name and its provider-specific options, from the package's src/index.ts. */
function readFactory(indexFile: string): { factory: string | undefined; options: FactoryOption[]; optionsType?: string } {
  if (!existsSync(indexFile)) return { factory: undefined, options: [] };
  const source = ts.createSourceFile(indexFile, readFileSync(indexFile, 'utf8'), ts.ScriptTarget.Latest, true);
  let factory: string | undefined;
  let options: FactoryOption[] = [];
  let optionsType: string | undefined;
  const docOf = (node: ts.Node): string =>
    ((node as WithJsDoc).jsDoc ?? [])
      .map((d) => (typeof d.comment === 'string' ? d.comment : (ts.getTextOfJSDocComment(d.comment) ?? '')))
      .join(' ');
  for (const stmt of source.statements) {
    const exported = (ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(stmt) && stmt.name && /^create\w+Client$/.test(stmt.name.text)) factory = stmt.name.text;
    const extendsBase =
      ts.isInterfaceDeclaration(stmt) &&
      stmt.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText(source) === 'BaseClientOptions'));
    if (extendsBase) {
      optionsType = stmt.name.text;
      options = stmt.members.filter(ts.isPropertySignature).map((m) => ({
        name: m.name.getText(source),
        required: !m.questionToken,
        type: m.type ? m.type.getText(source) : 'unknown',
        doc: docOf(m),
      }));
    }
  }
  // A type alias used by an option (imprint's `auth: ImprintAuth`) is shown with its JSDoc.
  for (const o of options) {
    const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === o.type);
    if (alias) {
      o.type = alias.type.getText(source);
      o.doc ||= docOf(alias);
    }
  }
  return { factory, options, ...(optionsType ? { optionsType } : {}) };
}

/** The URL when it is an absolute http(s) URL (what the client can use without a baseUrl), else undefined. */
function absoluteHttp(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A security scheme as the spec has it. */
interface Scheme {
  type?: unknown;
  name?: unknown;
  in?: unknown;
  scheme?: unknown;
}

function describeScheme(name: string, s: Scheme | null | undefined): string {
  if (!s) return `\`${name}\` (not defined in the spec)`;
  if (s.type === 'apiKey') return `API key \`${s.name}\` in the ${s.in}`;
  if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') return 'HTTP `Authorization: Bearer <token>`';
  if (s.type === 'http' && String(s.scheme).toLowerCase() === 'basic') return 'HTTP Basic (username and password)';
  if (s.type === 'http') return `HTTP \`${s.scheme}\``;
  if (s.type === 'oauth2')
    return 'OAuth 2 access token, sent as `Authorization: Bearer <token>`: give it, or `{ clientId, clientSecret }` (client-credentials flow), `{ refreshToken }` or `{ tokenProvider }` and the client gets and renews it';
  if (s.type === 'openIdConnect')
    return 'OpenID Connect token, sent as `Authorization: Bearer <token>`: give it, or `{ tokenProvider }` and the client caches and renews it';
  return String(s.type); // only ever put into the README's text
}

/** The parts of the effective spec the README reads, as the document has them (nothing is validated). */
interface ReadmeSpec {
  info?: { title?: unknown; version?: unknown };
  security?: Record<string, unknown>[];
  components?: { securitySchemes?: Record<string, Scheme | null> };
}

interface ReadmeInput {
  /** the provider's name */
  provider: string;
  packageName: string;
  /** the package's description (a default sentence when absent) */
  description?: string | undefined;
  /** the model of the effective spec (not modified) */
  model: SpecModel;
  /** the effective spec's path in the repository */
  specFile: string;
  packageDir: string;
  /** the generated-file comment the README starts with */
  header: string;
}

/**
 * Which Node the package runs on, as its package.json's `engines.node` says (the majors the
 * runtimes suite tests: scripts/test/repo/engines.test.mjs), never a floor of its own.
 */
function nodeLine(packageDir: string): string {
  try {
    const engines = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))?.engines?.node;
    if (typeof engines === 'string' && engines.trim()) return `Node \`${engines.replace(/\s+/g, ' ').trim()}\` (its \`engines\`)`;
  } catch {
    // no package.json yet (a package being scaffolded): no range to name
  }
  return 'Node';
}

/** README.md text for one provider package, from the model of its effective spec. */
export function packageReadme({ provider, packageName, description, model, specFile, packageDir, header }: ReadmeInput): string {
  const doc = model.doc as ReadmeSpec;
  const { factory, options, optionsType } = readFactory(join(packageDir, 'src', 'index.ts'));
  const schemes = model.securitySchemes;
  // the client's default base URL, as @capi/core reads it (resolveBaseUrl: the first server's, absolute http(s))
  const serverUrl = absoluteHttp(model.servers[0]?.url);
  const out = [header, `# ${packageName}`, ''];
  out.push(`${description ?? `Typed client for the ${provider} API.`}`, '');
  if (doc.info?.title)
    out.push(
      `Contract: ${cell(doc.info.title)}${doc.info.version ? `, version ${cell(doc.info.version)}` : ''} (\`${specFile}\` in the source repository).`,
      '',
    );
  out.push('## Install', '', '```sh', `npm install ${packageName}`, '```', '');
  out.push(`${nodeLine(packageDir)} or any runtime with \`fetch\`; ES modules; types included.`, '');
  if (factory) {
    // A string option reads an environment variable; any other is a variable of that name,
    // declared with its type (the example compiles as it is: scripts/test/repo/docs.test.mjs).
    const env = (o: { name: string }): string =>
      `${provider}_${o.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    const oneLine = (t: string): string =>
      t
        .replace(/\s+/g, ' ')
        .replace(/^\|\s*/, '')
        .trim();
    const required = options.filter((o) => o.required);
    const yours = optionsType ? required.filter((o) => o.type !== 'string') : [];
    const example = required.map((o) =>
      o.type === 'string'
        ? `  ${o.name}: process.env.${env(o)}!,`
        : yours.includes(o)
          ? `  ${o.name},`
          : `  ${o.name}, // ${oneLine(o.type)}`,
    );
    // without a server URL the client has no default: the example without baseUrl threw ConfigError
    if (!serverUrl) example.push(`  baseUrl: process.env.${env({ name: 'baseUrl' })}!, // the spec names no server URL`);
    out.push(
      '## Use',
      '',
      '```ts',
      `import { ${factory}${yours.length ? `, type ${optionsType}` : ''} } from '${packageName}';`,
      '',
      ...yours.map((o) => `declare const ${o.name}: ${optionsType}['${o.name}']; // yours: ${oneLine(o.type)}`),
      ...(example.length ? [`const client = ${factory}({`, ...example, '});'] : [`const client = ${factory}({});`]),
      '```',
      '',
    );
  }
  out.push('## Options', '');
  if (options.length) {
    out.push('| option | required | type | what |', '| --- | --- | --- | --- |');
    for (const o of options)
      out.push(`| \`${o.name}\` | ${o.required ? 'yes' : 'no'} | \`${cell(o.type.replace(/^\s*\|\s*/, ''))}\` | ${cell(o.doc)} |`);
    out.push('');
  }
  if (!serverUrl)
    out.push(
      '`baseUrl` is required: the spec names no absolute http(s) server URL, so the client has no default (without it the factory throws `ConfigError`).',
      '',
    );
  out.push(
    'Every option of `@capi/core` applies too: `baseUrl`, `fetch`, `headers`, `middleware`, `retry`, `timeoutMs`, `totalTimeoutMs`, `maxResponseBytes`, `throwOnError`, `telemetry`, `rateLimit`, `validate`, `onContractViolation` (see the `@capi/core` README).',
    '',
  );
  out.push(...featureLines(model));
  out.push('## Authentication', '');
  const reqs = model.security;
  if (Object.keys(schemes).length === 0) out.push('The spec declares no security scheme.', '');
  else {
    for (const [name, s] of Object.entries(schemes)) out.push(`- \`${name}\`: ${describeScheme(name, s)}`);
    out.push('');
    if (reqs.length) {
      const alts = reqs.map(
        (r) =>
          Object.keys(r)
            .map((n) => `\`${n}\``)
            .join(' + ') || 'none',
      );
      out.push(`Every operation, unless it says otherwise: ${alts.join(', or ')}.`, '');
    }
  }
  out.push('## Operations', '', '| method | path | operation | documented statuses |', '| --- | --- | --- | --- |');
  for (const { path, method, operationId, node, responses } of model.operations) {
    const statuses = responses.map((r) => r.status).join(', ');
    out.push(`| ${method} | \`${cell(path)}\` | ${cell(operationId ?? node.summary)} | ${statuses} |`);
  }
  out.push('');
  out.push('## Errors', '');
  out.push(
    "A failed call returns `{ error }` (or throws `ApiError` with `throwOnError`) with one shape for every provider: `kind`, `status`, `documented`, `code`, `message`, `body`, `retryAfter`, `requestId`, `attempts`. For a status listed above, `error.body` has the type the spec documents for it; with `validate: 'throw'`, a body that does not match its documented schema fails the call as `contract_violation`, with `violations`. Bad options throw `ConfigError` when the client is created. Details: the `@capi/core` README.",
    '',
  );
  out.push('## Testing your code', '');
  out.push(
    `\`import { createFake } from '${packageName}/fake'\` gives a stateful in-memory fake of this API, inferred from the same spec: give \`fake.fetch\` to the client as its \`fetch\` option (no port), or serve it with \`await fake.listen(0)\` on 127.0.0.1. Seed it (\`createFake({ records })\`), \`reset()\` it, read \`requests()\` and \`records(resource)\`, and inject the faults your code must survive with \`fail()\`: latency, a 5xx, a 429 with \`Retry-After\`, a timeout, a dropped connection, a drifted answer. Details: docs/fakes.md, "Testing your code against the fake".`,
    '',
  );
  out.push('## License', '', 'MIT', '');
  // the spec's text is in it (title, operationIds, scheme and event names): nothing raw reaches a terminal
  return markdownText(out.join('\n'));
}

/**
 * The optional features section: telemetry and rate limits (every client), and OAuth2, pagination
 * and webhooks where the spec (with its overlay) has them. Inline code only: nothing here is a
 * block the docs test would compile against a provider it does not know.
 */
function featureLines(model: SpecModel): string[] {
  const out = ['## Optional features', ''];
  out.push(
    '- **Telemetry**: `telemetry: telemetry({ otel })` (OpenTelemetry, `@opentelemetry/api` as an optional peer: one span per call and one per attempt, no credential, no body) or `telemetry({ onEvent })`, a plain hook; `telemetry` from `@capi/core`. Without the option nothing of it is loaded.',
    "- **Rate limits**: `rateLimit: rateLimiter({ requests, perMs })` from `@capi/core` (one limiter may serve several clients); the provider's `RateLimit-*` / `X-RateLimit-*` headers and a 429's `Retry-After` pause later calls before they draw a 429; a bounded queue, and an aborted call leaves it.",
  );
  const oauth = Object.entries(model.securitySchemes).filter(([, s]) => s?.type === 'oauth2' || s?.type === 'openIdConnect');
  if (oauth.length)
    out.push(
      `- **OAuth2** (${oauth.map(([n]) => `\`${n}\``).join(', ')}): give the scheme's option \`{ clientId, clientSecret }\` (client credentials), \`{ refreshToken }\` or \`{ tokenProvider }\`, and the client gets the token from the token URL the spec names, caches it per scope set, renews it before it expires and once on a 401, with one token request for many concurrent calls; the token and the secret are never logged nor put in an error.`,
    );
  let paged: [string, { style: string }][] = [];
  try {
    paged = Object.entries(paginationFacts(model));
  } catch {
    paged = []; // codegen reports a malformed x-capi-pagination before the README is written
  }
  if (paged.length)
    out.push(
      `- **Pagination**: \`client.paginate(operation, init, { maxPages, maxItems })\` iterates the pages (and \`.items()\` the items), typed, of ${paged.map(([op, f]) => `\`${op}\` (${f.style})`).join(', ')}; it stops on an empty page or a repeated cursor, and never follows a next URL to another origin.`,
    );
  const events = (/export const webhookNames = \[(.*)\] as const;/.exec(webhooksType(model).lines.join('\n'))?.[1] ?? '')
    .split(', ')
    .filter(Boolean);
  let signed = false;
  try {
    signed = webhookSignature(model.source) !== undefined;
  } catch {
    signed = false; // codegen reports a malformed x-capi-webhook-signature first
  }
  if (events.length || signed)
    out.push(
      `- **Webhooks**: ${events.length ? `inbound events ${events.map((e) => `\`${e.slice(1, -1).replace(/\\'/g, "'")}\``).join(', ')} (\`Webhooks\`, \`webhookNames\`)` : 'inbound events'}; ${signed ? '`verifyWebhook({ scheme: spec.webhookSignature, secret, body, headers, events: webhookNames })` from `@capi/core` checks the signature the provider declares (constant time), refuses stale and replayed deliveries and returns the typed event' : 'the spec declares no signature scheme (`x-capi-webhook-signature` in the overlay): `verifyWebhook` needs one'}.`,
    );
  out.push('', 'Details: `docs/clients.md` in the source repository.', '');
  return out;
}
