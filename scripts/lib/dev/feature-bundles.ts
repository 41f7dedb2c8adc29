// What each optional client feature puts in an application's bundle: one consumer module per
// feature (none, oauth2, rateLimit, telemetry, webhooks, pagination, validate), bundled with
// esbuild as an application's bundler would (minified, ESM, openapi-fetch left out as a shared
// dependency), and a string only that feature's module holds, to tell whether its code is in.
// bench/features.ts measures the sizes (bench/results.md, "Optional features");
// scripts/test/dev/tree-shaking.test.mjs asserts that a client without a feature carries none of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const FEATURES = ['none', 'oauth2', 'rateLimit', 'telemetry', 'webhooks', 'pagination', 'validate'] as const;
type Feature = (typeof FEATURES)[number];

/**
 * A string literal only the feature's module of @capi/core has (it survives minification).
 * `validate`: the generated validators' (Ajv's messages), which a provider loads by `import()`
 * only with `validate` on; the checker in @capi/core (validate.ts) is part of every client.
 */
export const MARKERS: Record<Exclude<Feature, 'none'>, string> = {
  oauth2: 'client_credentials',
  rateLimit: 'ratelimit-remaining',
  telemetry: 'capi.retry.delay_ms',
  webhooks: 'replayed',
  pagination: 'other_origin',
  validate: 'must have required property',
};

/** How a feature is used: the names imported from @capi/core, the client's options and credential, and more code. */
const USE: Record<Feature, { names: string[]; options: string; cred: string; more?: string }> = {
  none: { names: [], options: '{}', cred: "'t'" },
  oauth2: { names: ['oauth2Option'], options: '{}', cred: "oauth2Option({ clientId: 'a', clientSecret: 'b' })" },
  rateLimit: { names: ['rateLimiter'], options: '{ rateLimit: rateLimiter({ requests: 10, perMs: 1000 }) }', cred: "'t'" },
  telemetry: { names: ['telemetry'], options: '{ telemetry: telemetry({ onEvent: () => {} }) }', cred: "'t'" },
  webhooks: {
    names: ['verifyWebhook'],
    options: '{}',
    cred: "'t'",
    more: 'export const verify = (input) => verifyWebhook(input);',
  },
  pagination: {
    names: [],
    options: '{}',
    cred: "'t'",
    more: "export const pages = (c) => c.paginate('GET /orders', {}, { maxPages: 2 }).items();",
  },
  validate: { names: [], options: "{ validate: 'warn' }", cred: "'t'" },
};

/**
 * An application module that creates a client from `spec` with one feature in use. `core` is the
 * module specifier of @capi/core (its built entry, or its source in a test); `spec` that of a
 * provider's generated facts (for `validate`, whose validators a provider's spec loads).
 */
export function consumerModule(feature: Feature, core: string, spec?: string): string {
  const use = USE[feature];
  return [
    `import { createProviderClient${use.names.map((n) => `, ${n}`).join('')} } from ${JSON.stringify(core)};`,
    spec ? `import { spec } from ${JSON.stringify(spec)};` : 'export const spec = { servers: [], security: [], securitySchemes: {} };',
    `export const client = createProviderClient({ name: 'x', spec }, ${use.options}, { s: ${use.cred} });`,
    use.more ?? '',
    '',
  ].join('\n');
}

interface Bundle {
  /** minified bytes of the entry chunk (what is loaded at start) */
  min: number;
  gz: number;
  text: string;
  /** chunks loaded later by import() (a provider's validators), minified bytes and text */
  lazy: { min: number; gz: number; text: string };
}

/** The module bundled with esbuild (minified ESM, openapi-fetch external; `import()` split into chunks of their own). */
export async function bundleModule(code: string, { alias }: { alias?: Record<string, string> } = {}): Promise<Bundle> {
  const dir = mkdtempSync(join(tmpdir(), 'capi-feature-bundle-'));
  try {
    writeFileSync(join(dir, 'app.mjs'), code);
    const out = await build({
      entryPoints: [join(dir, 'app.mjs')],
      bundle: true,
      minify: true,
      splitting: true,
      write: false,
      outdir: join(dir, 'out'),
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      external: ['openapi-fetch'],
      ...(alias ? { alias } : {}),
      logLevel: 'silent',
    });
    const entry = out.outputFiles.find((f) => basename(f.path) === 'app.js');
    if (!entry) throw new Error('esbuild wrote no entry chunk');
    const lazyText = out.outputFiles
      .filter((f) => f !== entry && !basename(f.path).startsWith('chunk-'))
      .map((f) => f.text)
      .join('\n');
    // chunks esbuild shares between the entry and an import() are loaded at start: counted with the entry
    const shared = out.outputFiles.filter((f) => basename(f.path).startsWith('chunk-')).map((f) => f.text);
    const text = [entry.text, ...shared].join('\n');
    return {
      min: Buffer.byteLength(text),
      gz: gzipSync(text).byteLength,
      text,
      lazy: { min: Buffer.byteLength(lazyText), gz: lazyText ? gzipSync(lazyText).byteLength : 0, text: lazyText },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
