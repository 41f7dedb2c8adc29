#!/usr/bin/env node
// Builds the effective spec of each provider: root document (+ overlays) -> `redocly bundle`
// -> specs/<provider>/effective.yaml. Before bundling:
//   - the root document is read with the guards of lib/spec/spec-loader.ts (size, UTF-8, duplicate
//     keys, aliases, depth) and every `$ref` in it, and in the files it refers to, is checked:
//     only references inside the document or to files inside specs/<provider>/ are allowed, so
//     Redocly never reads another file of this machine or the network;
//   - every overlay action is checked to still match and still change something (Redocly itself
//     skips a stale action silently), and the result to still be an OpenAPI document with
//     operations (an action removing everything fails, naming it);
//   - discriminator mappings that name files which are not there (defect-actions.ts): Redocly
//     resolves them before applying overlays, so the build names them and their overlay actions
//     (the error's `fix`), and bundles with --force once the overlays replace every one.
//   - examples' `externalValue`s (a URL, a file): Redocly would read or fetch each, so it bundles
//     a copy of the root document with them renamed (spec/external-values.ts); the printed line
//     names each by JSON pointer.
//
//   npm run capi -- build-spec [--root DIR] [provider ... | .]   (no names: every provider)
//
// On failure the previous effective.yaml is left as it was.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, relative, join, dirname, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { UserError } from '../shared/errors.ts';
import type { Provider } from '../registry/per-provider.ts';
import { repoRoot as defaultRoot } from '../registry/registry.ts';
import { checkRefs, type LoadedSpec, loadSpec, refKind, refsOf } from '../spec/spec-loader.ts';
import { checkOverlay, assertNoRot, assertStillOpenApi, type OverlayCheck } from '../overlay/overlay.ts';
import { redocly } from './redocly.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import { progress, PROGRESS_BYTES, type Stage } from '../shared/progress.ts';
import { type DanglingMapping, danglingMappingActions, danglingMappings } from './defect-actions.ts';
import { DROPPED_KEY, neutralCopy } from '../spec/external-values.ts';

/** What to do about a reference the build refuses (the upstream is vendored byte for byte, so an overlay cannot change it: Redocly follows the upstream's references before applying overlays). */
export const REF_HINT =
  "An overlay cannot change this (Redocly resolves the upstream's references before applying overlays). Check what the reference points to; if it belongs to the spec, download it into the provider's folder and vendor a copy of the spec whose $ref names it relatively, or bundle the spec yourself (npx @redocly/cli bundle) and vendor the result.";

interface BuildSpecOptions {
  /** progress reporter (lib/shared/progress.ts); by default one is made that prints when the root document is at least PROGRESS_BYTES */
  stage?: Stage | undefined;
  /**
   * the root document as loadSpec returned it, when the caller has just read and checked exactly
   * these bytes (provider:add), so a large spec is not parsed twice
   */
  loaded?: LoadedSpec | undefined;
}

/** What a build did: each overlay's check, the files the root document refers to (absolute paths), the externalValues it did not read (JSON pointers). */
interface BuildResult {
  provider: string;
  overlays: OverlayCheck[];
  files: string[];
  dropped: string[];
}

/** Builds one provider's effective spec; returns the overlay check (for reports). */
export function buildSpec(provider: Provider, root: string = defaultRoot, { stage, loaded }: BuildSpecOptions = {}): BuildResult {
  const rel = (f: string): string => relative(root, f);
  let size = 0;
  try {
    size = statSync(provider.root).size;
  } catch {
    /* the loader says what is missing */
  }
  stage ??= progress(`[${provider.name}]`, { enabled: size >= PROGRESS_BYTES });
  const src =
    loaded ??
    stage(`reading ${rel(provider.root)} (${(size / 1024 / 1024).toFixed(1)} MB) and checking its references`, () =>
      loadSpec(provider.root, { provider: provider.name, label: rel, scopeDir: provider.specDir, hint: REF_HINT }),
    );
  let document: unknown = src.data;
  const overlayResults: OverlayCheck[] = [];
  const known = new Set(refsOf(src.data).map((r) => r.ref));
  for (const ov of provider.overlays) {
    const result = stage(`checking overlay ${rel(ov)}`, () => checkOverlay(ov, document, { provider: provider.name, root }));
    assertNoRot(result, { provider: provider.name });
    assertStillOpenApi(result, document, { provider: provider.name });
    // an overlay may add references too: the same policy, named after the overlay
    if (refsOf(result.document).some((r) => refKind(r.ref) !== 'local' && !known.has(r.ref))) {
      try {
        checkRefs({ data: result.document }, { base: provider.root, scopeDir: provider.specDir, provider: provider.name, label: rel });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(`${err.message.replace(/^\$ref/, 'the overlay adds a $ref')} Change or delete that action.`, {
          provider: provider.name,
          file: result.file,
        });
      }
    }
    overlayResults.push(result);
    document = result.document;
  }
  // discriminator mappings that name files which are not there: Redocly resolves them in the
  // root document before it applies any overlay, and the bundle stops. Found here, before
  // bundling; once the overlays replace every one, the bundle runs with --force and may report
  // only those (checked below), since the overlays' result no longer has them.
  const dangling = danglingMappings(src.data, provider.root);
  if (dangling.length) {
    const left = danglingMappings(document, provider.root);
    if (left.length) throw unbundlableError(left, rel(provider.root), provider.name);
  }
  // examples' externalValues: Redocly would read or fetch each, so it bundles a copy of the root
  // document with them renamed (external-values.ts), through a config of its own naming the copy
  const neutral = neutralCopy(provider.root, src);
  const tmp = join(dirname(provider.effective), `.effective.${process.pid}.tmp.yaml`);
  const configDir = neutral ? mkdtempSync(join(tmpdir(), 'capi-bundle-')) : undefined;
  try {
    const target =
      neutral && configDir ? [provider.name, '--config', bundleConfig(root, provider, neutral.file, configDir)] : [rel(provider.root)];
    const args = ['bundle', ...target, '--output', tmp, ...(dangling.length ? ['--force'] : [])];
    const res = stage('redocly bundle', () => redocly(args, { cwd: root }));
    // Redocly names the copy: its messages name the root document
    if (neutral)
      for (const key of ['stdout', 'stderr'] as const) res[key] = res[key].split(basename(neutral.file)).join(basename(provider.root));
    const problems = bundleProblems(`${res.stderr}\n${res.stdout}`);
    const replaced = new Set(dangling.map((d) => d.pointer));
    const other = problems.filter((p) => !(replaced.has(p.pointer) && /^Can't resolve \$ref/.test(p.message)));
    if (res.status !== 0 || (dangling.length && other.length)) {
      const first = (dangling.length ? other : problems)[0];
      throw new UserError(
        `redocly bundle failed${problems.length ? ` with ${problems.length} problem(s); the first: ${first ? `${first.where} ${first.message}` : '(none parsed)'}` : ':'}\n${indent(res.stderr || res.stdout)}`,
        {
          provider: provider.name,
          file: rel(provider.root),
        },
      );
    }
    const sources = [provider.root, ...provider.overlays].map(rel).join(' + ');
    const header =
      `# GENERATED FILE - do not edit. Effective spec of "${provider.name}", built by\n` +
      `# scripts/lib/build/build-spec.ts with redocly bundle from ${sources}.\n` +
      `# Change ${provider.overlays.length ? 'the overlay' : rel(provider.root)} and rebuild instead.\n`;
    writeFileAtomic(provider.effective, header + readFileSync(tmp, 'utf8'));
  } finally {
    rmSync(tmp, { force: true });
    neutral?.remove();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  }
  return { provider: provider.name, overlays: overlayResults, files: src.files, dropped: neutral?.dropped ?? [] };
}

/**
 * A Redocly config (written into `dir`) with this one provider, its root document `rootFile` (the
 * copy without externalValues) and its overlays, every path absolute; answers its path.
 */
function bundleConfig(root: string, provider: Provider, rootFile: string, dir: string): string {
  const config = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')) ?? {};
  const { output: _output, ...api } = config.apis?.[provider.name] ?? {};
  const derived = {
    ...config,
    plugins: (config.plugins ?? []).map((pl: string) => resolve(root, pl)),
    apis: { [provider.name]: { ...api, root: rootFile, overlays: provider.overlays } },
  };
  const file = join(dir, 'redocly.yaml');
  writeFileSync(file, stringify(derived));
  return file;
}

/**
 * The line a command prints for a build: `spec <p>: specs/<p>/effective.yaml (N overlay actions
 * applied)`, and one more naming the examples' externalValues it did not read.
 */
export function builtLine(result: BuildResult, provider: Provider, root: string): string {
  const n = result.overlays.reduce((sum, o) => sum + o.actions.length, 0);
  const line = `spec ${provider.name}: ${relative(root, provider.effective)}${n ? ` (${n} overlay action${n > 1 ? 's' : ''} applied)` : ''}`;
  const { dropped } = result;
  if (!dropped.length) return line;
  const shown = dropped.slice(0, 10).join(', ');
  return `${line}\nspec ${provider.name}: ${dropped.length} example externalValue(s) not read and renamed ${DROPPED_KEY} (the build reads no file or URL an example names): ${shown}${dropped.length > 10 ? `, and ${dropped.length - 10} more` : ''}`;
}

/** A problem `redocly bundle` printed: `[1] file:line:col at #/pointer`, then its message. */
interface BundleProblem {
  where: string;
  pointer: string;
  message: string;
}

/** The problems in `redocly bundle`'s output (its human format: a header line, then the message after an empty line). */
function bundleProblems(text: string): BundleProblem[] {
  const lines = text.split('\n');
  const out: BundleProblem[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*\[\d+\] (\S+) at (#\S*)\s*$/.exec(line);
    if (!m) return;
    const message = lines.slice(i + 1).find((l) => l.trim()) ?? '';
    out.push({ where: `${m[1]} ${m[2]}`, pointer: m[2], message: message.trim() });
  });
  return out;
}

/**
 * The build's error for discriminator mapping entries that name files which are not there, with
 * the overlay actions that correct them (provider:add prints them and leaves them in
 * overlay.suggested.yaml; lint:specs --fix writes them into the overlay).
 */
function unbundlableError(found: DanglingMapping[], file: string, provider: string): UserError {
  const fix = danglingMappingActions(found, file);
  const rewritten = found.filter((f) => f.component).length;
  const err = new UserError(
    `${found.length} discriminator mapping value(s) name files that are not there (e.g. \`${String(found[0].path.at(-1))}: ${found[0].value}\` at ${found[0].pointer}): the published document was bundled from several files and kept their relative references; ${rewritten} are rewritten to the component the name denotes, ${found.length - rewritten} removed (no schema of that name). redocly bundle cannot resolve them (Can't resolve $ref), and resolves them before any overlay: npm run lint:specs -- --fix ${provider} writes these actions into the overlay, and the build then bundles:\n${fix
      .slice(0, 10)
      .map((a) => `  - ${a.target}: ${a.remove ? 'remove' : JSON.stringify(a.update)}`)
      .join('\n')}${fix.length > 10 ? `\n  ... and ${fix.length - 10} more` : ''}`,
    { provider, file },
  );
  err.fix = fix;
  err.unfixed = 0;
  return err;
}

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
