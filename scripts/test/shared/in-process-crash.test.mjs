// `capi build-spec|codegen` (and `build-and-codegen`, the turbo generate task) run their command in
// capi's own process (scripts/capi.mjs, runHere). A crash that escapes the command's runMain (a
// throw while its modules load, an error thrown from a callback after main returned) would be
// printed by Node itself, outside capi's output guard (`printable`): a control character in it
// would reach the terminal as it is. Each is printed through the guard, exit code 2 (a crash).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'capi-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `capi <args>` as a user does, with a module preloaded (NODE_OPTIONS) that makes the crash. */
async function capiWith(preload, args) {
  const file = join(dir, `preload-${args[0]}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, preload);
  return runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), ...args], {
    env: { ...process.env, NODE_OPTIONS: `--import=${file}` },
  });
}

const ESC = '\u001b';

describe('capi: a crash that escapes an in-process command goes through the output guard', () => {
  it.each(['build-spec', 'codegen', 'build-and-codegen'])(
    'capi %s: an error thrown after main started (an uncaught exception) is printed guarded, exit 2',
    async (name) => {
      // thrown from a callback scheduled as the command's file loads (its main is running then)
      const res = await capiWith(
        [
          `import { registerHooks } from 'node:module';`,
          'registerHooks({',
          '  load(url, context, next) {',
          `    if (url.includes('/scripts/commands/')) setImmediate(() => { throw new Error('late crash \\u001b[2J here'); });`,
          '    return next(url, context);',
          '  },',
          '});',
          '',
        ].join('\n'),
        [name, 'salesive'],
      );
      expect(res.status, res.out).toBe(2);
      expect(res.stderr).toContain('late crash \\u001b[2J here');
      expect(res.stderr).not.toContain(ESC);
    },
  );

  it.each(['build-spec', 'codegen', 'build-and-codegen'])(
    'capi %s: a module that throws while the command loads is printed guarded, exit 2',
    async (name) => {
      // the command's own file fails to load (as a broken dependency would)
      const res = await capiWith(
        [
          `import { registerHooks } from 'node:module';`,
          'registerHooks({',
          '  load(url, context, next) {',
          `    if (url.includes('/scripts/commands/')) return { format: 'module', source: "throw new Error('load crash \\\\u001b[2J here');", shortCircuit: true };`,
          '    return next(url, context);',
          '  },',
          '});',
          '',
        ].join('\n'),
        [name, 'salesive'],
      );
      expect(res.status, res.out).toBe(2);
      expect(res.stderr).toContain('load crash \\u001b[2J here');
      expect(res.stderr).not.toContain(ESC);
    },
  );
});
