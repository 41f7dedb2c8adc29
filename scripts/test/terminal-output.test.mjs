// What the pipeline prints carries text from untrusted places (a provider name typed or pasted,
// a spec's paths and operationIds, a server's answers). The commands print control characters
// and bidirectional overrides as `\uXXXX` (scripts/lib/errors.ts, printable), so such text cannot
// clear the terminal, retitle it, or hide or reorder the lines around it.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable } from '../lib/errors.ts';
import { repoRoot } from '../lib/registry.ts';
import { runCommand } from './helpers.mjs';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal output', () => {
  it('writes control characters and bidirectional overrides as escapes, and leaves text, tabs and newlines alone', () => {
    expect(printable('a\u001b[2Jb\tc\nd\u202eX\u0007 é')).toBe('a\\u001b[2Jb\tc\nd\\u202eX\\u0007 é');
  });

  it('the capi command refusing a provider name with an escape sequence prints it escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-term-'));
    try {
      const spec = join(dir, 'spec.yaml');
      writeFileSync(spec, 'openapi: 3.1.0\ninfo: { title: t, version: "1" }\npaths: {}\n');
      const name = 'x\u001b]0;owned\u0007\u001b[2J';
      const res = await runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), 'add', name, spec], { cwd: dir });
      expect(res.status).toBe(1);
      expect(res.out).toContain('x\\u001b]0;owned\\u0007\\u001b[2J');
      expect(res.out).not.toMatch(RAW);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
