// Typechecks a provider's package sources (src/: the factory and the generated files) with the
// repository's compiler options, reading every @capi/* package from its sources (nothing needs
// building first), and says which part of the spec each error comes from. provider:add runs it
// after generating, so a spec whose types do not compile is reported there, with the place to
// correct, not in CI.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { escapeSegment } from '../spec/json-pointer.ts';
import type { Provider } from '../registry/per-provider.ts';
import { formatDiagnostic, typecheckProject } from '../shared/tsc.ts';

/** One compiler error in a provider's package. */
interface GeneratedTypeError {
  /** file:line:col: TSnnnn message */
  text: string;
  /** the JSON pointer of the spec node the failing type was generated from */
  spec?: string;
}

interface GeneratedTypecheck {
  ok: boolean;
  errors: GeneratedTypeError[];
}

/** Typechecks the package of `provider` in the repository at `root`. */
export async function typecheckGenerated(provider: Pick<Provider, 'packageDir'>, root: string): Promise<GeneratedTypecheck> {
  const dir = mkdtempSync(join(tmpdir(), 'capi-typecheck-'));
  const src = join(provider.packageDir, 'src');
  const generated = join(src, 'generated');
  // the package's own entry when it has one (it imports the generated files), else those alone
  const files = existsSync(join(src, 'index.ts'))
    ? [join(src, 'index.ts')]
    : [join(generated, 'schema.gen.ts'), join(generated, 'api.gen.ts')];
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: resolve(root, 'tsconfig.base.json'),
        compilerOptions: {
          noEmit: true,
          // ES modules whether or not a package.json says so (a provider's does)
          module: 'esnext',
          moduleResolution: 'bundler',
          // Node's types from the repository, not from this folder
          typeRoots: [resolve(root, 'node_modules/@types')],
          // every workspace package from its sources: @capi/core needs no build first
          paths: { '@capi/*': [join(root, 'packages/*/src/index.ts')], '@capi/core/node': [join(root, 'packages/core/src/node.ts')] },
        },
        files,
      }),
    );
    const { ok, diagnostics } = await typecheckProject(dir, root);
    const sources = new Map<string, ts.SourceFile | null>();
    const errors = diagnostics.map((d): GeneratedTypeError => {
      let spec: string | undefined;
      if (d.file && d.line && /[\\/]generated[\\/]/.test(d.file)) {
        const abs = resolve(root, d.file);
        if (!sources.has(abs)) sources.set(abs, readSource(abs));
        spec = specLocation(sources.get(abs) ?? null, d.line);
      }
      return { text: formatDiagnostic(d), ...(spec ? { spec } : {}) };
    });
    return { ok, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readSource(file: string): ts.SourceFile | null {
  try {
    return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  } catch {
    return null;
  }
}

const nameOf = (m: ts.TypeElement | undefined) => (m?.name && (ts.isStringLiteral(m.name) || ts.isIdentifier(m.name)) ? m.name.text : null);

/**
 * The spec location a line of schema.gen.ts was generated from: `#/components/<group>/<name>`
 * for a member of `components`, `#/paths/<path>` for a member of `paths`, the operation for a
 * member of `operations` (by operationId); for a recursive type alias, the member it stands for.
 */
export function specLocation(source: ts.SourceFile | null, line: number): string | undefined {
  if (!source) return undefined;
  const pos = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const end = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getEnd()).line + 1;
  const within = (n: ts.Node) => pos(n) <= line && line <= end(n);
  for (const s of source.statements) {
    if (!within(s)) continue;
    if (ts.isTypeAliasDeclaration(s)) {
      const m = /^Recursive_([A-Za-z]+)_/.exec(s.name.text);
      if (m) return `#/components/${m[1]} (${s.name.text})`;
      continue;
    }
    if (!ts.isInterfaceDeclaration(s)) continue;
    const top = s.name.text;
    for (const m of s.members) {
      if (!within(m)) continue;
      const key = nameOf(m);
      if (top === 'paths') return `#/paths/${escapeSegment(String(key))}`;
      if (top === 'operations') return `operationId ${key}`;
      if (top === 'components' && ts.isPropertySignature(m) && m.type && ts.isTypeLiteralNode(m.type)) {
        const inner = m.type.members.find(within);
        return inner ? `#/components/${key}/${escapeSegment(String(nameOf(inner)))}` : `#/components/${key}`;
      }
    }
  }
  return undefined;
}

/** What provider:add prints when the generated types do not compile. */
export function typecheckAdvice(
  name: string,
  provider: Pick<Provider, 'effective'>,
  root: string,
  errors: readonly GeneratedTypeError[],
): string {
  const shown = errors
    .slice(0, 10)
    .map((e) => `  ${e.text.split('\n')[0]}${e.spec ? `\n    from ${relative(root, provider.effective)} ${e.spec}` : ''}`)
    .join('\n');
  const more = errors.length > 10 ? `\n  ... and ${errors.length - 10} more` : '';
  return (
    `[${name}] the generated types do not compile (${errors.length} error(s)):\n${shown}${more}\n` +
    `[${name}] What to do: correct the schema named under "from" in specs/${name}/overlay.yaml (one action per schema), then npm run generate and npm run typecheck -- --filter=@capi/${name}. ` +
    'If that schema is valid OpenAPI, the generator cannot express it: keep the overlay action and say why in its description (docs/decisions-and-lessons.md lists the cases we know).'
  );
}
