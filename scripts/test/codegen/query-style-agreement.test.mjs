// `QueryStyle` is declared twice: in codegen (scripts/lib/codegen/codegen.ts, the `queryStyles`
// facts it writes) and in @capi/core (packages/core/src/query.ts, what the client reads).
// @capi/scripts must not import @capi/core and the published core cannot import @capi/scripts, so
// there is no one home; this holds them together. Both declarations are read from their sources
// with TypeScript's parser and checked by its type checker against each other, both ways: every
// fact codegen writes is one the client reads, and the client reads nothing codegen cannot write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';

/** The text of the type named `name` (an interface or a type alias) in a source file, as `type <as> = ...`. */
function declaration(file, name, as) {
  const source = ts.createSourceFile(file, readFileSync(join(repoRoot, file), 'utf8'), ts.ScriptTarget.Latest, true);
  let found;
  const visit = (node) => {
    if (found) return;
    if (ts.isTypeAliasDeclaration(node) && node.name.text === name) found = `type ${as} = ${node.type.getText(source)};`;
    else if (ts.isInterfaceDeclaration(node) && node.name.text === name)
      found = `type ${as} = { ${node.members.map((m) => m.getText(source)).join(' ')} };`;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** TypeScript's diagnostics for `core` and `gen` held to each other, both ways. */
function disagreements(core, gen) {
  const text = [
    core,
    gen,
    'declare const written: Gen;',
    'declare const read: Core;',
    // every fact codegen writes is one the client reads
    'export const clientReads: Core = written;',
    // every shape the client reads is one codegen may write
    'export const codegenWrites: Gen = read;',
  ].join('\n');
  const name = '/agreement.ts';
  const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) =>
    file === name ? ts.createSourceFile(file, text, version) : getSourceFile(file, version, ...rest);
  const program = ts.createProgram([name], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const core = declaration('packages/core/src/query.ts', 'QueryStyle', 'Core');
const gen = declaration('scripts/lib/codegen/codegen.ts', 'QueryStyle', 'Gen');

describe("QueryStyle: codegen's facts and the client's reading", () => {
  it('finds both declarations', () => {
    expect(core).toMatch(/json/);
    expect(gen).toMatch(/json/);
  });

  it('agree, both ways', () => {
    expect(disagreements(core, gen)).toEqual([]);
  });

  it('a declaration that differs is told (a fact the client does not read; a shape codegen never writes)', () => {
    // codegen writes a shape the client does not know
    expect(disagreements(core, gen.replace('{ json: true }', '{ json: true } | { text: true }')).join('\n')).toMatch(/Gen/);
    // the client reads a style codegen never writes
    expect(disagreements(core.replace("'deepObject'", "'deepObject' | 'matrix'"), gen).join('\n')).toMatch(/Core/);
  });
});
