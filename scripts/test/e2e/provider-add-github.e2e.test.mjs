// End-to-end tier: GitHub's REST spec as @octokit/openapi ships it (OAS 3.0, JSON, 13 MB, about
// 1000 operations) through every stage of `npm run provider:add` on a git copy of the repository.
// Each stage names what to put in the overlay (or which rules to accept, with a reason); pasted
// in, lint and the contract tests pass. Minutes on 2 cores, so it runs in `npm run test:e2e`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { isPlaceholder } from '../../lib/lint/placeholders.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { run } from '../helpers.mjs';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const octokit = (() => {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@octokit/openapi/package.json')), 'generated', 'api.github.com.json');
  } catch {
    return null;
  }
})();

describe.skipIf(insideWorkspaceCopy() || !octokit)("npm run provider:add with GitHub's REST spec", () => {
  let repo;
  const add = (...args) => run(repo.dir, [join(repoRoot, 'scripts/commands/add.ts'), '--root', repo.dir, ...args]);
  // the copy's own conformance app; ~8000 contract cases take minutes: fewer property runs, a longer limit
  const conformance = (name, runs = 10) =>
    run(join(repo.dir, 'apps/conformance'), ['src/cli.ts', '--runs', String(runs), '--seed', '5', name], {}, 1_200_000);
  const turbo = (...args) => run(repo.dir, [join(repo.dir, 'node_modules/turbo/bin/turbo'), ...args], { TURBO_TELEMETRY_DISABLED: '1' });
  beforeAll(async () => {
    repo = await workspaceCopy();
  }, 120_000);
  afterAll(() => repo?.cleanup());

  const lintSpecs = (...args) => run(repo.dir, [join(repo.dir, 'apps/conformance/src/lint-cli.ts'), ...args]);
  /** Pastes specs/github/overlay.suggested.yaml into the overlay, and accepts the rules `out` lists (with a reason). */
  const paste = (out) => {
    const suggested = parse(repo.read('specs/github/overlay.suggested.yaml')).actions;
    repo.edit('specs/github/overlay.yaml', (text) => {
      const doc = parseDocument(text);
      // what only a person can vouch for (a documented status) comes as a placeholder lint refuses: written here as a person would
      for (const action of suggested)
        doc.addIn(
          ['actions'],
          doc.createNode(
            isPlaceholder(action.description)
              ? { ...action, description: "GitHub's REST reference documents this status for the operation (docs.github.com/rest)." }
              : action,
          ),
        );
      return doc.toString({ lineWidth: 0 });
    });
    const accepted = [...out.matchAll(/^ {6,}([\w/-]+): off$/gm)].map((m) => m[1]);
    if (accepted.length)
      repo.edit('redocly.yaml', (text) => {
        const doc = parseDocument(text);
        for (const rule of accepted) {
          doc.setIn(['apis', 'github', 'rules', rule], 'off');
          doc.setIn(
            ['apis', 'github', 'x-reasons', rule],
            `GitHub's description has this across hundreds of operations; we accept it rather than guess (${rule}).`,
          );
        }
        return doc.toString({ lineWidth: 0 });
      });
    return { actions: suggested.length, accepted };
  };

  describe('through every stage', () => {
    it('scaffold: names the defect that stops generation and the action that fixes it', async () => {
      const res = await add('github', octokit);
      expect(res.status).toBe(1);
      expect(res.out).toMatch(/\[github\] client options: none \(no security\)/);
      expect(res.out).toMatch(/\[github\] specs\/github\/effective\.yaml:\d+:\d+: invalid OpenAPI document \(\d+ problem\(s\)\)/);
      expect(res.out).toMatch(/The `type` field must be defined when the `nullable` field is used\. \(struct\)/);
      const hint = res.out.slice(res.out.lastIndexOf('  - target:')).trimEnd();
      expect(hint).toMatch(/^ {2}- target: "?\$\.\.\[\?\(@\.nullable == true && !@\.type\)\]\.nullable"?$/m);
      repo.edit('specs/github/overlay.yaml', (text) => text.replace('actions: []', `actions:\n${hint}`));
    }, 300_000);

    it('lint: counts every finding and says, rule by rule, what corrects it; pasted in, lint passes', async () => {
      const first = await lintSpecs('--suggest', 'github');
      expect(first.status).toBe(1);
      expect(first.out).toMatch(/^github: FAILED {2}\d{4,} error\(s\)/m); // thousands: not cut at 100
      expect(first.out).toMatch(/^ {4}no-invalid-media-type-examples +\d+ finding\(s\) +overlay: \d{3,} action\(s\)$/m);
      expect(first.out).toMatch(/^ {4}security-defined +\d+ finding\(s\) +overlay: 1 action\(s\)$/m);
      expect(first.out).toMatch(/^ {4}operation-4xx-response +\d+ finding\(s\) +accept in redocly\.yaml \(more than 25 operations/m);
      expect(first.out).toMatch(/wrote specs\/github\/overlay\.suggested\.yaml: \d+ overlay action\(s\)/);
      const { actions, accepted } = paste(first.out);
      expect(actions).toBeGreaterThan(500);
      expect(accepted).toEqual(expect.arrayContaining(['operation-4xx-response', 'no-identical-paths']));
      const second = await lintSpecs('github');
      expect(second.status, second.out).toBe(0);
      expect(second.out).toMatch(/^github: ok {2}0 error\(s\), 0 warning\(s\), upstream (\d+) finding\(s\) handled \1/m);
    }, 600_000);

    it('contract tests: complete for every operation, name the spec defects with the actions that correct them; pasted in, conformance passes', async () => {
      const first = await conformance('github', 2);
      expect(first.status).toBe(1);
      const report = JSON.parse(repo.read('apps/conformance/report/conformance.json')).providers.find((p) => p.name === 'github');
      expect(report.operations.length).toBeGreaterThan(900);
      expect(report.failures.length).toBeGreaterThan(0);
      // every failure is a defect of the spec (its own responses are invalid), none of the client
      for (const f of report.failures) expect(f.message).toMatch(/Prism cannot answer a valid .*\(a spec defect, not a client one\)/);
      expect(first.out).toMatch(
        /github: \d+ overlay action\(s\) would correct spec defects the contract tests found: .*overlay\.suggested\.yaml/,
      );
      const { actions } = paste('');
      expect(actions).toBeGreaterThan(0);
      const second = await conformance('github', 2);
      expect(second.out).toMatch(/conformance passed: 1 of 1 provider\(s\) passed/);
    }, 1_500_000);

    it('types, typecheck and package tests complete', async () => {
      const tasks = await turbo('run', 'typecheck', 'test', '--filter=@capi/github', '--output-logs=errors-only');
      expect(tasks.status, tasks.out).toBe(0);
      expect(repo.read('packages/github/src/generated/schema.gen.ts')).toMatch(/"\/repos\/\{owner\}\/\{repo\}\/issues": \{/);
    }, 600_000);
  });
});
