// The TypeScript in the docs compiles: every ```ts block of README.md, docs/*.md and
// packages/*/README.md is typechecked (strict, as the workspace's tsconfig.base.json) against the
// workspace packages, each @capi/* package read from its sources. A block that is a fragment on
// purpose carries `<!-- not-compiled: <reason> -->` on the line before it; there are few, and each
// says why.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';

const SKIP = /^<!-- not-compiled: (.*\S.*) -->$/;

/** The Markdown files the docs are: the README, the manual, each package's README. */
export const docFiles = () =>
  [
    'README.md',
    ...readdirSync(join(repoRoot, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
    ...readdirSync(join(repoRoot, 'packages'))
      .map((p) => `packages/${p}/README.md`)
      .filter((f) => existsSync(join(repoRoot, f))),
  ].sort();

/** The ```ts blocks of a Markdown text: line of the fence (1-based), code, and the not-compiled reason if any. */
export function tsBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`line ${i + 1}: a \`\`\`ts block that never ends`);
    let k = i - 1;
    while (k >= 0 && !lines[k].trim()) k--;
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), skip: SKIP.exec(lines[k] ?? '')?.[1] });
    i = end;
  }
  return blocks;
}

/** Typechecks the blocks, each as its own module; returns the errors as `file:line: message` with the doc's own line. */
function typecheck(blocks) {
  const { config } = ts.readConfigFile(join(repoRoot, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot);
  const src = (p, f = 'index.ts') => [join(repoRoot, 'packages', p, 'src', f)];
  Object.assign(options, {
    noEmit: true,
    // every workspace package from its sources, as a user imports it (by name)
    paths: {
      '@capi/core/node': src('core', 'node.ts'),
      '@capi/core/testing': src('core', 'testing.ts'),
      '@capi/core/fake': src('core', 'fake/index.ts'),
      '@capi/core/validators-runtime': src('core', 'validators-runtime.ts'),
      '@capi/*/fake': [join(repoRoot, 'packages/*/src/generated/fake.gen.ts')],
      '@capi/*': [join(repoRoot, 'packages/*/src/index.ts')],
    },
    // the fake's sources import each other by their .ts names (packages/core/tsconfig.json)
    rewriteRelativeImportExtensions: true,
  });
  // in a folder of an ES module package (scripts/), so top-level await is allowed as in an app
  const virtual = new Map(blocks.map((b, i) => [join(repoRoot, 'scripts', '.docs-blocks', `block-${i}.ts`), b]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  const text = (b) => `${b.code}\nexport {};\n`; // a module of its own: blocks share no names
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => (virtual.has(f) ? text(virtual.get(f)) : readFile.call(host, f));
  host.getSourceFile = (f, lang, ...rest) =>
    virtual.has(f) ? ts.createSourceFile(f, text(virtual.get(f)), lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const b = d.file && virtual.get(d.file.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!b) return `${d.file ? relative(repoRoot, d.file.fileName) : 'compiler'}: ${message}`;
    const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
    return `${b.file}:${b.line + line}: TS${d.code} ${message}`;
  });
}

describe('TypeScript in the docs', () => {
  const all = docFiles().flatMap((file) => tsBlocks(readFileSync(join(repoRoot, file), 'utf8')).map((b) => ({ ...b, file })));
  // one program for every block (one typecheck), with one block that must fail: the check bites
  const broken = {
    file: 'broken.md',
    line: 10,
    code: "import { createSalesiveClient } from '@capi/salesive';\nconst c = createSalesiveClient({ token: 1 });",
  };
  let errors;
  beforeAll(() => {
    errors = typecheck([...all.filter((b) => !b.skip), broken]);
  }, 120_000);

  it('finds the blocks (the README, the manual, every package README)', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all.map((b) => b.file))).toContain('packages/core/README.md');
  });

  it('every ```ts block typechecks against the workspace packages', () => {
    expect(errors.filter((e) => !e.startsWith('broken.md:'))).toEqual([]);
  });

  it('a block that does not compile is caught, at its line in the doc', () => {
    expect(errors.filter((e) => e.startsWith('broken.md:'))).toEqual([expect.stringMatching(/^broken\.md:12: TS2322 /)]);
  });

  it('the blocks left out are few, each with its reason', () => {
    const skipped = all.filter((b) => b.skip).map((b) => `${b.file}:${b.line}: ${b.skip}`);
    expect(skipped.length, skipped.join('\n')).toBeLessThanOrEqual(5);
  });
});

// What README.md says of the repository, checked against it.
describe("the README's claims", () => {
  const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

  it('"every npm run script first checks the Node running it": each is capi (which checks first) or runs the check first', () => {
    const unchecked = Object.entries(rootPkg.scripts).filter(
      ([, cmd]) => !/^(node scripts\/capi\.mjs(\s|$)|node scripts\/check-node\.mjs(\s&&\s|$))/.test(cmd),
    );
    expect(unchecked).toEqual([]);
    // the capi bin evaluates the check before its own code (a static import runs first);
    // scripts/test/repo/node-version.test.mjs runs scripts of both kinds on an older Node
    expect(readFileSync(join(repoRoot, 'scripts/capi.mjs'), 'utf8')).toMatch(/^import '\.\/check-node\.mjs';$/m);
  });

  /** Every mapping of a parsed YAML document with the key, with its JSON pointer. */
  const withKey = (node, key, at = '') =>
    node && typeof node === 'object'
      ? [
          ...(Object.hasOwn(node, key) ? [{ at, value: node[key] }] : []),
          ...Object.entries(node).flatMap(([k, v]) => withKey(v, key, `${at}/${k}`)),
        ]
      : [];

  it('"every correction says why": each overlay action has a description; x-fixes names lint rules', async () => {
    const { parse } = await import('yaml');
    const overlays = readdirSync(join(repoRoot, 'specs'))
      .map((p) => `specs/${p}/overlay.yaml`)
      .filter((f) => existsSync(join(repoRoot, f)));
    expect(overlays.length).toBeGreaterThan(0);
    for (const f of overlays) {
      const { actions } = parse(readFileSync(join(repoRoot, f), 'utf8'));
      for (const [i, a] of (actions ?? []).entries()) {
        expect(String(a.description ?? '').trim().length, `${f} action ${i + 1} (${a.target}): no description saying why`).toBeGreaterThan(
          20,
        );
        if ('x-fixes' in a)
          expect(a['x-fixes'], `${f} action ${i + 1}: x-fixes lists rule names`).toEqual(
            expect.arrayContaining([expect.stringMatching(/^[\w/-]+$/)]),
          );
      }
    }
  });

  it('"every decision on an authored spec is an x-decision with its source on the page"', async () => {
    const { parse } = await import('yaml');
    const authored = readdirSync(join(repoRoot, 'specs'))
      .map((p) => `specs/${p}/authored.yaml`)
      .filter((f) => existsSync(join(repoRoot, f)));
    expect(authored.length).toBeGreaterThan(0);
    for (const f of authored) {
      const decisions = withKey(parse(readFileSync(join(repoRoot, f), 'utf8')), 'x-decision');
      expect(decisions.length, f).toBeGreaterThan(0);
      for (const { at, value } of decisions) {
        for (const field of ['source', 'choice', 'reason'])
          expect(String(value?.[field] ?? '').trim(), `${f}#${at}/x-decision: no ${field}`).not.toBe('');
      }
    }
  });
});
