// Changesets (@changesets/cli) for contract changes: `npm run diff -- <p> --changeset` writes the
// changeset a provider's contract change needs (its bump computed by the diff, never chosen by
// hand), and `--check-changeset` (CI, pull requests) fails when the pending changesets give a
// provider package less than that bump, so a breaking contract change cannot ship as a patch.
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import readChangesets from '@changesets/read';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import type { Bump, DiffReport, SemverBump } from './diff-report.ts';

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The bump type of a changeset for a contract change (never 'none': no changeset is written then). */
type ChangesetType = 'major' | 'minor' | 'patch';

/**
 * The changeset bump type that takes the package from `semver.from` to `semver.to` (a 0.x
 * package takes a breaking change in its minor digit, as semverBump computes), or null.
 */
export function changesetType(semver: SemverBump): ChangesetType | null {
  if (semver.bump === 'none') return null;
  const [a, b] = [semver.from, semver.to].map((v) => v.split('.').map(Number));
  if (b[0] !== a[0]) return 'major';
  if (b[1] !== a[1]) return 'minor';
  return 'patch';
}

/** The file our changeset for a provider lives in (one per provider, rewritten by each --changeset). */
const contractChangesetFile = (root: string, provider: string): string => join(root, '.changeset', `contract-${provider}.md`);

/** Writes the changeset of one diff report; returns its path, or null when no bump is needed. */
export function writeContractChangeset(
  root: string,
  report: Pick<DiffReport, 'provider' | 'package' | 'changes' | 'semver'>,
): string | null {
  const type = changesetType(report.semver);
  if (!type) return null;
  if (!existsSync(join(root, '.changeset', 'config.json'))) {
    throw new Error(`no .changeset/config.json under ${root}: changesets are not set up here`);
  }
  const count = (cls: string) => report.changes.filter((c) => c.class === cls).length;
  const lines = report.changes
    .filter((c) => c.class !== 'patch')
    .map((c) => `- ${c.class === 'breaking' ? '**breaking** ' : ''}${c.rule} at \`${c.where}\`: ${c.detail}`);
  const breaking = count('breaking');
  // The summary's first line is the changelog's bullet. A breaking change on 0.x is a minor bump
  // (semver), which changesets files under "Minor Changes": the line itself says BREAKING.
  const head = breaking
    ? `**BREAKING** contract change of ${report.provider}: ${breaking} breaking change(s), callers may need to change${type === 'major' ? '' : ` (a ${type} bump: on 0.x a breaking change takes the minor digit)`}.`
    : `Contract change of ${report.provider}.`;
  const body = [
    '---',
    `${JSON.stringify(report.package)}: ${type}`,
    '---',
    '',
    head,
    '',
    `Computed by \`npm run diff\`: ${breaking} breaking, ${count('minor')} minor, ${count('patch')} patch.`,
    ...(lines.length ? ['', ...lines] : []),
    '',
  ].join('\n');
  const file = contractChangesetFile(root, report.provider);
  mkdirSync(join(root, '.changeset'), { recursive: true });
  writeFileAtomic(file, body);
  return file;
}

/** The highest pending bump per package name, from every changeset in .changeset/. */
async function pendingBumps(root: string): Promise<Map<string, Bump>> {
  const bumps = new Map<string, Bump>();
  if (!existsSync(join(root, '.changeset'))) return bumps;
  for (const cs of await readChangesets(root)) {
    for (const { name, type } of cs.releases) {
      const pending = bumps.get(name);
      if ((RANK[type] ?? 0) > (pending === undefined ? 0 : (RANK[pending] ?? 0))) bumps.set(name, type);
    }
  }
  return bumps;
}

/** A package without the changeset its contract change needs. */
export interface MissingChangeset {
  provider: string;
  package: string;
  needed: ChangesetType;
  /** the highest bump the pending changesets give the package */
  pending: Bump;
  /** the command that writes the changeset */
  fix: string;
  /** the changeset file it writes, relative to the root */
  file: string;
}

/**
 * The reports whose package lacks the bump its contract change needs; each with what is needed,
 * what is pending, and the command that writes the changeset.
 */
export async function missingChangesets(
  root: string,
  reports: readonly Pick<DiffReport, 'provider' | 'package' | 'semver' | 'ref'>[],
): Promise<MissingChangeset[]> {
  const bumps = await pendingBumps(root);
  const missing: MissingChangeset[] = [];
  for (const r of reports) {
    const needed = changesetType(r.semver);
    if (!needed) continue;
    const pending = bumps.get(r.package) ?? 'none';
    if (RANK[pending] < RANK[needed]) {
      missing.push({
        provider: r.provider,
        package: r.package,
        needed,
        pending,
        fix: `npm run diff -- ${r.provider} ${r.ref.how === 'given' ? `${r.ref.ref} ` : ''}--changeset`,
        file: relative(root, contractChangesetFile(root, r.provider)),
      });
    }
  }
  return missing;
}
