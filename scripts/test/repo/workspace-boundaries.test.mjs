// No import reaches into another workspace's files by a relative path: a workspace uses another
// by its package name (and the `exports` that package chooses to offer), declared in its
// package.json, so turbo and npm see the dependency. Every static import, re-export and dynamic
// import() of every source file is checked, as TypeScript's parser reads them.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../../lib/registry/registry.ts';

const rootPkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const workspaces = rootPkg.workspaces
  .flatMap((w) =>
    w.endsWith('/*') ? readdirSync(join(repoRoot, w.slice(0, -2))).map((d) => join(repoRoot, w.slice(0, -2), d)) : [join(repoRoot, w)],
  )
  .filter((d) => existsSync(join(d, 'package.json')));

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'generated', 'reports', 'report'].includes(e.name) || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(mjs|js|ts|mts|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The module specifiers a file imports (static, re-export, dynamic), as TypeScript's parser reads them. */
const specifiers = (text) => ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);

describe('workspace boundaries', () => {
  it('finds the workspaces and their sources', () => {
    expect(workspaces.length).toBeGreaterThan(8);
    expect(workspaces.map((w) => relative(repoRoot, w))).toEqual(
      expect.arrayContaining(['scripts', 'apps/conformance', 'apps/fakes', 'bench', 'packages/core']),
    );
  });

  it('no relative import leaves its workspace; cross-workspace imports name a declared dependency', () => {
    const crossings = [];
    const undeclared = [];
    for (const ws of workspaces) {
      const pkg = JSON.parse(readFileSync(join(ws, 'package.json'), 'utf8'));
      const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies }));
      for (const file of sources(ws)) {
        const text = readFileSync(file, 'utf8');
        for (const spec of specifiers(text)) {
          const where = `${relative(repoRoot, file)}: ${spec}`;
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            if (target !== ws && !target.startsWith(ws + sep)) crossings.push(where);
          } else if (spec.startsWith('@capi/')) {
            const name = spec.split('/').slice(0, 2).join('/');
            if (name !== pkg.name && !declared.has(name)) undeclared.push(where);
          }
        }
      }
    }
    expect(crossings, 'import these by package name instead (add an `exports` entry to the other package)').toEqual([]);
    expect(undeclared, 'declare these workspaces in package.json').toEqual([]);
  });
});
