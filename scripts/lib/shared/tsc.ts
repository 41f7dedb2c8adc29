// Runs the TypeScript compiler (the version pinned in package.json) on one project as a child
// process, without blocking the caller, and returns its diagnostics with repository-relative
// paths (`packages/salesive/src/index.ts:12:5`), the form editors and CI logs link from.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const tscBin = require.resolve('typescript/bin/tsc');

/** One compiler error; file, line and column are absent for an error about the whole project. */
interface Diagnostic {
  file?: string;
  line?: number;
  column?: number;
  /** 'TS2322' */
  code: string;
  message: string;
}

interface TypecheckResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** everything tsc printed */
  output: string;
}

/**
 * Writes `dir/tsconfig.json`: `files` checked the repository's strict way (its tsconfig.base.json),
 * modules resolved as a bundler does, nothing emitted; `compilerOptions` adds to that (`paths`,
 * `skipLibCheck`). For a scratch project of generated code: a consumer's file, a corpus spec's types.
 */
export function writeCheckProject(
  dir: string,
  root: string,
  files: readonly string[],
  compilerOptions: Record<string, unknown> = {},
): void {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        typeRoots: [join(root, 'node_modules/@types')],
        ...compilerOptions,
      },
      files,
    }),
  );
}

/**
 * @param projectDir folder holding the tsconfig.json to check
 * @param root repository root (paths in diagnostics are relative to it)
 */
export function typecheckProject(projectDir: string, root: string): Promise<TypecheckResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [tscBin, '--noEmit', '--pretty', 'false', '-p', projectDir], { cwd: projectDir });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', fail);
    child.on('close', (status) => {
      const diagnostics = parseTscOutput(output, projectDir, root);
      done({ ok: status === 0, diagnostics, output });
    });
  });
}

/** `src/a.ts(3,5): error TS2322: msg` (+ indented continuation lines) -> structured diagnostics. */
function parseTscOutput(output: string, projectDir: string, root: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    const bare = /^error (TS\d+): (.*)$/.exec(line);
    if (m) {
      diagnostics.push({
        file: relative(root, resolve(projectDir, m[1])),
        line: Number(m[2]),
        column: Number(m[3]),
        code: m[4],
        message: m[5],
      });
    } else if (bare) {
      diagnostics.push({ code: bare[1], message: bare[2] });
    } else if (/^\s+\S/.test(line) && diagnostics.length) {
      diagnostics[diagnostics.length - 1].message += `\n${line}`;
    }
  }
  return diagnostics;
}

export const formatDiagnostic = (d: Diagnostic): string => `${d.file ? `${d.file}:${d.line}:${d.column}: ` : ''}${d.code} ${d.message}`;
