// One placeholder check for every reason a person has to write (scripts/lib/lint/placeholders.ts): what
// `--fix` writes as a placeholder (an overlay action's description, a rule's reason in
// redocly.yaml) lint refuses, with the real Redocly, until a person writes the reason; then it
// accepts it. `--accept-all` (the corpus) writes a reason that says nobody reviewed it, which
// lint accepts.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { lintProviders, placeholderDescriptions } from '../../lib/lint/lint.ts';
import { loadProviders, repoRoot } from '../../lib/registry/registry.ts';
import { acceptYaml, applySuggestion, REASON_PLACEHOLDER, suggestForProvider } from '../../lib/lint/lint-hints.ts';
import { acceptedOnImport, isOwnPlaceholder, isPlaceholder, quoted, statusPlaceholder } from '../../lib/lint/placeholders.ts';
import { registerOneProvider, runNode } from '../helpers.mjs';
import { applyPendingSuggestions } from '../../lib/lint/lint-fix.ts';

/** A repository root of one provider `p` with an empty overlay: a bearer API whose operation documents no 401. */
function oneProvider() {
  const root = mkdtempSync(join(tmpdir(), 'capi-placeholder-'));
  mkdirSync(join(root, 'specs', 'p'), { recursive: true });
  const doc = {
    openapi: '3.0.3',
    info: { title: 't', version: '1', description: 'd', license: { name: 'x', url: 'https://x.invalid' } },
    servers: [{ url: 'https://api.t.invalid' }],
    security: [{ bearer: [] }],
    paths: {
      '/things': {
        get: {
          operationId: 'getThings',
          summary: 'Things',
          responses: { 200: { description: 'ok' }, 400: { description: 'bad' }, 404: { description: 'none' } },
        },
      },
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
  writeFileSync(join(root, 'specs/p/upstream.yaml'), stringify(doc));
  writeFileSync(join(root, 'specs/p/effective.yaml'), stringify(doc));
  registerOneProvider(root);
  return { root, provider: loadProviders(root)[0], cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Replaces, in a YAML file, every placeholder string value by `reason`. */
function writeReasons(file, reason) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const visit = (node) => {
    for (const item of node?.items ?? []) {
      const value = item.value ?? item;
      if (typeof value?.value === 'string' && isPlaceholder(value.value)) value.value = reason;
      else visit(value);
    }
  };
  visit(doc.contents);
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

describe('placeholders', () => {
  it('every placeholder the tools write or print is one, and nothing a person or --accept-all writes is', () => {
    expect(isPlaceholder(REASON_PLACEHOLDER)).toBe(true);
    expect(isPlaceholder(statusPlaceholder('401'))).toBe(true);
    // the advice provider:add prints for redocly.yaml, pasted as it is
    const pasted = parse(acceptYaml('p', [{ rule: 'operation-4xx-response', count: 3, example: 'a.yaml:3 #/paths: x >= 1' }]));
    expect(isPlaceholder(pasted.apis.p['x-reasons']['operation-4xx-response'])).toBe(true);
    for (const missing of [undefined, null, '', '  ', 42]) expect(isPlaceholder(missing)).toBe(true);
    expect(isPlaceholder(acceptedOnImport(statusPlaceholder('401'), '2026-01-01'))).toBe(false);
    expect(acceptedOnImport(statusPlaceholder('401'), '2026-01-01')).toBe(
      'accepted on import without review (npm run lint:specs -- --fix --accept-all, 2026-01-01): why you document 401 here (what the provider answers, and your source)',
    );
    expect(isPlaceholder('The provider answers 401 to a missing token (docs: https://x.invalid/errors).')).toBe(false);
  });

  let made;
  afterEach(() => made?.cleanup());

  it('what --fix writes (an action description, a rule reason) lint refuses; once a person writes the reasons, lint accepts them', async () => {
    made = oneProvider();
    const { provider, root } = made;
    const lint = (await lintProviders([provider], root, { log: () => {} })).get('p');
    expect(lint.configProblems).toEqual([]);
    const { suggestion } = suggestForProvider(provider, lint, root, { write: false });
    const documents401 = suggestion.actions.find((a) => a['x-fixes'].includes('capi/operation-401-documented'));
    expect(documents401.description).toBe(statusPlaceholder('401'));
    const done = applySuggestion(
      provider,
      { actions: [documents401], accept: [{ rule: 'operation-4xx-response', count: 1, example: 'e' }] },
      root,
    );
    expect(done).toMatchObject({ actions: 1, accepted: 1, placeholders: 1 });

    const refused = (await lintProviders([provider], root, { log: () => {} })).get('p').configProblems;
    expect(refused).toEqual([
      expect.stringMatching(
        /^redocly\.yaml: rule operation-4xx-response is turned off for p; write its reason under apis\.p\.x-reasons\.operation-4xx-response \(it is still a placeholder: "TODO: /,
      ),
      expect.stringMatching(
        /^specs\/p\/overlay\.yaml:\d+ action 1 \(\$\.paths\['\/things'\]\.get\.responses\): its description is still a placeholder \("TODO: why you document 401 here/,
      ),
    ]);
    expect(placeholderDescriptions(provider, root)).toHaveLength(1);

    writeReasons(join(root, 'specs/p/overlay.yaml'), 'The provider answers 401 to a missing token (its errors page).');
    writeReasons(join(root, 'redocly.yaml'), 'Each operation documents its own 4xx where the provider has one (its errors page).');
    expect((await lintProviders([provider], root, { log: () => {} })).get('p').configProblems).toEqual([]);
  }, 120_000);

  it('--accept-all writes reasons that say they were accepted on import without review, and lint accepts them', async () => {
    made = oneProvider();
    const { provider, root } = made;
    const lint = (await lintProviders([provider], root, { log: () => {} })).get('p');
    const { suggestion } = suggestForProvider(provider, lint, root, { write: false });
    const done = applySuggestion(provider, suggestion, root, { acceptAll: true, today: '2026-01-01' });
    expect(done.placeholders).toBe(0);
    const overlay = parse(readFileSync(join(root, 'specs/p/overlay.yaml'), 'utf8'));
    expect(overlay.actions.map((a) => a.description)).toContain(
      'accepted on import without review (npm run lint:specs -- --fix --accept-all, 2026-01-01): why you document 401 here (what the provider answers, and your source)',
    );
    expect((await lintProviders([provider], root, { log: () => {} })).get('p').configProblems).toEqual([]);
  }, 120_000);

  it("only the tools' own placeholders are recognised as theirs (by their exact text), never a person's text", () => {
    for (const own of [REASON_PLACEHOLDER, statusPlaceholder('401'), statusPlaceholder('4XX'), statusPlaceholder('default')])
      expect(isOwnPlaceholder(own), own).toBe(true);
    for (const theirs of [
      'TODO: ask the provider whether 401 is answered',
      `${statusPlaceholder('401')} (asked Bob)`,
      ` ${REASON_PLACEHOLDER}`,
      statusPlaceholder('401; drop table'),
      acceptedOnImport(statusPlaceholder('401'), '2026-01-01'),
      '',
      undefined,
    ])
      expect(isOwnPlaceholder(theirs), String(theirs)).toBe(false);
  });

  it('a placeholder quoted in a message is cut at a word boundary with an ellipsis, never mid-word', () => {
    expect(quoted(statusPlaceholder('401'))).toBe('"TODO: why you document 401 here (what the provider answers, and your source)…"');
    expect(quoted('short text')).toBe('"short text"');
    // the word at the limit is whole: kept
    expect(quoted(`${'a'.repeat(79)}b rest`)).toBe(`"${'a'.repeat(79)}b…"`);
    // no space at all: cut at the limit
    expect(quoted('x'.repeat(100))).toBe(`"${'x'.repeat(80)}…"`);
    // nor between the two halves of an emoji that straddles it
    expect(quoted(`${'x'.repeat(79)}\u{1F600}${'y'.repeat(20)}`)).toBe(`"${'x'.repeat(79)}…"`);
  });

  it('lint:specs --fix --accept-all after a plain --fix replaces the placeholders the plain one wrote (only those), and lint passes', async () => {
    made = oneProvider();
    const { provider, root } = made;
    const lintSpecs = (...args) =>
      runNode([join(repoRoot, 'scripts/capi.mjs'), 'lint', '--root', root, ...args, 'p'], { timeoutMs: 300_000 });
    // a plain --fix: the 401 documented with a description to write
    const plain = await lintSpecs('--fix');
    expect(plain.status, plain.out).toBe(1);
    expect(plain.out).toMatch(
      /its description is still a placeholder \("TODO: why you document 401 here \(what the provider answers, and your source\)…"\)/,
    );
    // and a rule accepted by a plain --fix (its reason a placeholder), beside a person's own TODO reason
    applySuggestion(provider, { actions: [], accept: [{ rule: 'operation-4xx-response', count: 1, example: 'e' }] }, root);
    const config = parseDocument(readFileSync(join(root, 'redocly.yaml'), 'utf8'));
    config.setIn(['apis', 'p', 'rules', 'operation-summary'], 'off');
    config.setIn(['apis', 'p', 'x-reasons', 'operation-summary'], 'TODO: ask the provider about summaries');
    writeFileSync(join(root, 'redocly.yaml'), config.toString({ lineWidth: 0 }));

    const accepted = await lintSpecs('--fix', '--accept-all');
    expect(accepted.out).toMatch(
      /p: --accept-all replaced 1 action description\(s\) and 1 rule reason\(s\) an earlier --fix left as placeholders/,
    );
    const overlay = parse(readFileSync(join(root, 'specs/p/overlay.yaml'), 'utf8'));
    expect(overlay.actions.map((a) => a.description)).toEqual([
      expect.stringMatching(
        /^accepted on import without review \(npm run lint:specs -- --fix --accept-all, \d{4}-\d\d-\d\d\): why you document 401 here \(what the provider answers, and your source\)$/,
      ),
    ]);
    const reasons = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')).apis.p['x-reasons'];
    expect(reasons['operation-4xx-response']).toMatch(
      /^accepted on import without review .*: turned off by an earlier --fix, its reason never written$/,
    );
    // the person's own text stays, and lint still asks for it (only it)
    expect(reasons['operation-summary']).toBe('TODO: ask the provider about summaries');
    expect(accepted.status, accepted.out).toBe(1);
    expect(accepted.out).toMatch(/rule operation-summary is turned off for p; write its reason/);
    expect(accepted.out).not.toMatch(/its description is still a placeholder|x-reasons\.operation-4xx-response/);

    // once the person writes theirs, lint passes
    const now = parseDocument(readFileSync(join(root, 'redocly.yaml'), 'utf8'));
    now.setIn(['apis', 'p', 'x-reasons', 'operation-summary'], 'The provider documents no summaries (its API reference).');
    writeFileSync(join(root, 'redocly.yaml'), now.toString({ lineWidth: 0 }));
    const lint = await lintSpecs();
    expect(lint.status, lint.out).toBe(0);
  }, 600_000);

  it('--fix --accept-all writes the actions provider:add left in overlay.suggested.yaml without their placeholders', () => {
    made = oneProvider();
    const { provider, root } = made;
    const action = {
      target: "$.paths['/things'].get.responses",
      description: statusPlaceholder('401'),
      update: { 401: { description: 'no' } },
    };
    writeFileSync(join(root, 'specs/p/overlay.suggested.yaml'), stringify({ actions: [action] }));
    const wrote = applyPendingSuggestions([provider], root, () => {}, { acceptAll: true });
    expect(wrote.get('p')).toBe(1);
    const overlay = parse(readFileSync(join(root, 'specs/p/overlay.yaml'), 'utf8'));
    expect(overlay.actions.map((a) => a.description)).toEqual([expect.stringMatching(/^accepted on import without review /)]);
    expect(placeholderDescriptions(provider, root)).toEqual([]);
  });
});
