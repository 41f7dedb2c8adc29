// Watch mode (`npm run dev`, scripts/commands/dev.ts): rebuild a provider's effective spec,
// regenerate its types and typecheck its client package when its source document or overlay is
// saved; a broken save prints the error and keeps the last good output.
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../shared/errors.ts';
import { formatDiagnostic, typecheckProject } from '../shared/tsc.ts';
import { buildSpec } from '../build/build-spec.ts';
import { generateProvider } from '../codegen/codegen.ts';
import type { Provider } from '../registry/per-provider.ts';

export const DEBOUNCE_MS = 200; // editors write a file in several steps (truncate, write, rename)

export const log = (provider: string | null, text: string): void => console.log(`${provider ? `[${provider}] ` : ''}${text}`);
export const ms = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** The files a provider is built from (root document + overlays). */
export const inputsOf = (p: Provider): string[] => [p.root, ...p.overlays];
export const digest = (files: string[]): string => {
  const h = createHash('sha256');
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(existsSync(f) ? readFileSync(f) : 'missing')
      .update('\0');
  return h.digest('hex');
};

/** Builds what the provider packages import (@capi/core and friends), through turbo and its cache. */
export function prepareDependencies(root: string, providers: Provider[]): Promise<{ ok: boolean; out: string }> {
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const filters = providers.map((p) => `--filter=@capi/${p.name}^...`);
  return new Promise((resolve) => {
    const child = spawn(turbo, ['run', 'build', ...filters, '--output-logs=errors-only'], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('error', (err) => resolve({ ok: false, out: err.message }));
    child.on('close', (status) => resolve({ ok: status === 0, out }));
  });
}

/** One rebuild of one provider: effective spec, types, typecheck. Never throws. */
export async function rebuild(p: Provider, root: string, reason: string): Promise<boolean> {
  const t0 = performance.now();
  log(p.name, `${reason}: rebuilding`);
  try {
    buildSpec(p, root);
    await generateProvider(p, root);
  } catch (err) {
    // the provider is already the prefix of the line
    const text = err instanceof UserError ? err.format().replace(/^\[[^\]]+\] /, '') : `unexpected: ${(err as Error).stack ?? err}`;
    log(p.name, `error: ${text}`);
    log(p.name, 'kept the previous effective spec and types; fix the file and save again (still watching)');
    return false;
  }
  log(p.name, `spec and types regenerated (${relative(root, p.effective)}, ${relative(root, join(p.packageDir, 'src/generated'))}/)`);
  const tc = await typecheckProject(p.packageDir, root);
  if (!tc.ok) {
    const shown = tc.diagnostics.length ? tc.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n') : tc.output.trim();
    log(p.name, `typecheck of ${relative(root, p.packageDir)} failed (${tc.diagnostics.length} error(s)) after ${ms(t0)}:\n${shown}`);
    log(p.name, 'the new types break the package above; still watching');
    return false;
  }
  log(p.name, `ok: spec, types and typecheck of ${relative(root, p.packageDir)} in ${ms(t0)}`);
  return true;
}

/** Per provider: last content seen, debounce timer, and whether a rebuild runs and another is due. */
export interface WatchState {
  /** digest of the inputs last built */
  seen: string;
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  again: boolean;
  /** files saved since the last rebuild */
  changed: Set<string>;
}
