// Recorded reality in the contract stage: a provider with recordings (specs/<p>/recordings,
// `verify --record`) has them checked by `capi replay <p> --check` in its contract task, offline;
// one without says "no recordings" and passes. On a copy of the repository's inputs with
// imprint's committed recordings (made against its fake), as they are and with one recorded
// answer edited to an enum value the spec does not list: the task fails naming the divergence
// and the overlay action that settles it.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDir, repoCopy, run } from './helpers.ts';

const scriptsDir = dirname(fileURLToPath(import.meta.resolve('@capi/scripts/package.json')));
const repoRoot = join(scriptsDir, '..');
const clean = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CONFORMANCE_')));

let repo;
const recordings = () => join(repo.dir, 'specs/imprint/recordings');
/** The contract task of imprint on the copy, as turbo runs it (capi conformance-stage contract). */
const contract = () =>
  run([join(appDir, 'src/cli.ts'), '--stage', 'contract', '--root', repo.dir, 'imprint'], {
    env: { ...clean(), CONFORMANCE_RUNS: '3' },
    timeoutMs: 300_000,
  });
const report = () => JSON.parse(readFileSync(join(repo.dir, 'packages/imprint/reports/contract.json'), 'utf8'));

beforeAll(async () => {
  repo = repoCopy();
  for (const cmd of ['build-spec.ts', 'codegen.ts']) {
    const res = await run([join(scriptsDir, 'commands', cmd), '--root', repo.dir, 'imprint']);
    expect(res.status, res.out).toBe(0);
  }
}, 300_000);
afterAll(() => repo?.cleanup());

describe('recorded reality in the contract task', () => {
  it('a provider without recordings: "no recordings", not a failure', async () => {
    rmSync(recordings(), { recursive: true, force: true });
    const res = await contract();
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/contract imprint: \d+ passed, 0 failed, 0 skipped; recorded reality: no recordings/);
    expect(report().data.replay).toEqual({ recordings: 0, passed: 0, divergences: [], client: [] });
    // only the part file holding the provider ran: the other parts would start a worker each only to skip
    expect(report().testFiles).toEqual(['apps/conformance/test/contract-1.test.mjs']);
  }, 300_000);

  it("the committed recordings pass: each matches the effective spec and the client's documented branch", async () => {
    cpSync(join(repoRoot, 'specs/imprint/recordings'), recordings(), { recursive: true });
    const res = await contract();
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(/recorded reality: 3\/3 recording\(s\) passed/);
    expect(report().data.replay).toMatchObject({ recordings: 3, passed: 3, divergences: [], client: [] });
  }, 300_000);

  it('a recording edited to an enum value the spec does not list fails the task with the divergence and its action', async () => {
    const file = join(recordings(), 'updatecustomer--write.har');
    const har = JSON.parse(readFileSync(file, 'utf8'));
    const content = har.log.entries[0].response.content;
    expect(content.text).toContain('"Travel Card": "OPEN"');
    content.text = content.text.replace('"Travel Card": "OPEN"', '"Travel Card": "FROZEN"');
    writeFileSync(file, `${JSON.stringify(har, null, 2)}\n`);
    const res = await contract();
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(
      /recorded reality: 2\/3 recording\(s\) passed, 1 divergence\(s\), 1 client branch problem\(s\); 2 failure\(s\)/,
    );
    const { result, failures, data } = report();
    expect(result).toBe('failed');
    expect(data.replay.divergences).toHaveLength(1);
    expect(failures).toContainEqual({
      stage: 'contract',
      message: expect.stringMatching(
        /^recorded reality: POST \/v2\/customers\/\{customer_id\} \(write\) .*"FROZEN" is not listed\n {2}action: \$\.components\.schemas\.CustomerProgramStatus update \{"enum":\["FROZEN"\]\}$/,
      ),
    });
    // the client's runtime validator refuses the same recorded answer
    expect(failures).toContainEqual({
      stage: 'contract',
      message: expect.stringMatching(
        /^recorded reality: POST \/v2\/customers\/\{customer_id\} \(write\) through the client: .*documented schema/,
      ),
    });
  }, 300_000);

  it('a file under recordings/ that is no recording fails the task naming the file, and the report is written', async () => {
    writeFileSync(join(recordings(), 'updatecustomer--write.har'), '{"log": {"entries": []}}\n');
    const res = await contract();
    expect(res.status, res.out).toBe(1);
    expect(report().failures).toContainEqual({
      stage: 'contract',
      message: expect.stringMatching(/^recorded reality: .*updatecustomer--write\.har.*not a recording of capi verify/),
    });
  }, 300_000);
});
