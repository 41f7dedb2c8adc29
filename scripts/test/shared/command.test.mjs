// The one way a command starts (scripts/lib/shared/command.ts): arguments, --help, the exit code
// of each ending, every line through the terminal guard; and every command of scripts/commands,
// every entry point of the apps (their bins, `npm run fake`) and of the benchmarks starts that way.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
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

/** Source files (no tests) below `dir`, relative to the repository. */
function sourcesBelow(dir) {
  if (!existsSync(join(repoRoot, dir))) return [];
  return readdirSync(join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|js)$/.test(e.name) && !/\.test\.|\.d\.ts$/.test(e.name))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)))
    .filter((f) => !f.split('/').includes('node_modules'));
}

/**
 * The entry points outside scripts/commands: each workspace's bins and the files its package.json
 * scripts run with `node` (scripts/capi.mjs, the dispatcher, hands its arguments to a command and
 * is the one file that reads its own), and every benchmark worker a benchmark starts.
 */
function entryPoints() {
  const files = new Set();
  for (const ws of ['apps/fakes', 'apps/conformance', 'bench']) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, ws, 'package.json'), 'utf8'));
    for (const bin of Object.values(pkg.bin ?? {})) files.add(join(ws, bin));
    for (const script of Object.values(pkg.scripts ?? {}))
      for (const [, file] of script.matchAll(/\bnode\s+(\S+\.(?:ts|mjs))/g)) files.add(join(ws, file));
  }
  for (const f of sourcesBelow('bench')) if (/-worker\.ts$/.test(f)) files.add(f);
  files.add('bench/pagination-hints.ts');
  return [...files].sort();
}

describe('entry points of the apps and the benchmarks', () => {
  const PARSES_ITSELF = /\b(runMain|parseCli|parseProviderArgs|guardOutput)\b|process\.argv/;

  it('no source of apps/*/src or bench reads process.argv or parses arguments itself', () => {
    const own = [...sourcesBelow('apps/fakes/src'), ...sourcesBelow('apps/conformance/src'), ...sourcesBelow('bench')].filter((f) =>
      PARSES_ITSELF.test(readFileSync(join(repoRoot, f), 'utf8')),
    );
    expect(own, 'start these through command() (scripts/lib/shared/command.ts) or providerCommand()').toEqual([]);
  });

  it('the refusal catches an entry point that parses argv itself', () => {
    for (const text of ['runMain(async () => 0);', 'const [a] = process.argv.slice(2);', "parseCli(argv, { usage: 'u' });"])
      expect(text).toMatch(PARSES_ITSELF);
    expect("command({ usage: 'u' }, ({ positionals }) => positionals);").not.toMatch(PARSES_ITSELF);
  });

  const entries = entryPoints();
  it('finds the bins, `npm run fake`, the benchmark and its workers', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'apps/fakes/src/cli.ts',
        'apps/conformance/src/cli.ts',
        'apps/conformance/src/lint-cli.ts',
        'bench/run.ts',
        'bench/codegen-worker.ts',
        'bench/growth-worker.ts',
      ]),
    );
  });

  it.each(entries)('%s starts through command (or providerCommand) and answers --help with its usage', async (file) => {
    expect(readFileSync(join(repoRoot, file), 'utf8')).toMatch(/^(command|providerCommand)\(/m);
    // as `npm run fake` runs it: @capi/core/fake from its sources
    const res = await runNode(['--conditions=capi-source', file, '--help'], { cwd: repoRoot, timeoutMs: 60_000 });
    expect(res.status, res.out).toBe(0);
    expect(res.stdout).toMatch(/^usage: /);
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
