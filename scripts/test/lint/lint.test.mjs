// The lint stage library (scripts/lib/lint/lint.ts) with the real Redocly: one provider whose
// document Redocly cannot read must not stop the lint of the others; it is reported with the
// reason, and the others get their own results.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lintProviders, locationOf } from '../../lib/lint/lint.ts';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { suggestForProvider } from '../../lib/lint/lint-hints.ts';
import { registerOneProvider } from '../helpers.mjs';

describe('lintProviders', () => {
  it('reports a provider whose document Redocly cannot read, and lints the others', async () => {
    const all = loadProviders();
    const good = all.filter((p) => p.name === 'bitbybit' || p.name === 'salesive');
    const broken = { ...all.find((p) => p.name === 'imprint'), root: '/nonexistent/capi/upstream.yaml' };
    const results = await lintProviders([good[0], broken, good[1]], repoRoot);
    expect([...results.keys()].sort()).toEqual(['bitbybit', 'imprint', 'salesive']);
    const imprint = results.get('imprint');
    expect(imprint.errors).toBeGreaterThan(0);
    expect(imprint.configProblems.join('\n')).toMatch(/redocly lint could not read imprint \(exit \d+\): .*upstream\.yaml does not exist/);
    for (const p of good) {
      const r = results.get(p.name);
      expect(r.configProblems, p.name).toEqual([]);
      expect(r.upstream?.length ?? 0, p.name).toBeGreaterThan(0); // the upstream findings were read and classified
    }
  }, 120_000);
});

/**
 * A repository root of one provider `p` whose upstream and effective spec are `doc` (no overlay),
 * with the repository's own rules and plugin, plus `rules` for that provider.
 */
function oneProvider(doc, rules = {}, reasons = {}) {
  const root = mkdtempSync(join(tmpdir(), 'capi-lint-one-'));
  mkdirSync(join(root, 'specs', 'p'), { recursive: true });
  const text = stringify(doc);
  writeFileSync(join(root, 'specs/p/upstream.yaml'), text);
  writeFileSync(join(root, 'specs/p/effective.yaml'), text);
  registerOneProvider(root, { overlay: false, api: { rules, 'x-reasons': reasons } });
  return { root, provider: loadProviders(root)[0], cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const small = (schema, extra = {}) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1', description: 'd', license: { name: 'x', url: 'https://x.invalid' } },
  servers: [{ url: 'https://api.t.invalid' }],
  security: [],
  paths: {
    '/things': {
      get: {
        operationId: 'getThings',
        summary: 'Things',
        ...extra,
        responses: { 200: { description: 'ok', content: { 'application/json': { schema } } }, 400: { description: 'bad' } },
      },
    },
  },
});

describe('lint stage limits', () => {
  let made;
  const env = process.env.CAPI_LINT_TIMEOUT_MS;
  afterEach(() => {
    made?.cleanup();
    if (env === undefined) delete process.env.CAPI_LINT_TIMEOUT_MS;
    else process.env.CAPI_LINT_TIMEOUT_MS = env;
  });

  it('stops a document that takes longer than the limit, names it and what to do, and lints the others (CAPI_LINT_TIMEOUT_MS=0: every document is over)', async () => {
    process.env.CAPI_LINT_TIMEOUT_MS = '0';
    const providers = loadProviders().filter((p) => p.name === 'bitbybit' || p.name === 'salesive');
    const lines = [];
    const results = await lintProviders(providers, repoRoot, { log: (l) => lines.push(l) });
    expect([...results.keys()]).toEqual(['bitbybit', 'salesive']);
    for (const p of providers) {
      const r = results.get(p.name);
      expect(r.timedOut, p.name).toBe(true);
      expect(r.configProblems[0]).toMatch(
        new RegExp(
          `^redocly lint did not finish the effective spec specs/${p.name}/effective\\.yaml within 0\\.000 s \\(CAPI_LINT_TIMEOUT_MS; default 300 s\\) and was stopped\\. `,
        ),
      );
      expect(r.configProblems[0]).toMatch(/accept no-invalid-media-type-examples and no-invalid-schema-examples for/);
    }
    expect(lines).toContain('[lint] bitbybit (effective spec): validating...');
    expect(lines.some((l) => /^\[lint\] salesive \(effective spec\): stopped after 0\.000 s$/.test(l))).toBe(true);
  }, 120_000);

  it('a pattern that backtracks catastrophically (beezup.com: over 10 minutes) is linted with its linear form: it ends, names the pattern, and its fix is the linear pattern', async () => {
    const pattern = '^(https?:\\/\\/)?([\\da-z\\.-]+)\\.([a-z\\.]{2,6})([\\/\\w \\.-]*)*\\/?$';
    // an example that does not match, with a long matching prefix: exponential for the nested form
    const example = `https://www.biography.com/${'a'.repeat(40)}/c_fill,cs_srgb`;
    made = oneProvider(small({ type: 'string', pattern, example }));
    const lines = [];
    const results = await lintProviders([made.provider], made.root, { log: (l) => lines.push(l) });
    const r = results.get('p');
    expect(r.timedOut).toBeUndefined();
    expect(r.problems.map((x) => x.rule)).toEqual(expect.arrayContaining(['capi/pattern-backtracking', 'no-invalid-schema-examples']));
    const { suggestion } = suggestForProvider(made.provider, r, made.root, { write: false });
    expect(suggestion.actions).toContainEqual(
      expect.objectContaining({ update: { pattern: pattern.replace('([\\/\\w \\.-]*)*', '[\\/\\w \\.-]*') } }),
    );
    expect(lines).toContain('[lint] p (effective spec): validating...');
  }, 120_000);

  it('an accepted struct rule still lints a document with a null extension (Redocly 2.77 crashes on it with struct off)', async () => {
    made = oneProvider(small({ type: 'string' }, { 'x-extension-1': null }), { struct: 'off' }, { struct: 'a reason' });
    const r = (await lintProviders([made.provider], made.root, { log: () => {} })).get('p');
    expect(r.configProblems).toEqual([]);
    expect(r.problems.filter((x) => x.rule === 'struct')).toEqual([]);
  }, 120_000);

  it('an unknown keyword in an OAS 3.1 schema is no finding; in OAS 3.0 it is one, with its removal as the fix', async () => {
    const schema = { type: 'object', properties: { id: { type: 'string', regex: '^[a-z]+$' } } };
    made = oneProvider({ ...small(schema), openapi: '3.1.0' });
    const r31 = (await lintProviders([made.provider], made.root, { log: () => {} })).get('p');
    expect([...r31.problems, ...r31.upstream].filter((x) => x.rule === 'struct')).toEqual([]);
    made.cleanup();
    made = oneProvider(small(schema));
    const r30 = (await lintProviders([made.provider], made.root, { log: () => {} })).get('p');
    expect(r30.problems.filter((x) => x.rule === 'struct').map((x) => x.message)).toEqual(['Property `regex` is not expected here.']);
    const { suggestion } = suggestForProvider(made.provider, r30, made.root, { write: false });
    expect(suggestion.actions).toContainEqual(
      expect.objectContaining({
        target: "$.paths['/things'].get.responses['200'].content['application/json'].schema.properties.id.regex",
        remove: true,
      }),
    );
  }, 120_000);
});

describe('finding locations', () => {
  it('always give the JSON pointer, and the line only where the file has lines (not a minified JSON spec)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-where-'));
    try {
      const minified = join(dir, 'upstream.json');
      const pretty = join(dir, 'upstream.yaml');
      writeFileSync(minified, JSON.stringify({ openapi: '3.0.3', paths: { '/a': { get: {} } } }));
      writeFileSync(pretty, 'openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n');
      const f = { file: 'specs/x/upstream.json', line: 1, pointer: '#/paths/~1a/get' };
      expect(locationOf(f, minified)).toBe('specs/x/upstream.json #/paths/~1a/get');
      expect(locationOf({ ...f, file: 'specs/x/upstream.yaml', line: 4 }, pretty)).toBe('specs/x/upstream.yaml:4 #/paths/~1a/get');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
