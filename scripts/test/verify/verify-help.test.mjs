// `capi verify --help` lists the variables each provider's testing entry names for verify, read
// from the testing entry alone: no provider's client is loaded (help stays cheap however many
// providers there are, and answers even when a client's sources do not load).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runNode } from '../helpers.mjs';

const root = mkdtempSync(join(tmpdir(), 'capi-verify-help-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('capi verify --help', () => {
  it("names each provider's variables from its testing entry without loading its client", async () => {
    writeFileSync(
      join(root, 'redocly.yaml'),
      'apis:\n  acme:\n    root: specs/acme/authored.yaml\n    output: specs/acme/effective.yaml\n  plain:\n    root: specs/plain/authored.yaml\n    output: specs/plain/effective.yaml\n',
    );
    for (const name of ['acme', 'plain']) {
      mkdirSync(join(root, 'packages', name, 'src'), { recursive: true });
      // a client whose loading would end the help with this error
      writeFileSync(join(root, 'packages', name, 'src', 'index.ts'), `throw new Error('the ${name} client was loaded');\n`);
    }
    writeFileSync(
      join(root, 'packages', 'acme', 'testing.ts'),
      "export default { verify: { env: { token: 'ACME_TOKEN' }, options: {} } };\n",
    );
    const res = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'verify', '--help', '--root', root], { timeoutMs: 60_000 });
    expect(res.status, res.out).toBe(0);
    expect(res.stdout).toMatch(/^usage: npm run verify -- <provider> --base-url URL/);
    expect(res.stdout).toMatch(/^ {2}acme +ACME_TOKEN \(option token\)$/m);
    expect(res.stdout).toMatch(/^ {2}plain +\(no verify entry: verify refuses it\)$/m);
    expect(res.out).not.toContain('was loaded');
  });
});
