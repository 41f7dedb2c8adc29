#!/usr/bin/env node
// `npm run diff -- <provider> [git-ref]`: the breaking-change report of one provider. Reads the
// effective spec committed at the git ref (default: the merge base with main, else HEAD; built
// from that ref's sources when it predates committed contracts), builds the effective spec of the
// working tree, classifies every
// difference for a client user (scripts/lib/diff/spec-diff.ts), prints a table and the semver bump
// of the provider package, and typechecks apps/example against the old and the new types to
// name the call sites the change breaks.
//
//   node scripts/commands/diff.ts [--root DIR] [--fail-on-breaking] [--json] [--changeset | --check-changeset]
//                              <provider>|--all [git-ref]
//
// --changeset writes .changeset/contract-<provider>.md with the bump the change needs (changesets
// then versions the package and writes its CHANGELOG); --check-changeset (CI on pull requests)
// fails when the pending changesets give a changed provider's package less than that bump.
// Exit code: 0 when the report was made (1 with --fail-on-breaking and a breaking change or a
// broken call site, or with --check-changeset and a missing bump); 1 on bad input (unknown
// provider or ref, a spec that does not build).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { UserError } from '../shared/errors.ts';
import { loadProviders, repoRoot, selectProviders } from '../registry/registry.ts';
import { diffSpecs, semverBump } from './spec-diff.ts';
import { type ConsumerDiagnostic, renderTypes, typecheckConsumer } from './consumer-typecheck.ts';
import { buildSpec } from '../build/build-spec.ts';
import type { Provider } from '../registry/per-provider.ts';

/** How a change affects a client user (see lib/diff/spec-diff.ts). */
type ChangeClass = 'breaking' | 'minor' | 'patch';

/** One difference between the two effective specs, as lib/diff/spec-diff.ts classifies it. */
interface Change {
  class: ChangeClass;
  /** e.g. 'operation-removed' */
  rule: string;
  /** e.g. 'GET /customers/{id}' */
  where: string;
  detail: string;
}

/** A version bump as changesets names it. */
export type Bump = 'none' | 'patch' | 'minor' | 'major';

/** The bump the changes need and the version it takes the package from and to. */
export interface SemverBump {
  bump: Bump;
  from: string;
  to: string;
}

/** The git commit compared with, and how it was chosen. */
interface ResolvedRef {
  /** as given, or 'merge-base(HEAD, main)', or 'HEAD' */
  ref: string;
  sha: string;
  how: 'given' | 'merge-base' | 'head';
}

/** The consumer app typechecked against the old and the new types. */
interface ConsumerCheck {
  /** the app's folder, relative to the repository */
  app: string;
  /** errors the new types add */
  broken: ConsumerDiagnostic[];
  /** how many errors there were with the old types already */
  preexisting: number;
}

/** The breaking-change report of one provider (also what `--json` prints). */
export interface DiffReport {
  provider: string;
  /** the npm package of the provider's client */
  package: string;
  ref: ResolvedRef;
  changes: Change[];
  semver: SemverBump;
  /** null when the specs are the same, the provider is new or there is no consumer app */
  consumer: ConsumerCheck | null;
}

interface GitResult<Out> {
  ok: boolean;
  out: Out;
  err: string;
}

function git(root: string, args: string[]): GitResult<string>;
function git(root: string, args: string[], opts: { binary: true }): GitResult<Buffer>;
function git(root: string, args: string[], { binary = false }: { binary?: boolean } = {}): GitResult<string | Buffer> {
  const res = spawnSync('git', args, { cwd: root, encoding: binary ? undefined : 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: res.status === 0, out: res.stdout, err: String(res.stderr ?? '') };
}

/** The ref to compare with: the one given, else the merge base with main, else HEAD. */
function resolveRef(root: string, given?: string): ResolvedRef {
  if (!git(root, ['rev-parse', '--git-dir']).ok) throw new UserError(`${root} is not a git repository; the report compares with a git ref`);
  if (given) {
    const r = git(root, ['rev-parse', '--verify', '--quiet', `${given}^{commit}`]);
    if (!r.ok) throw new UserError(`unknown git ref "${given}" (a branch, tag or commit; on CI fetch the base branch first)`);
    return { ref: given, sha: r.out.trim(), how: 'given' };
  }
  for (const main of ['main', 'origin/main']) {
    const mb = git(root, ['merge-base', 'HEAD', main]);
    if (mb.ok) return { ref: `merge-base(HEAD, ${main})`, sha: mb.out.trim(), how: 'merge-base' };
  }
  const head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head.ok) throw new UserError('no commit to compare with (HEAD does not exist yet)');
  return { ref: 'HEAD', sha: head.out.trim(), how: 'head' };
}

/**
 * The provider's effective spec at `sha`: read from git where it was committed (the contracts
 * are committed), else built from that commit's sources in a temp dir; null when the provider
 * did not exist there.
 */
function effectiveAtRef(root: string, name: string, sha: string, work: string): unknown {
  if (!git(root, ['cat-file', '-e', `${sha}:specs/${name}`]).ok) return null;
  const committed = git(root, ['show', `${sha}:specs/${name}/effective.yaml`]);
  if (committed.ok) return parse(committed.out);
  const dir = join(work, 'ref');
  mkdirSync(dir);
  const paths = ['redocly.yaml', `specs/${name}`];
  if (git(root, ['cat-file', '-e', `${sha}:redocly`]).ok) paths.push('redocly');
  const tar = git(root, ['archive', '--format=tar', sha, '--', ...paths], { binary: true });
  if (!tar.ok) throw new UserError(`git archive ${sha} failed: ${tar.err}`);
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: tar.out });
  if (untar.status !== 0) throw new UserError(`cannot unpack the sources at ${sha}: ${untar.stderr}`);
  const provider = loadProviders(dir).find((p) => p.name === name);
  if (!provider) return null;
  try {
    buildSpec(provider, dir);
  } catch (err) {
    if (err instanceof UserError) err.message = `the spec at ${sha.slice(0, 10)} does not build: ${err.message}`;
    throw err;
  }
  return parse(readFileSync(provider.effective, 'utf8'));
}

/** Builds the working tree's effective spec in a temp dir (the real one may be stale or absent). */
function effectiveOfWorkingTree(root: string, provider: Provider, work: string): unknown {
  const dir = join(work, 'tree');
  mkdirSync(dir);
  cpSync(join(root, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  if (existsSync(join(root, 'redocly'))) cpSync(join(root, 'redocly'), join(dir, 'redocly'), { recursive: true });
  for (const f of [provider.root, ...provider.overlays]) {
    mkdirSync(dirname(join(dir, relative(root, f))), { recursive: true });
    cpSync(f, join(dir, relative(root, f)));
  }
  // the copy's redocly.yaml is the working tree's, which registers the provider
  const copy = loadProviders(dir).find((p: Provider) => p.name === provider.name) as Provider;
  buildSpec(copy, dir);
  return parse(readFileSync(copy.effective, 'utf8'));
}

const pad = (rows: readonly (readonly unknown[])[]): string => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

interface DiffReportOptions {
  root?: string;
  /** the provider's name */
  provider: string;
  /** the git ref to compare with (by default the merge base with main, else HEAD) */
  ref?: string | undefined;
  /** false: only return the report */
  print?: boolean;
}

/** Makes the report; returns it (and prints it unless `print` is false). */
export async function diffReport({ root = repoRoot, provider: name, ref: given, print = true }: DiffReportOptions): Promise<DiffReport> {
  const [provider]: Provider[] = selectProviders([name], root);
  const ref = resolveRef(root, given);
  const work = mkdtempSync(join(tmpdir(), 'capi-diff-'));
  try {
    const before = effectiveAtRef(root, provider.name, ref.sha, work);
    const after = effectiveOfWorkingTree(root, provider, work);
    // (spec-diff.ts is not typed yet: its results are typed here, as its comments describe them)
    const changes: Change[] = before
      ? diffSpecs(before, after)
      : [{ class: 'minor', rule: 'provider-added', where: '-', detail: `${provider.name} did not exist at ${ref.sha.slice(0, 10)}` }];
    const pkgFile = join(provider.packageDir, 'package.json');
    // the provider package's package.json (written by provider:add): the fields read here
    const pkg: { name: string; version: string } = existsSync(pkgFile)
      ? JSON.parse(readFileSync(pkgFile, 'utf8'))
      : { name: `@capi/${provider.name}`, version: '0.0.0' };
    const semver = semverBump(changes, pkg.version) as SemverBump;

    // The consumer against the old and the new types: only errors the new types add are blamed on the change.
    let consumer: ConsumerCheck | null = null;
    const appDir = join(root, 'apps', 'example');
    if (before && !isDeepStrictEqual(before, after) && existsSync(join(appDir, 'tsconfig.json'))) {
      const check = async (doc: unknown) =>
        typecheckConsumer({ root, appDir, packageDir: provider.packageDir, generated: await renderTypes(doc) });
      const old = await check(before);
      const now = await check(after);
      const key = (d: ConsumerDiagnostic) => `${d.file}:${d.line}:${d.column}:${d.code}`;
      const oldKeys = new Set(old.map(key));
      consumer = { app: relative(root, appDir), broken: now.filter((d) => !oldKeys.has(key(d))), preexisting: old.length };
    }

    const report: DiffReport = { provider: provider.name, package: pkg.name, ref: { ...ref, sha: ref.sha }, changes, semver, consumer };
    if (print) console.log(formatReport(report));
    return report;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function formatReport(r: DiffReport): string {
  const lines = [`${r.provider}: effective spec at ${r.ref.ref} (${r.ref.sha.slice(0, 10)}) → working tree`];
  if (!r.changes.length) lines.push('no changes');
  else {
    const order: Record<ChangeClass, number> = { breaking: 0, minor: 1, patch: 2 };
    const rows = [...r.changes]
      .sort((a, b) => order[a.class] - order[b.class])
      .map((c) => [c.class === 'breaking' ? 'BREAKING' : c.class, c.rule, c.where, c.detail]);
    lines.push(pad([['class', 'rule', 'where', 'change'], ...rows]));
    const n = (cls: ChangeClass) => r.changes.filter((c) => c.class === cls).length;
    lines.push(`${r.changes.length} change(s): ${n('breaking')} breaking, ${n('minor')} minor, ${n('patch')} patch`);
  }
  const s = r.semver;
  lines.push(
    s.bump === 'none'
      ? `semver: no bump needed for ${r.package} ${s.from}`
      : `semver: ${s.bump} → ${r.package} ${s.from} → ${s.to}${s.bump === 'major' && s.from.startsWith('0.') ? ' (a 0.x package takes breaking changes in its minor digit)' : ''}`,
  );
  if (r.consumer) {
    if (!r.consumer.broken.length) lines.push(`types: ${r.consumer.app} still typechecks against the new types`);
    else {
      lines.push(`types: ${r.consumer.broken.length} error(s) in ${r.consumer.app} with the new types; call sites that break:`);
      for (const d of r.consumer.broken) lines.push(`  ${d.file}:${d.line}:${d.column}: ${d.code} ${d.message.split('\n')[0]}`);
    }
    if (r.consumer.preexisting)
      lines.push(
        `  (note: ${r.consumer.preexisting} error(s) there already with the old types; run npm run generate if the other providers' types are missing)`,
      );
  }
  return lines.join('\n');
}
