// `npm run diff -- <provider> [git-ref]` (scripts/commands/diff.ts) on a git copy of the repository:
// the effective spec at a ref is rebuilt from that ref's sources and compared with the working
// tree; the table, the semver bump, and the example app's call sites that the new types break.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runScript, runNode } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const BREAKING = `
  - target: "$.components.schemas.CustomerUpdate.properties.name"
    description: Test-only removal of a request field the example app sends.
    remove: true
  - target: "$.paths['/customers/{id}'].put.responses['403']"
    description: Test-only removal of a documented status.
    remove: true
  - target: "$.components.schemas.Customer.properties"
    description: Test-only addition of a response field.
    update:
      nickname:
        type: string
`;

// docs/keeping-up.md shows what the report prints for BREAKING: the first ```text block after
// "**Breaking-change report.**" is this test's output (only the commit differs). CAPI_UPDATE_DOCS=1
// writes the output into the page instead of comparing.
const DOC = join(repoRoot, 'docs/keeping-up.md');
const SAMPLE = /(\*\*Breaking-change report\.\*\*[\s\S]*?```text\n)([\s\S]*?)(```\n)/;
const SHA = /(effective spec at .+? \()([0-9a-f]{10})(\) → working tree)/;

function diff(root, ...args) {
  return runNode([join(repoRoot, 'scripts/commands/diff.ts'), '--root', root, ...args], { cwd: root });
}

describe.skipIf(insideWorkspaceCopy())('npm run diff', () => {
  let repo;
  let callLine;
  beforeAll(async () => {
    repo = await workspaceCopy();
    // every provider's types, so the example app typechecks in the copy
    expect((await runScript('commands/build-spec.ts', ['--root', repo.dir])).status).toBe(0);
    expect((await runScript('commands/codegen.ts', ['--root', repo.dir])).status).toBe(0);
    callLine =
      repo
        .read('apps/example/src/sync.ts')
        .split('\n')
        .findIndex((l) => l.includes("salesive.PUT('/customers/{id}'")) + 1;
    expect(callLine).toBeGreaterThan(0);
  }, 300_000);
  afterAll(() => repo?.cleanup());

  it('reports no change and no bump for an unchanged provider', async () => {
    const res = await diff(repo.dir, 'salesive');
    expect(res.status, res.out).toBe(0);
    expect(res.out).toMatch(
      /^salesive: effective spec at merge-base\(HEAD, main\) \([0-9a-f]{10}\) → working tree\nno changes\nsemver: no bump needed for @capi\/salesive 0\.1\.0\n$/,
    );
  });

  it('classifies a working-tree change, names the bump and the call site it breaks', async () => {
    const original = repo.read('specs/salesive/overlay.yaml');
    repo.write('specs/salesive/overlay.yaml', original + BREAKING);
    try {
      const res = await diff(repo.dir, 'salesive');
      expect(res.status, res.out).toBe(0);
      const out = res.out;
      expect(out).toMatch(/^class\s+rule\s+where\s+change$/m);
      expect(out).toMatch(/^BREAKING\s+request-field-removed\s+PUT \/customers\/\{id\}\s+request body: name removed/m);
      expect(out).toMatch(/^BREAKING\s+response-status-removed\s+PUT \/customers\/\{id\}\s+response 403 removed/m);
      expect(out).toMatch(/^minor\s+response-field-added\s+PUT \/customers\/\{id\}\s+new field response 200: data\.nickname$/m);
      expect(out).toMatch(/3 change\(s\): 2 breaking, 1 minor, 0 patch/);
      expect(out).toMatch(/semver: major → @capi\/salesive 0\.1\.0 → 0\.2\.0 \(a 0\.x package takes breaking changes in its minor digit\)/);
      expect(out).toMatch(
        new RegExp(
          `types: 1 error\\(s\\) in apps/example with the new types; call sites that break:\\n  apps/example/src/sync\\.ts:${callLine}:\\d+: TS2353 .*'name' does not exist`,
        ),
      );

      // the page's sample is this output, as the tool printed it
      const page = readFileSync(DOC, 'utf8');
      const shown = SAMPLE.exec(page)?.[2];
      if (process.env.CAPI_UPDATE_DOCS === '1')
        writeFileSync(
          DOC,
          page.replace(SAMPLE, (_, a, _b, c) => `${a}${out}${c}`),
        );
      else {
        expect(shown, 'docs/keeping-up.md has no ```text block after "**Breaking-change report.**"').toBeDefined();
        const sha = SHA.exec(shown ?? '')?.[2] ?? 'no commit in the sample';
        expect(
          out.replace(SHA, `$1${sha}$3`),
          'docs/keeping-up.md: the sample is not what npm run diff prints (CAPI_UPDATE_DOCS=1 rewrites it)',
        ).toBe(shown);
      }

      // --fail-on-breaking turns the report into a gate; --json is the same report for tools
      expect((await diff(repo.dir, 'salesive', '--fail-on-breaking')).status).toBe(1);
      const json = JSON.parse((await diff(repo.dir, 'salesive', '--json')).out);
      expect(json.semver).toEqual({ bump: 'major', from: '0.1.0', to: '0.2.0' });
      expect(json.consumer.broken).toEqual([expect.objectContaining({ file: 'apps/example/src/sync.ts', line: callLine, code: 'TS2353' })]);
    } finally {
      repo.write('specs/salesive/overlay.yaml', original);
    }
  });

  it('defaults to the merge base with main on a branch, and takes any ref', async () => {
    const original = repo.read('specs/salesive/overlay.yaml');
    await repo.git('checkout', '-q', '-b', 'feature');
    try {
      repo.write('specs/salesive/overlay.yaml', original + BREAKING);
      // the contract is committed with its sources (CI's committed-contracts test insists)
      expect((await runScript('commands/build-spec.ts', ['--root', repo.dir, 'salesive'])).status).toBe(0);
      await repo.git('commit', '-q', '-am', 'salesive: breaking overlay');
      const main = (await repo.git('rev-parse', 'main')).slice(0, 10);
      const onBranch = await diff(repo.dir, 'salesive');
      expect(onBranch.out).toMatch(new RegExp(`^salesive: effective spec at merge-base\\(HEAD, main\\) \\(${main}\\) → working tree`));
      expect(onBranch.out).toMatch(/2 breaking, 1 minor/);
      // against HEAD the working tree is unchanged
      const head = await diff(repo.dir, 'salesive', 'HEAD');
      expect(head.out).toMatch(/^salesive: effective spec at HEAD \([0-9a-f]{10}\) → working tree\nno changes/);
      // --all (what CI runs on a pull request): only salesive changed
      const all = await diff(repo.dir, '--all', 'main', '--fail-on-breaking');
      expect(all.status).toBe(1);
      expect(all.out.match(/^\w+: effective spec at main /gm)).toHaveLength(5);
      expect(all.out.match(/^no changes$/gm)).toHaveLength(4);
      expect(all.out).toMatch(/^salesive: effective spec at main \([0-9a-f]{10}\) → working tree\n(.*\n){4}.*2 breaking, 1 minor/m);
    } finally {
      await repo.git('checkout', '-q', 'main');
    }
    expect(repo.read('specs/salesive/overlay.yaml')).toBe(original);
  });

  it('fails clearly on an unknown ref or provider', async () => {
    const ref = await diff(repo.dir, 'salesive', 'no-such-branch');
    expect(ref.status).toBe(1);
    expect(ref.out).toMatch(/error: unknown git ref "no-such-branch"/);
    const provider = await diff(repo.dir, 'nosuch');
    expect(provider.status).toBe(1);
    expect(provider.out).toMatch(/error: unknown provider "nosuch"/);
  });
});
