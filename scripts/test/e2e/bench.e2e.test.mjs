// End-to-end tier: `npm run bench` as someone runs it on a fresh clone (a git copy of HEAD:
// nothing generated, nothing built). The sections that load the built packages build them
// first (`npm run build`, through turbo), instead of failing on a module that is not there; a
// build that fails ends the run with one line saying what to run. A section measured again
// keeps the hand-written block of its section, and a run of one section leaves the time line of
// a whole `--quick` run alone (scripts/test/dev/bench-results.test.mjs has the cases).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const env = () => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_'))),
  TURBO_TELEMETRY_DISABLED: '1',
});
const bench = (cwd, ...args) => runCommand('npm', ['run', 'bench', '--', ...args], { cwd, env: env(), timeoutMs: 900_000 });
const timeLines = (md) => md.match(/^Time of the last.*$/gm) ?? [];
/** The Size section of a results.md, up to the next section (or the time lines). */
const sizeSection = (md) => md.slice(md.indexOf('## Size\n')).split(/^## (?!Size\n)|^Time of the last/m)[0];

describe.skipIf(insideWorkspaceCopy())('npm run bench on a fresh clone', () => {
  let repo;
  beforeAll(async () => {
    repo = await workspaceCopy();
  }, 300_000);
  afterAll(() => repo?.cleanup());

  it('builds what its sections load, then measures them; a re-run keeps the hand-written block and the --quick time line', async () => {
    const before = repo.read('bench/results.md');
    const first = await bench(repo.dir, '--only', 'size');
    expect(first.status, first.out).toBe(0);
    expect(first.stderr).toMatch(/building the packages the benchmarks load/);
    expect(first.out).not.toMatch(/ERR_MODULE_NOT_FOUND|packages are not built/);
    const measured = repo.read('bench/results.md');
    expect(sizeSection(measured)).toMatch(/^_Measured .* at commit [0-9a-f]+/m);
    expect(sizeSection(measured)).not.toBe(sizeSection(before));
    // one section ran: the time line of the last whole run (of either kind) is the one there was
    expect(timeLines(measured)).toEqual(timeLines(before));

    const hand = '_Written by hand for this test:_ a note on the sizes.\n\n- kept across re-runs';
    repo.write('bench/results.md', measured.replace(sizeSection(measured), `${sizeSection(measured).trimEnd()}\n\n${hand}\n\n`));
    const second = await bench(repo.dir, '--only', 'size', '--quick');
    expect(second.status, second.out).toBe(0);
    const again = repo.read('bench/results.md');
    const size = sizeSection(again);
    expect(size).toMatch(/^_Measured .*\(--quick\)/m);
    expect(size).toContain(hand);
    expect(size.indexOf(hand)).toBeGreaterThan(size.indexOf('| package |'));
    expect(again.match(/_Written by hand for this test/g)).toHaveLength(1);
    expect(timeLines(again)).toEqual(timeLines(before));
  }, 1_800_000);

  it('a build that fails ends the run with one line saying what to run', async () => {
    repo.write('packages/core/src/bench-e2e-broken.ts', "export const broken: number = 'not a number';\n");
    try {
      const res = await bench(repo.dir, '--only', 'client');
      expect(res.status, res.out).toBe(1);
      const last = res.stderr.trim().split('\n').at(-1);
      expect(last).toMatch(/could not be built .*run `npm run build`, fix what it reports, then `npm run bench` again/);
      expect(res.out).not.toMatch(/ERR_MODULE_NOT_FOUND|^\s+at .*bench\/run\.ts/m);
      expect(res.stderr).toMatch(/TS2322/); // the build's own report, above
    } finally {
      repo.write('packages/core/src/bench-e2e-broken.ts', '');
    }
  }, 1_800_000);
});
