// Typechecks a consumer app (apps/example) against given generated types of one provider,
// without writing anything: the compiler reads every @capi/* package from its sources, and the
// provider's src/generated/*.gen.ts from memory. Used by the breaking-change report to name the
// call sites a spec change breaks.
import ts from 'typescript';
import { join, relative } from 'node:path';
import { renderTypes as render } from '../codegen/codegen.ts';

/** The two generated files of a provider for one effective spec (as scripts/commands/codegen.ts writes them, minus the header). */
export async function renderTypes(doc: unknown): Promise<Record<string, string>> {
  // a copy: openapi-typescript may change the document it is given
  const { schemaTs, apiTs } = await render(structuredClone(doc), { file: 'the effective spec' });
  return { 'schema.gen.ts': schemaTs, 'api.gen.ts': apiTs };
}

/** A compiler error in a file of the consumer app (path relative to the repository). */
export interface ConsumerDiagnostic {
  file: string;
  line: number;
  column: number;
  /** 'TS2322' */
  code: string;
  message: string;
}

interface ConsumerCheckOptions {
  root: string;
  /** the app to typecheck (holds its tsconfig.json) */
  appDir: string;
  /** the provider package whose generated files are replaced */
  packageDir: string;
  /** file name in packageDir/src/generated -> content */
  generated: Record<string, string>;
}

/** @returns diagnostics in the app's own files */
export function typecheckConsumer({ root, appDir, packageDir, generated }: ConsumerCheckOptions): ConsumerDiagnostic[] {
  const configFile = join(appDir, 'tsconfig.json');
  const { config, error }: { config?: unknown; error?: ts.Diagnostic } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, appDir);
  const options = {
    ...parsed.options,
    noEmit: true,
    // every workspace package from its sources (no build needed); the provider's generated files from memory
    paths: { '@capi/*': [join(root, 'packages/*/src/index.ts')] },
  };
  const virtual = new Map(Object.entries(generated).map(([name, text]) => [join(packageDir, 'src', 'generated', name), text]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    virtual.has(f) ? ts.createSourceFile(f, virtual.get(f) as string, lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram(parsed.fileNames, options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d): d is ts.Diagnostic & { file: ts.SourceFile } => d.file?.fileName.startsWith(`${appDir}/`) === true)
    .map((d) => {
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      return {
        file: relative(root, d.file.fileName),
        line: line + 1,
        column: character + 1,
        code: `TS${d.code}`,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      };
    });
}
