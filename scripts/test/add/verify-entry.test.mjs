// The scheduled reality check's variables as provider:add and provider:remove change them
// (lib/add/verify-entry.ts): on a copy of the repository's own .github/workflows/verify.yml, a new
// provider's variables go into the env of the `verify -- --all` step from secrets of the same
// name, and removing them gives back the file as it was, comments and layout included.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addWorkflowVariables, removeWorkflowVariables, VERIFY_WORKFLOW, verifyEnv } from '../../lib/add/verify-entry.ts';
import { repoRoot } from '../../lib/registry/registry.ts';

const root = mkdtempSync(join(tmpdir(), 'capi-verify-entry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the verify variables of a new provider', () => {
  it('are named after the provider and the option (a username and password: two)', () => {
    expect(verifyEnv('acme-shop', [{ option: 'apiKey', kind: 'apiKey' }])).toEqual({ apiKey: 'ACME_SHOP_API_KEY' });
    expect(verifyEnv('acme', [{ option: 'basic', kind: 'basic' }])).toEqual({
      'basic.username': 'ACME_BASIC_USERNAME',
      'basic.password': 'ACME_BASIC_PASSWORD',
    });
  });

  it("go into the scheduled job's env from secrets, and out again leaving the file as it was", () => {
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    cpSync(join(repoRoot, VERIFY_WORKFLOW), join(root, VERIFY_WORKFLOW));
    const before = readFileSync(join(root, VERIFY_WORKFLOW), 'utf8');
    expect(addWorkflowVariables(root, ['ACME_TOKEN', 'IMPRINT_API_KEY'])).toEqual(['ACME_TOKEN']); // one already there
    const step = parse(readFileSync(join(root, VERIFY_WORKFLOW), 'utf8')).jobs.verify.steps.find((s) => s.run?.includes('verify -- --all'));
    expect(step.env.ACME_TOKEN).toBe(`\${{ secrets.ACME_TOKEN }}`);
    expect(step.env.IMPRINT_API_KEY).toBe(`\${{ secrets.IMPRINT_API_KEY }}`);
    expect(removeWorkflowVariables(root, ['ACME_TOKEN'])).toEqual(['ACME_TOKEN']);
    expect(readFileSync(join(root, VERIFY_WORKFLOW), 'utf8')).toBe(before);
  });

  it('a repository without the workflow: nothing is written, and add says so (undefined)', () => {
    const bare = mkdtempSync(join(root, 'bare-'));
    expect(addWorkflowVariables(bare, ['ACME_TOKEN'])).toBeUndefined();
    expect(removeWorkflowVariables(bare, ['ACME_TOKEN'])).toEqual([]);
  });
});
