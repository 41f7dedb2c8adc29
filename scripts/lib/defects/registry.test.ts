// The registry of spec-defect kinds is complete and is the only place a kind is listed: every
// kind has its file, its table-driven test beside it and its docs text; every kind with a visitor
// has its line in redocly.yaml and is a rule of the capi plugin, and redocly.yaml names no capi
// rule the registry does not have. And the pipeline library has no import cycle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../registry/registry.ts';
import { DEFECT_KINDS, KINDS, kindOf, pluginPreprocessors, pluginRules } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** A kind's file name: its id without the `capi/`, `contract-tests/`, `generation/` or `bundle/` prefix. */
const fileOf = (id: string) => id.replace(/^(capi|contract-tests|generation|bundle)\//, '');

describe('the registry of spec-defect kinds', () => {
  it('lists each kind once, by a unique id', () => {
    expect(DEFECT_KINDS.size).toBe(KINDS.length);
  });

  it.each(KINDS.map((k) => [k.id, k] as const))('%s: its file, its table-driven test beside it, its docs text', (id, kind) => {
    expect(existsSync(join(here, `${fileOf(id)}.ts`)), `scripts/lib/defects/${fileOf(id)}.ts`).toBe(true);
    expect(existsSync(join(here, `${fileOf(id)}.test.ts`)), `scripts/lib/defects/${fileOf(id)}.test.ts`).toBe(true);
    expect(readFileSync(join(here, `${fileOf(id)}.ts`), 'utf8')).toMatch(new RegExp(`id: '${id}'`));
    expect(kind.docs.length).toBeGreaterThan(80);
    // a rule of our plugin is capi/<name>; a kind without a visitor is found by Redocly or another stage
    if (kind.visitor) expect(id).toMatch(/^capi\//);
    if (kind.stage === 'harness') expect(kind.visitor).toBeUndefined();
  });

  it('every kind file of the folder is in the registry (a kind not listed would be dead)', () => {
    const helpers = new Set(['index', 'types', 'testing', 'per-finding', 'schema-target', 'response-content']);
    const files = readdirSync(here)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .filter((f) => !helpers.has(f));
    expect(files.sort()).toEqual(KINDS.map((k) => fileOf(k.id)).sort());
  });

  it("redocly.yaml's capi rules are the kinds with a visitor, each an error (the one line a kind with a visitor adds there)", () => {
    const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8'));
    const named = Object.keys(config.rules).filter((r) => r.startsWith('capi/'));
    const withVisitor = KINDS.filter((k) => k.visitor).map((k) => k.id);
    expect(named.sort()).toEqual([...withVisitor].sort());
    for (const id of withVisitor) expect(config.rules[id], id).toBe(kindOf(id)?.severity);
  });

  it('the capi plugin (redocly/plugin.js) has exactly the rules and preprocessors of the registry', async () => {
    const plugin = (await import(resolve(repoRoot, 'redocly/plugin.js'))).default();
    expect(plugin.id).toBe('capi');
    expect(Object.keys(plugin.rules.oas3).sort()).toEqual(Object.keys(pluginRules()).sort());
    expect(Object.keys(plugin.preprocessors.oas3)).toEqual(Object.keys(pluginPreprocessors()));
    expect(Object.keys(pluginPreprocessors())).toEqual(['safe-patterns']);
  });
});

/** The relative import specifiers of a module (import and export ... from, type-only ones too). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => resolve(dirname(file), m[1]));
}

/** Every .ts module under `dir` (tests left out). */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modules(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

/** The first import cycle among the modules, as the paths around it, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 done
  const path: string[] = [];
  const visit = (v: string): string[] | null => {
    state.set(v, 1);
    path.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (state.get(w) === 1) return [...path.slice(path.indexOf(w)), w];
      if (!state.has(w)) {
        const found = visit(w);
        if (found) return found;
      }
    }
    path.pop();
    state.set(v, 2);
    return null;
  };
  for (const v of graph.keys()) {
    if (state.has(v)) continue;
    const found = visit(v);
    if (found) return found;
  }
  return null;
}

describe('scripts/lib imports', () => {
  const lib = resolve(here, '..');
  it('have no cycle (type-only imports count: a type shared both ways belongs in a module of its own)', () => {
    const graph = new Map(modules(lib).map((f) => [f, importsOf(f)]));
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => relative(lib, f)).join(' -> ') ?? null).toBeNull();
  });

  it('the cycle check finds a cycle', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
});
