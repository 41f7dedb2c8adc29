// `npm run dev` (scripts/commands/dev.ts) as a user runs it, on a copy of the repository: saving an
// overlay regenerates the effective spec and the types and re-typechecks the package; a broken
// save is reported with file and line, the previous output is kept, and watching goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { insideWorkspaceCopy, workspaceCopy } from '../../lib/shared/workspace-copy.ts';

const OVERLAY = 'specs/salesive/overlay.yaml';
const NICKNAME = `
  - target: "$.components.schemas.CustomerUpdate.properties"
    description: Test-only addition of a nickname field, to see dev mode regenerate the types.
    update:
      nickname:
        type: string
`;

/** A running `dev` process and its output so far; waits are bounded and fail with the output. */
function startDev(root, args) {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts/commands/dev.ts'), '--root', root, ...args], {
    cwd: root,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_'))),
  });
  const dev = { child, out: '', exited: null };
  child.stdout.on('data', (d) => (dev.out += d));
  child.stderr.on('data', (d) => (dev.out += d));
  child.on('exit', (code, signal) => (dev.exited = { code, signal }));
  /** Waits until `re` matches the output written after `from`; returns the end of the match. */
  dev.waitFor = async (re, from, timeoutMs = 90_000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const m = re.exec(dev.out.slice(from));
      if (m) return from + m.index + m[0].length;
      if (dev.exited) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `dev: no ${re} within ${timeoutMs} ms${dev.exited ? ' (it exited)' : ''}; output after offset ${from}:\n${dev.out.slice(from)}`,
    );
  };
  dev.stop = async () => {
    if (dev.exited) return dev.exited;
    child.kill('SIGTERM');
    const until = Date.now() + 10_000;
    while (!dev.exited && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!dev.exited) child.kill('SIGKILL');
    return dev.exited;
  };
  return dev;
}

describe.skipIf(insideWorkspaceCopy())('npm run dev (watch mode)', () => {
  let repo;
  let dev;
  let original;
  const generated = (f) => readFileSync(join(repo.dir, 'packages/salesive/src/generated', f), 'utf8');
  beforeAll(async () => {
    repo = await workspaceCopy();
    original = repo.read(OVERLAY);
    dev = startDev(repo.dir, ['salesive']);
    await dev.waitFor(/watching 2 file\(s\) in 1 folder\(s\)/, 0, 240_000);
  }, 300_000);
  afterAll(async () => {
    await dev?.stop();
    repo?.cleanup();
  });

  it('builds what is missing on start, then watches', () => {
    expect(dev.out).toMatch(/\[salesive\] ok: spec, types and typecheck of packages\/salesive/);
    expect(generated('schema.gen.ts')).not.toMatch(/nickname/);
  });

  it('regenerates the effective spec and types when the overlay is saved', async () => {
    const from = dev.out.length;
    repo.write(OVERLAY, original + NICKNAME);
    const end = await dev.waitFor(/\[salesive\] ok: spec, types and typecheck of packages\/salesive in [\d.]+ s/, from);
    expect(dev.out.slice(from, end)).toMatch(/\[salesive\] specs\/salesive\/overlay\.yaml changed: rebuilding/);
    expect(repo.read('specs/salesive/effective.yaml')).toMatch(/nickname:\n\s+type: string/);
    expect(generated('schema.gen.ts')).toMatch(/nickname\?: string;/);
  });

  it('re-typechecks the package and names the line the new types break', async () => {
    repo.write(
      'packages/salesive/src/dev-probe.ts',
      `import type { CustomerUpdate } from './generated/api.gen.js';\nexport const probe: CustomerUpdate = { nickname: 'Ada' };\n`,
    );
    const from = dev.out.length;
    repo.write(OVERLAY, original); // the nickname field goes away again
    await dev.waitFor(/the new types break the package above; still watching/, from);
    const out = dev.out.slice(from);
    expect(out).toMatch(/typecheck of packages\/salesive failed \(1 error\(s\)\)/);
    expect(out).toMatch(/packages\/salesive\/src\/dev-probe\.ts:2:\d+: TS\d+ .*nickname/);
    expect(generated('schema.gen.ts')).not.toMatch(/nickname/);
  });

  it('reports a broken save with file and line, keeps the previous output, and keeps watching', async () => {
    repo.write('packages/salesive/src/dev-probe.ts', 'export {};\n');
    const before = { spec: repo.read('specs/salesive/effective.yaml'), types: generated('schema.gen.ts') };
    let from = dev.out.length;
    const broken = `${original}overlay: 1.0.1\n`; // a duplicate key, on the last line
    repo.write(OVERLAY, broken);
    await dev.waitFor(/still watching\)/, from);
    const line = broken.split('\n').length - 1;
    expect(dev.out.slice(from)).toMatch(
      new RegExp(`\\[salesive\\] error: specs/salesive/overlay\\.yaml:${line}:\\d+: malformed YAML: Map keys must be unique`),
    );
    expect(dev.exited).toBe(null);
    expect(repo.read('specs/salesive/effective.yaml')).toBe(before.spec);
    expect(generated('schema.gen.ts')).toBe(before.types);

    // overlay rot is a broken save too
    from = dev.out.length;
    repo.write(OVERLAY, original.replace("$.paths['/customers/{id}'].put.responses", "$.paths['/customers/{uuid}'].put.responses"));
    await dev.waitFor(/still watching\)/, from);
    expect(dev.out.slice(from)).toMatch(/error: specs\/salesive\/overlay\.yaml:\d+: overlay rot .*\n.*target matches nothing/);

    // the next good save is picked up
    from = dev.out.length;
    repo.write(OVERLAY, original + NICKNAME);
    await dev.waitFor(/\[salesive\] ok: spec, types and typecheck/, from);
    expect(generated('schema.gen.ts')).toMatch(/nickname\?: string;/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exit = await dev.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(dev.out).toMatch(/dev: stopped\n$/);
  });
});
