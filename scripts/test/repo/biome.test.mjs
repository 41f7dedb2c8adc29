// Lint and format: Biome over the whole repository (biome.json: the recommended rules, one
// format). In the fast tier, so `npm test` and CI fail on a lint error or an unformatted file,
// and the message names the command that fixes what can be fixed.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';

describe('biome', () => {
  it('the code base passes biome check (lint and format)', async () => {
    const res = await runCommand(join(repoRoot, 'node_modules/.bin/biome'), ['check', '--max-diagnostics=20', '.'], { cwd: repoRoot });
    expect(res.status, `${res.out}\nRun \`npm run format\` for the formatting and the safe fixes, then fix the rest by hand.`).toBe(0);
    expect(res.out).toMatch(/Checked \d+ files/);
  }, 120_000);
});
