// End-to-end tier: the changeset commands for real on a git copy. A breaking contract change;
// `npm run diff -- <p> --changeset` writes the changeset with the bump the diff computed,
// `--check-changeset` fails without it (and with a lower one) and passes with it, and
// `changeset version` (what `npm run version-packages` runs) bumps the package and writes its
// CHANGELOG, leaving private workspaces alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand, runNode } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

describe.skipIf(insideWorkspaceCopy())('contract changesets (npm run diff -- --changeset, changeset version)', () => {
  let repo;
  const diff = (...args) => runNode([join(repoRoot, 'scripts/commands/diff.ts'), '--root', repo.dir, ...args], { cwd: repo.dir });
  beforeAll(async () => {
    repo = await workspaceCopy();
    repo.edit(
      'specs/salesive/overlay.yaml',
      (t) => `${t}
  - target: "$.components.schemas.CustomerUpdate.properties.name"
    description: Test-only removal of a request field (a breaking change).
    remove: true
`,
    );
  }, 120_000);
  afterAll(() => repo?.cleanup());

  it('--check-changeset fails without a changeset and names the command that writes it', async () => {
    const res = await diff('--check-changeset', 'salesive');
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(
      /changeset: @capi\/salesive needs a minor changeset for this contract change, pending: none\. Run `npm run diff -- salesive --changeset` and commit \.changeset\/contract-salesive\.md\./,
    );
  });

  it('--check-changeset fails when the pending changeset is a patch', async () => {
    repo.write('.changeset/hand-written.md', '---\n"@capi/salesive": patch\n---\n\nA hand-written patch.\n');
    const res = await diff('--check-changeset', 'salesive');
    expect(res.status, res.out).toBe(1);
    expect(res.out).toMatch(/needs a minor changeset for this contract change, pending: patch/);
  });

  it('--changeset writes the bump the diff computed; then the check passes and changeset version applies it', async () => {
    const wrote = await diff('--changeset', 'salesive');
    expect(wrote.status, wrote.out).toBe(0);
    expect(wrote.out).toMatch(/changeset: wrote \.changeset\/contract-salesive\.md \(@capi\/salesive: minor\)/);
    const text = repo.read('.changeset/contract-salesive.md');
    expect(text).toMatch(
      /^---\n"@capi\/salesive": minor\n---\n\n\*\*BREAKING\*\* contract change of salesive: 1 breaking change\(s\), callers may need to change \(a minor bump: on 0\.x a breaking change takes the minor digit\)\.\n\nComputed by `npm run diff`: 1 breaking, 0 minor, 0 patch\.\n\n- \*\*breaking\*\* request-field-removed at `PUT \/customers\/\{id\}`: request body: name removed/,
    );
    const check = await diff('--check-changeset', 'salesive');
    expect(check.status, check.out).toBe(0);
    expect(check.out).toMatch(/every changed provider has the bump its contract change needs/);

    const version = await runCommand(join(repo.dir, 'node_modules/.bin/changeset'), ['version'], { cwd: repo.dir });
    expect(version.status, version.out).toBe(0);
    const salesive = JSON.parse(repo.read('packages/salesive/package.json'));
    expect(salesive.version).toBe('0.2.0');
    // filed under "Minor Changes" (semver on 0.x), its line says BREAKING
    expect(repo.read('packages/salesive/CHANGELOG.md')).toMatch(
      /## 0\.2\.0\n\n### Minor Changes\n\n- [0-9a-f]*:? ?\*\*BREAKING\*\* contract change of salesive[\s\S]*request-field-removed/,
    );
    expect(repo.read('packages/salesive/CHANGELOG.md')).toMatch(/A hand-written patch\./);
    expect(existsSync(join(repo.dir, '.changeset/contract-salesive.md'))).toBe(false); // consumed
    // private workspaces are never versioned
    expect(JSON.parse(repo.read('specs/salesive/package.json')).version).toBe('0.1.0');
    expect(existsSync(join(repo.dir, 'specs/salesive/CHANGELOG.md'))).toBe(false);
  }, 120_000);
});
