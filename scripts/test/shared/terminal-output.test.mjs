// What the pipeline prints carries text from untrusted places (a provider name typed or pasted,
// a spec's paths and operationIds, a server's answers). The commands print control characters
// and bidirectional overrides as `\uXXXX` (scripts/lib/shared/errors.ts, printable), so such text cannot
// clear the terminal, retitle it, or hide or reorder the lines around it.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable } from '../../lib/shared/errors.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// ESC ] (OSC: retitle the window) ... BEL, ESC [2J (clear the screen), C1 CSI (U+009B), a bidi override
const HOSTILE = 'x\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eY';
const ESCAPED = 'x\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202eY';
const capi = (args, opts) => runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), ...args], opts);

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

  it("capi's own messages (an unknown command, a bad --seed, an unknown provider) print the argument escaped", async () => {
    for (const args of [[HOSTILE], ['conformance', '--seed', HOSTILE], ['conformance', `--${HOSTILE}`], ['generate', HOSTILE]]) {
      const res = await capi(args);
      expect(res.status, res.out).toBe(1);
      expect(res.stderr).toContain(ESCAPED);
      expect(res.out, args.join(' ')).not.toMatch(RAW);
    }
  });

  it('the same through npm run, as documented (npm run --silent: npm echoes the command line as typed otherwise)', async () => {
    const res = await runCommand('npm', ['run', '--silent', 'conformance', '--', '--seed', HOSTILE]);
    expect(res.status, res.out).toBe(1);
    expect(res.stderr).toContain(`got "${ESCAPED}"`);
    expect(res.out).not.toMatch(RAW);
  });

  it("a child's output that capi relays (turbo naming the text it was given) comes through the guard, not inherited", async () => {
    // turbo itself writes the name raw; capi pipes its stdout and stderr through printable
    const res = await capi(['typecheck', `--filter=${HOSTILE}`]);
    expect(res.status).not.toBe(0);
    expect(res.out).toContain(`No package found with name '${ESCAPED}'`);
    expect(res.out).not.toMatch(RAW);
  });

  it('extract-seed still writes the document byte for byte to a file or pipe (its purpose: > upstream.yaml)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-term-'));
    try {
      const page = join(dir, 'page.md');
      const yaml = 'openapi: 3.1.0\r\ninfo: { title: "t\tx", version: "1" }\r\n';
      writeFileSync(page, `# page\n\n\`\`\`\`yaml\n${yaml}\`\`\`\`\n`);
      const res = await capi(['extract-seed', page]);
      expect(res.status, res.out).toBe(0);
      expect(res.stdout).toBe(yaml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reader that goes away (| head) ends the relay quietly: no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), 'generate', 'salesive'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.once('data', () => child.stdout.destroy()); // like `| head -1`
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error'/);
    expect(status).toBe(0);
  });
});
