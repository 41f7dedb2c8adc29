// The one way a command starts (scripts/lib/shared/command.ts): arguments, --help, the exit code
// of each ending, every line through the terminal guard; and every command of scripts/commands
// starts that way.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand, runNode } from '../helpers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'capi-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lib = (m) => JSON.stringify(join(repoRoot, 'scripts', 'lib', m));
let n = 0;
/** Runs a command file whose body is `body` (with `command`, `providerCommand` and `UserError` in scope). */
async function runCommandFile(body, args = []) {
  const file = join(dir, `cmd-${n++}.ts`);
  writeFileSync(
    file,
    [
      `import { command } from ${lib('shared/command.ts')};`,
      `import { providerCommand } from ${lib('registry/per-provider.ts')};`,
      `import { UserError } from ${lib('shared/errors.ts')};`,
      body,
    ].join('\n'),
  );
  return runNode([file, ...args]);
}

const USAGE = 'usage: npm run capi -- thing <name> [--json] [--root DIR]';
const THING = `command({ usage: ${JSON.stringify(USAGE)}, options: { json: { type: 'boolean' }, root: { type: 'string' } } }, ({ values, positionals }) => {
  if (positionals[0] === 'refuse') throw new UserError('that name is refused: pick another');
  if (positionals[0] === 'crash') throw new TypeError('not a user mistake');
  if (positionals[0] === 'escape') return console.log('a name with \\u001b[2J in it');
  if (positionals[0] === 'three') return 3;
  console.log(JSON.stringify({ values, positionals }));
});`;

describe('command (scripts/lib/shared/command.ts)', () => {
  it('parses the options and positionals and hands them to main; no number returned is exit 0', async () => {
    const res = await runCommandFile(THING, ['a', '--json', '--root', '/r', 'b']);
    expect(res.status, res.out).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ values: { json: true, root: '/r' }, positionals: ['a', 'b'] });
  });

  it('--help and -h print the usage and exit 0 without running main', async () => {
    for (const flag of ['--help', '-h']) {
      const res = await runCommandFile(THING, ['crash', flag]);
      expect(res.status, res.out).toBe(0);
      expect(res.stdout.trim()).toBe(USAGE);
    }
  });

  it('an unknown option or a missing value: exit 1, the option named with the usage, no stack', async () => {
    const unknown = await runCommandFile(THING, ['--jsn']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe(`error: unknown option --jsn; ${USAGE}`);
    const missing = await runCommandFile(THING, ['--root']);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`error: --root needs a value; ${USAGE}`);
  });

  it('a UserError is exit 1 with its message; anything else exit 2 with its stack; a number returned is the exit code', async () => {
    const refused = await runCommandFile(THING, ['refuse']);
    expect([refused.status, refused.stderr.trim()]).toEqual([1, 'error: that name is refused: pick another']);
    const crash = await runCommandFile(THING, ['crash']);
    expect(crash.status).toBe(2);
    expect(crash.stderr).toMatch(/TypeError: not a user mistake\n\s+at /);
    expect((await runCommandFile(THING, ['three'])).status).toBe(3);
  });

  it('prints through the terminal guard: a control character comes out as \\uXXXX', async () => {
    const res = await runCommandFile(THING, ['escape']);
    expect(res.stdout).toBe('a name with \\u001b[2J in it\n');
  });

  it('rawStdout: stdout byte for byte, the error it ends with still guarded', async () => {
    const raw = `command({ usage: 'usage: raw', rawStdout: true }, ({ positionals }) => {
  if (positionals[0] === 'refuse') throw new UserError('bad \\u001b[2J name');
  process.stdout.write('kept \\u001b as it is');
});`;
    expect((await runCommandFile(raw)).stdout).toBe('kept \u001b as it is');
    const refused = await runCommandFile(raw, ['refuse']);
    expect([refused.status, refused.stderr.trim()]).toEqual([1, 'error: bad \\u001b[2J name']);
  });

  it('passOn: every argument reaches main as it is (for turbo); --help still answers', async () => {
    const pass = "command({ usage: 'usage: pass', passOn: true }, ({ positionals }) => console.log(positionals.join(' ')));";
    expect((await runCommandFile(pass, ['--filter=x', '--any', 'y'])).stdout).toBe('--filter=x --any y\n');
    expect((await runCommandFile(pass, ['--filter=x', '--help'])).stdout).toBe('usage: pass\n');
  });

  it('providerCommand: the root, its flags and the providers named; an unknown provider is a UserError', async () => {
    const body = `providerCommand({ usage: 'usage: p', flags: ['fix'] }, ({ root, flags, providers }) =>
  console.log(JSON.stringify({ root, flags, providers: providers.map((p) => p.name) })));`;
    const res = await runCommandFile(body, ['--fix', 'salesive']);
    expect(res.status, res.out).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ root: repoRoot, flags: { fix: true }, providers: ['salesive'] });
    const unknown = await runCommandFile(body, ['nosuch']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^error: .*nosuch/);
  });
});

describe('scripts/commands', () => {
  const commands = readdirSync(join(repoRoot, 'scripts', 'commands')).filter((f) => f.endsWith('.ts'));

  it.each(commands)('%s starts through command (or providerCommand, runPerProvider) and parses nothing itself', (file) => {
    const text = readFileSync(join(repoRoot, 'scripts', 'commands', file), 'utf8');
    expect(text).toMatch(/^(command|providerCommand|runPerProvider)\(/m);
    expect(text).not.toMatch(/\b(runMain|parseCli|parseProviderArgs|guardOutput)\b|process\.argv/);
  });
});

describe('capi: the commands of the turbo generate tasks run in its own process', () => {
  it.each(['build-spec', 'codegen'])(
    'capi %s starts no second Node process, and its error, escapes and exit code are as before',
    async (name) => {
      // every Node process started records itself (NODE_OPTIONS reaches a child as well)
      const log = join(dir, `processes-${name}.log`);
      const preload = join(dir, `record-${name}.mjs`);
      writeFileSync(
        preload,
        `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, process.argv[1] + '\\n');\n`,
      );
      const res = await runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), name, 'no\u001b[2Jsuch'], {
        env: { ...process.env, NODE_OPTIONS: `--import=${preload}` },
      });
      expect(res.status, res.out).toBe(1);
      expect(res.stderr).toMatch(/^error: unknown provider "no\\u001b\[2Jsuch"/m);
      expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([join(repoRoot, 'scripts/capi.mjs')]);
    },
  );
});
