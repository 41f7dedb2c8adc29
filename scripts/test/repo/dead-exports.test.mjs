// Every export of scripts/lib is imported by some other file of the repository (a command, a
// test, another workspace, a benchmark, the Redocly plugin, a docs code block): an export that
// only its own file uses is dead weight a reader has to think about. Read with the TypeScript
// parser (no type-checking, so the whole repository takes about a second); decisions-and-lessons.md
// says why this and not knip.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';

const lib = join(repoRoot, 'scripts', 'lib');

/**
 * Exports kept although no file of this repository imports them, each with its reason. Keep it
 * short: an entry is a promise to a consumer outside the repository or to a tool that finds the
 * name by convention.
 */
const ALLOWED = new Map([
  // `@capi/scripts/provider-testing` is the entry point a provider's testing.ts is written
  // against (packages/<p>/testing.ts): the parts of its type, for a fake written in parts
  ...['FakeOperationKind', 'FakeRequestFacts', 'VerifyEntry', 'FakeResourceRules', 'FakeScenarioContext', 'FakeScenario'].map((name) => [
    `registry/provider-testing.ts: ${name}`,
    'the public types of @capi/scripts/provider-testing',
  ]),
]);

/** The folders scanned for importers (node_modules, build output and reports left out). */
const SCANNED = ['scripts', 'apps', 'packages', 'bench', 'redocly', 'specs'];
const SKIP = new Set(['node_modules', 'dist', 'reports', '.turbo', 'generated', 'report']);

/** A folder or file that went away while it was read: another test's temporary copy (helpers.mjs). */
const gone = (err) => err?.code === 'ENOENT' || err?.code === 'ENOTDIR';

function sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (gone(err)) return [];
    throw err;
  }
  return entries.flatMap((e) => {
    // another test's copy of the repository's inputs (repoCopy's `.tmp-*`), made and removed while this runs
    if (SKIP.has(e.name) || e.name.startsWith('.tmp-')) return [];
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|mjs|js|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The ```ts/```js blocks of the docs and README, each as if it were a file at its page. */
function docBlocks() {
  const pages = ['README.md', ...readdirSync(join(repoRoot, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));
  return pages.flatMap((page) =>
    [...readFileSync(join(repoRoot, page), 'utf8').matchAll(/^```(?:ts|js|mjs|typescript)\n([\s\S]*?)^```/gm)].map((m, i) => ({
      file: join(repoRoot, `${page}#${i}.ts`),
      text: m[1],
    })),
  );
}

/** The file a module specifier names, when it is a file of scripts/lib; else undefined. */
function resolveSpecifier(from, spec) {
  let target;
  if (spec.startsWith('.')) target = resolve(dirname(from), spec);
  else if (spec === '@capi/scripts/provider-testing') {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'scripts', 'package.json'), 'utf8'));
    target = join(repoRoot, 'scripts', pkg.exports['./provider-testing']);
  } else if (spec.startsWith('@capi/scripts/lib/')) target = join(lib, spec.slice('@capi/scripts/lib/'.length));
  else return undefined;
  return target.startsWith(`${lib}/`) ? target : undefined;
}

const ALL = Symbol('every export');

/**
 * What one file takes from the modules of scripts/lib: module path -> names (or ALL, when it
 * takes the module whole in a way not followed here).
 */
function importsOf(file, text) {
  const uses = new Map();
  const use = (spec, name) => {
    const target = resolveSpecifier(file, spec);
    if (!target) return;
    const names = uses.get(target) ?? new Set();
    names.add(name);
    uses.set(target, names);
  };
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  /** names read from a namespace binding `ns` (`ns.name`), or ALL when it is used otherwise */
  const namespaceUses = (ns, spec) => {
    let whole = false;
    const visit = (node) => {
      if (ts.isIdentifier(node) && node.text === ns && node.parent) {
        const p = node.parent;
        if (ts.isPropertyAccessExpression(p) && p.expression === node) use(spec, p.name.text);
        else if (ts.isQualifiedName(p) && p.left === node) use(spec, p.right.text);
        else if (!(ts.isNamespaceImport(p) || ts.isImportClause(p) || ts.isVariableDeclaration(p) || ts.isBindingElement(p))) whole = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    if (whole) use(spec, ALL);
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause?.name) use(spec, 'default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) use(spec, (el.propertyName ?? el.name).text);
      if (bindings && ts.isNamespaceImport(bindings)) namespaceUses(bindings.name.text, spec);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (node.exportClause && ts.isNamedExports(node.exportClause))
        for (const el of node.exportClause.elements) use(spec, (el.propertyName ?? el.name).text);
      else use(spec, ALL);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const q = node.qualifier;
      use(node.argument.literal.text, q ? (ts.isIdentifier(q) ? q.text : q.left.getText()) : ALL);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        // `const { a, b } = await import(x)`, `(await import(x)).a`; anything else takes it whole
        let p = node.parent;
        if (p && ts.isAwaitExpression(p)) p = p.parent;
        while (p && ts.isParenthesizedExpression(p)) p = p.parent;
        if (p && ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name))
          for (const el of p.name.elements) use(arg.text, (el.propertyName ?? el.name).getText());
        else if (p && ts.isPropertyAccessExpression(p)) use(arg.text, p.name.text);
        else if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) namespaceUses(p.name.text, arg.text);
        else use(arg.text, ALL);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // JSDoc types in JavaScript: `@type {import('x').Name}`
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)\.(\w+)/g)) use(m[1], m[2]);
  return uses;
}

/** The names a module exports (its own declarations and what it re-exports). */
function exportsOf(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = [];
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) &&
      s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      names.push(s.modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? 'default' : (s.name?.text ?? 'default'));
    } else if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) names.push(el.name.text);
    } else if (ts.isExportAssignment(s)) names.push('default');
  }
  return names;
}

/** `module: name` for every export of scripts/lib no other file takes. */
function deadExports() {
  const importers = SCANNED.flatMap((d) => sourceFiles(join(repoRoot, d)));
  const taken = new Map();
  const add = (file, text) => {
    for (const [target, names] of importsOf(file, text)) {
      if (target === file) continue;
      const set = taken.get(target) ?? new Set();
      for (const n of names) set.add(n);
      taken.set(target, set);
    }
  };
  for (const f of importers) {
    let text;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      if (gone(err)) continue;
      throw err;
    }
    add(f, text);
  }
  for (const b of docBlocks()) add(b.file, b.text);
  const dead = [];
  for (const f of sourceFiles(lib).filter((f) => !/\.test\.ts$/.test(f))) {
    const names = taken.get(f) ?? new Set();
    if (names.has(ALL)) continue;
    for (const n of exportsOf(f, readFileSync(f, 'utf8'))) {
      const id = `${relative(lib, f)}: ${n}`;
      if (!names.has(n) && !ALLOWED.has(id)) dead.push(id);
    }
  }
  return dead;
}

describe('scripts/lib exports', () => {
  it('are each imported by another file of the repository (else: make it local to its file, or delete it)', () => {
    expect(deadExports()).toEqual([]);
  });

  it('every allow-listed export still exists and is still imported by nobody', () => {
    const dead = new Set(
      (() => {
        const saved = [...ALLOWED.keys()];
        ALLOWED.clear();
        try {
          return deadExports();
        } finally {
          for (const k of saved) ALLOWED.set(k, '');
        }
      })(),
    );
    for (const id of ALLOWED.keys()) expect(dead.has(id), id).toBe(true);
  });

  it('the reader sees named, namespace, dynamic, re-exported and JSDoc imports', () => {
    const file = join(lib, 'x', 'user.ts');
    const uses = importsOf(
      file,
      [
        "import { a, b as c } from '../spec/m.ts';",
        "import * as ns from '@capi/scripts/lib/spec/n.ts'; ns.d;",
        "const { e } = await import('../spec/o.ts');",
        "export { f } from '../spec/p.ts';",
        "/** @type {import('../spec/q.ts').G} */ let g;",
        "import { h } from 'yaml';",
      ].join('\n'),
    );
    const at = (m) => [...(uses.get(join(lib, 'spec', m)) ?? [])];
    expect([at('m.ts'), at('n.ts'), at('o.ts'), at('p.ts'), at('q.ts')]).toEqual([['a', 'b'], ['d'], ['e'], ['f'], ['G']]);
    expect(uses.size).toBe(5);
    expect(
      exportsOf('m.ts', 'export const a = 1, b = 2;\nconst z = 3;\nexport function f() {}\nexport interface I {}\nexport { z as y };'),
    ).toEqual(['a', 'b', 'f', 'I', 'y']);
  });
});
