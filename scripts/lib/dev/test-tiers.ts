// The test tiers (`npm test`, `npm run test:e2e`, scripts/commands/test.ts) through turbo, each
// ending with one `N passed, N failed` line, and the sum of both tiers for CI (`--total`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../registry/registry.ts';

type TierName = 'fast' | 'e2e';

interface Tier {
  /** the turbo tasks run */
  tasks: string[];
  /** the npm script a workspace needs to be counted */
  script: string;
  /** the vitest JSON report each workspace writes under reports/ */
  report: string;
}

/** A tier's counts, as reports/tier-<name>.json keeps them. */
interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** What reports/tier-<name>.json keeps: the counts and which tests failed (file, title, first line of the error). */
interface TierRecord extends Counts {
  failures?: string[];
}

/** The field of a workspace's package.json read here. */
interface PackageJson {
  scripts?: Record<string, string>;
}

/** The fields of vitest's JSON report read here. */
interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numRuntimeErrorTestSuites?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  success?: boolean;
  testResults?: {
    name?: string;
    status?: string;
    message?: string;
    assertionResults?: { fullName?: string; status?: string; failureMessages?: string[] }[];
  }[];
}

/** At most this many failures are named per tier: the last lines of CI's output are what is read. */
const MAX_NAMED = 20;

/** One line per failed test or failed file: where, which test, and the first line of why. */
export function failuresOf(r: VitestReport, ws: string): string[] {
  const firstLine = (text: string | undefined): string =>
    (text ?? '')
      .split('\n')
      .find((l) => l.trim())
      ?.trim()
      .slice(0, 200) ?? '';
  const out: string[] = [];
  for (const file of r.testResults ?? []) {
    const where = file.name ? join(ws, relative(join(repoRoot, ws), file.name)) : ws;
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${where} > ${a.fullName ?? '?'}: ${firstLine(a.failureMessages?.[0])}`);
    if (!failed.length && file.status === 'failed') out.push(`${where}: ${firstLine(file.message)}`);
  }
  return out;
}

const TIERS: Record<TierName, Tier> = {
  fast: { tasks: ['test', 'typecheck'], script: 'test', report: 'test-results.json' },
  e2e: { tasks: ['test:e2e'], script: 'test:e2e', report: 'e2e-results.json' },
};
const tierFile = (name: string): string => join(repoRoot, 'reports', `tier-${name}.json`);

const workspaceDirs = (): string[] => {
  const pkg: { workspaces: string[] } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  return pkg.workspaces
    .flatMap((pattern) => {
      if (!pattern.endsWith('/*')) return [join(repoRoot, pattern)];
      const top = join(repoRoot, pattern.slice(0, -2));
      return existsSync(top)
        ? readdirSync(top, { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => join(top, d.name))
        : [];
    })
    .filter((dir) => existsSync(join(dir, 'package.json')));
};

function table(rows: (string | number)[][]): string {
  const head = ['workspace', 'passed', 'failed', 'skipped', 'result'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) =>
    r
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The summary line, with the skips said on the line before it. */
function summary({ passed, failed, skipped }: Counts): void {
  if (skipped) console.log(`\n${skipped} skipped (see the table)`);
  console.log(`${skipped ? '' : '\n'}${passed} passed, ${failed} failed`);
}

export async function runTier(name: TierName, turboArgs: string[]): Promise<number> {
  const tier = TIERS[name];
  const withTests = workspaceDirs().filter(
    (dir) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson).scripts?.[tier.script],
  );
  // Every report is rewritten by this run (turbo restores it on a cache hit), so none is stale.
  for (const dir of withTests) rmSync(join(dir, 'reports', tier.report), { force: true });
  const turbo = join(repoRoot, 'node_modules', '.bin', 'turbo');
  const status = await new Promise<number>((resolve) => {
    const child = spawn(turbo, ['run', ...tier.tasks, '--continue', ...turboArgs], { cwd: repoRoot, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });

  const filtered = turboArgs.some((a) => a.startsWith('--filter') || a === '-F' || a.startsWith('--affected'));
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  const failures: string[] = [];
  const rows: (string | number)[][] = [];
  for (const dir of withTests) {
    const file = join(dir, 'reports', tier.report);
    const ws = relative(repoRoot, dir);
    if (!existsSync(file)) {
      if (filtered) continue; // filtered out of this run
      rows.push([ws, '-', '-', '-', 'no results (did not run or crashed)']);
      counts.failed += 1;
      continue;
    }
    const r: VitestReport = JSON.parse(readFileSync(file, 'utf8'));
    const p = r.numPassedTests ?? 0;
    const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0) + (r.success === false && !r.numFailedTests ? 1 : 0);
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    counts.passed += p;
    counts.failed += f;
    counts.skipped += s;
    rows.push([ws, p, f, s, f ? 'FAILED' : 'ok']);
    if (f) failures.push(...failuresOf(r, ws));
  }
  console.log(`\n${name} tier\n${table(rows)}`);
  if (status !== 0 && counts.failed === 0) {
    console.log('\nturbo reported a failed task (typecheck or build); see its output above.');
    counts.failed += 1;
  }
  mkdirSync(join(repoRoot, 'reports'), { recursive: true });
  const named = failures.length > MAX_NAMED ? [...failures.slice(0, MAX_NAMED), `… and ${failures.length - MAX_NAMED} more`] : failures;
  const record: TierRecord & { at: string } = { ...counts, failures: named, at: new Date().toISOString() };
  writeFileSync(tierFile(name), `${JSON.stringify(record)}\n`);
  if (named.length) console.log(`\nfailed in the ${name} tier:\n${named.map((l) => `  ${l}`).join('\n')}`);
  summary(counts);
  return counts.failed ? 1 : 0;
}

export function total(): number {
  const sum: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const name of Object.keys(TIERS)) {
    if (!existsSync(tierFile(name))) {
      console.log(`${name} tier: no results (did it run?)`);
      sum.failed += 1;
      continue;
    }
    const c: TierRecord = JSON.parse(readFileSync(tierFile(name), 'utf8'));
    console.log(`${name} tier: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    for (const line of c.failures ?? []) console.log(`  failed: ${line}`);
    for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += c[k];
  }
  summary(sum);
  return sum.failed ? 1 : 0;
}
