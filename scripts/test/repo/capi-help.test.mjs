// `capi --help` (npm run capi -- --help) lists the commands; each one answers its own --help with
// a usage line and exit 0, whatever runs it (a turbo task, a script, another workspace's bin),
// and every npm script the help names is one package.json has, running that command.
// generate, build and typecheck take provider names: that provider's packages, through turbo.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';

const capi = (args) => runCommand(process.execPath, [join(repoRoot, 'scripts/capi.mjs'), ...args]);
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** The commands `capi --help` lists, each with the npm script it names (undefined: npm run capi -- <command>). */
async function listed() {
  const res = await capi(['--help']);
  expect(res.status, res.out).toBe(0);
  const commands = [...res.stdout.matchAll(/^ {2}([a-z][a-z-]*) +\S.*\n +(npm run (\S+) --.*)$/gm)].map((m) => ({
    name: m[1],
    line: m[2],
    script: m[3] === 'capi' ? undefined : m[3],
  }));
  return { text: res.stdout, commands };
}

describe('capi --help', () => {
  it('every command it lists answers --help with exit 0, a usage line and no stack trace', async () => {
    const { commands } = await listed();
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['conformance', 'generate', 'test', 'extract-seed', 'fake']));
    for (const { name } of commands) {
      for (const flag of name === 'generate' ? ['--help', '-h'] : ['--help']) {
        const res = await capi([name, flag]);
        expect(res.status, `${name} ${flag}: ${res.out}`).toBe(0);
        expect(res.stdout, `${name} ${flag}`).toMatch(/^usage: npm (run|test)/);
        expect(res.out, `${name} ${flag}`).not.toMatch(STACK);
        expect(res.out, `${name} ${flag}: not turbo's own help`).not.toMatch(/turbo run|Usage: turbo/);
      }
    }
  });

  it("add's --help and its error on bad arguments give the same usage (the name is optional: named after the file)", async () => {
    const help = await capi(['add', '--help']);
    const usage = /^usage: (npm run provider:add -- .*?)(?: {3}\(or: .*)?$/m.exec(help.stdout)?.[1];
    expect(usage, help.out).toMatch(/^npm run provider:add -- \[<name>\] </);
    const wrong = await capi(['add', 'a', 'b', 'c']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`usage: ${usage}`);
  });

  it('corpus --help names every option the corpus run takes (it printed only --only and --runs)', async () => {
    const { USAGE } = await import('../../lib/corpus/corpus.ts');
    const res = await capi(['corpus', '--help']);
    expect(res.status, res.out).toBe(0);
    const flags = (text) => [...new Set(text.match(/--[a-z][a-z-]*/g))].sort();
    expect(flags(USAGE)).toEqual(expect.arrayContaining(['--merge-from', '--resume', '--sample', '--stages']));
    expect(flags(res.stdout)).toEqual(flags(USAGE));
  });

  it("the list names every option of a command's own --help, or points to it", async () => {
    const { commands } = await listed();
    const flags = (text) => [...new Set(text.match(/--[a-z][a-z-]*/g))].filter((f) => f !== '--help').sort();
    for (const { name, line } of commands) {
      if (line.includes(`${name} --help]`)) continue; // [options: <command> --help]
      const own = await capi([name, '--help']);
      expect(own.status, own.out).toBe(0);
      // the usage lines only (not the one-line description; verify's `or:` line included)
      const usage = own.stdout
        .split('\n')
        .filter((l) => /^(usage|\s+or):/.test(l))
        .join('\n');
      expect(flags(line), `${name}: capi --help says "${line}", its own --help "${usage}"`).toEqual(expect.arrayContaining(flags(usage)));
    }
  });

  it('the command files asked directly: extract-seed and test answer --help (they crashed or ran the tier)', async () => {
    for (const file of ['commands/extract-seed.ts', 'commands/test.ts']) {
      const res = await runCommand(process.execPath, [join(repoRoot, 'scripts', file), '--help']);
      expect(res.status, `${file}: ${res.out}`).toBe(0);
      expect(res.stdout, file).toMatch(/^usage: /);
      expect(res.out, file).not.toMatch(STACK);
      expect(res.out, file).not.toMatch(/passed, \d+ failed/);
    }
    const missing = await runCommand(process.execPath, [join(repoRoot, 'scripts/commands/extract-seed.ts'), 'no-such-page.md']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^error: cannot read no-such-page\.md \(ENOENT\)/);
    expect(missing.out).not.toMatch(STACK);
  });

  it('names only npm scripts package.json has, each running the command it is named for', async () => {
    const { text, commands } = await listed();
    for (const [, script] of text.matchAll(/npm run (\S+)/g)) expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script]);
    for (const { name, script } of commands) {
      const run = pkg.scripts[script ?? 'capi'];
      expect(run, `${name}: npm run ${script ?? 'capi'}`).toBe(script ? `node scripts/capi.mjs ${name}` : 'node scripts/capi.mjs');
    }
  });
});

describe('generate, build, typecheck -- <provider>', () => {
  /** The tasks turbo would run (--dry=json runs nothing), but those of packages without the script. */
  const dry = async (args) => {
    const res = await capi([...args, '--dry=json']);
    expect(res.status, res.out).toBe(0);
    return JSON.parse(res.stdout)
      .tasks.filter((t) => t.command !== '<NONEXISTENT>')
      .map((t) => t.taskId);
  };

  it("run that provider's tasks (its spec and client packages, and what they depend on)", async () => {
    expect((await dry(['generate', 'salesive'])).sort()).toEqual(['@capi/salesive#generate']);
    const build = await dry(['build', 'salesive', 'imprint']);
    expect(build).toEqual(expect.arrayContaining(['@capi/salesive#build', '@capi/imprint#build', '@capi/core#build']));
    expect(build.filter((t) => /bitbybit|teamcrm|profiles/.test(t))).toEqual([]);
    const typecheck = await dry(['typecheck', 'imprint']);
    expect(typecheck).toContain('@capi/imprint#typecheck');
    expect(typecheck.filter((t) => t.endsWith('#typecheck') && t !== '@capi/imprint#typecheck')).toEqual([]);
  });

  it('refuse an unknown provider with the known ones', async () => {
    for (const command of ['generate', 'build', 'typecheck']) {
      const res = await capi([command, 'nosuch']);
      expect(res.status, res.out).toBe(1);
      expect(res.stderr).toMatch(/^capi: unknown provider "nosuch"\. Known: .*salesive/);
      expect(res.stderr).toContain(`usage: npm run ${command} -- [provider ...]`);
      expect(res.out).not.toMatch(/Could not find task/);
    }
  });
});

describe('what the documentation tells a user to run', () => {
  // `npx <name>` runs the package called <name> from the registry when this checkout has not
  // installed it (or is not the folder the user stands in): `npx capi` fetched an unrelated
  // public package. So each npx names a package by its own name, which npm resolves to the same
  // package, installed or not.
  it("never resolves to someone else's package: no npx of a bin whose package has another name", () => {
    const files = [
      'README.md',
      '.changeset/README.md',
      ...readdirSync(join(repoRoot, 'docs')).map((f) => `docs/${f}`),
      ...readdirSync(join(repoRoot, '.github/workflows')).map((f) => `.github/workflows/${f}`),
      ...['scripts/lib', 'scripts/commands', 'apps/conformance/src', 'apps/fakes/src'].flatMap((d) =>
        // scripts/lib has a folder per stage, the apps have subfolders: every file below them
        readdirSync(join(repoRoot, d), { recursive: true }).map((f) => `${d}/${f}`),
      ),
      'scripts/capi.mjs',
    ].filter((f) => /\.(md|ya?ml|ts|mjs)$/.test(f));
    const found = [];
    for (const file of files) {
      for (const [, name] of readFileSync(join(repoRoot, file), 'utf8').matchAll(/\bnpx ((?:@[\w.-]+\/)?[\w.-]+)/g)) {
        const manifest = join(repoRoot, 'node_modules', name, 'package.json');
        const same = existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name;
        if (!same) found.push(`${file}: npx ${name}`);
      }
    }
    expect(found, "write npm run capi -- <command>, or npx <the package's own name>").toEqual([]);
  });
});
