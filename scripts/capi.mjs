#!/usr/bin/env node
// `capi <command> [args]`: the one entry to the repository's tools. The root npm scripts run it
// by its path (`node scripts/capi.mjs <command>`), so they work, and say which Node they need,
// before anything is installed; `npm run capi -- <command>` reaches every command. It is also
// the bin of @capi/scripts, which the workspaces' package scripts (run by turbo after install)
// call by name. Each command runs in a child process with the arguments as given: a script of
// this package, a bin of another workspace (from node_modules/.bin), or turbo tasks (cached by
// their inputs; options reach them as environment variables that are part of their cache key).
//
// Every line printed, the child's and its own, goes through one guard (lib/shared/errors.ts,
// printable): a child's stdout and stderr are piped here, never inherited, and a control
// character or bidirectional override in them (a spec's operationId or path in a test runner's
// failure line that turbo relays) is written as `\uXXXX`. No colour: the children see pipes and
// NO_COLOR, so nothing we print needs an escape sequence.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { inspect } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import './check-node.mjs';

// Loaded after the Node check: an older Node cannot load a .ts file and would fail before it.
const { guardOutput, printable } = await import('./lib/shared/errors.ts');
guardOutput();
/**
 * A crash nothing caught: a command run in this process (inProcess) that throws while its modules
 * load, or from a callback after its main returned (command() catches only what main throws).
 * Node would print it itself, past the guard; it is printed through it, exit 2 (a crash, as
 * command() ends one).
 */
const crash = (err) => {
  process.stderr.write(`${printable(inspect(err))}\n`);
  process.exit(2);
};
process.on('uncaughtException', crash);

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const script = (file) => ({ command: process.execPath, pre: [fileURLToPath(new URL(file, import.meta.url))] });
/**
 * a script run in this process (imported, not started as a child): the command each turbo
 * `generate` task runs (npm run → capi → build-and-codegen) and its two halves, where a second
 * Node process and its start were most of the work on a small spec (bench/results.md, Codegen). Its output goes
 * through the same guard (installed above, shared with the command's own), with the same
 * environment a child gets.
 */
const inProcess = (file) => ({ ...script(file), inProcess: true });
/** a script that loads the clients' TypeScript sources (parameter properties and all: not only erasable syntax) */
const typesScript = (file) => ({
  command: process.execPath,
  pre: ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', fileURLToPath(new URL(file, import.meta.url))],
});
/** a bin of a workspace or dependency, by its path (`node scripts/capi.mjs` runs without node_modules/.bin on PATH) */
const bin = (name) => ({ command: join(root, 'node_modules', '.bin', name), pre: [] });

/**
 * command -> how to run it, its usage (the arguments after the command) and one line of help.
 * `npm`: the root npm script that runs it (package.json), when there is one.
 */
const COMMANDS = {
  conformance: {
    run: conformance,
    npm: 'conformance',
    usage: '[provider ...] [--seed N|random] [--runs N] [--budget N|all] [--force]',
    help: 'build, lint, contract-test and fake-test providers (each its own turbo tasks); report + summary',
  },
  'conformance-stage': {
    // in this process: each provider's lint:spec, contract and scenarios task runs one
    // (npm run → capi → the stage, and the stage starts vitest through its Node API)
    ...inProcess('../apps/conformance/src/cli.ts'),
    pre: [...inProcess('../apps/conformance/src/cli.ts').pre, '--stage'],
    hidden: true,
    usage: 'lint|contract|scenarios <provider | .>',
    help: "one stage of one provider's conformance: what its turbo task runs",
  },
  lint: {
    ...bin('capi-lint'),
    npm: 'lint:specs',
    usage: '[--suggest | --fix [--accept-all] [--accept-pagination]] [provider ...]',
    help: 'the lint stage alone: Redocly, upstream findings fixed or accepted',
  },
  generate: {
    turbo: 'generate',
    npm: 'generate',
    usage: '[provider ...] [--force] [turbo --option=value ...]',
    help: 'effective specs and client types (turbo, cached); no names: every provider',
  },
  build: {
    turbo: 'build',
    npm: 'build',
    usage: '[provider ...] [--force] [turbo --option=value ...]',
    help: 'generate, then compile the packages to dist/ (turbo, cached); no names: every package',
  },
  typecheck: {
    turbo: 'typecheck',
    npm: 'typecheck',
    usage: '[provider ...] [--force] [turbo --option=value ...]',
    help: 'typecheck the workspaces (turbo, cached); no names: every workspace',
  },
  test: {
    ...script('commands/test.ts'),
    npm: 'test',
    usage: '[--e2e | --total] [turbo options]',
    help: 'the fast test tier (--e2e: the end-to-end tier; --total: both tiers summed)',
  },
  'build-spec': {
    ...inProcess('commands/build-spec.ts'),
    usage: '[provider ... | .]',
    help: "effective specs from upstream + overlay (. = this folder's provider)",
  },
  codegen: {
    ...inProcess('commands/codegen.ts'),
    usage: '[provider ... | .]',
    help: "client types and README from the effective spec (. = this folder's provider)",
  },
  'build-and-codegen': {
    ...inProcess('commands/build-and-codegen.ts'),
    usage: '[provider ... | .]',
    help: "build-spec, then codegen, in one process: each client package's turbo generate task (. = this folder's provider)",
  },
  diff: {
    ...script('commands/diff.ts'),
    npm: 'diff',
    usage: '<provider>|--all [git-ref] [--fail-on-breaking] [--json] [--changeset|--check-changeset]',
    help: 'breaking-change report of a provider against a git ref, semver bump, changeset',
  },
  pull: {
    ...script('commands/pull.ts'),
    npm: 'specs:pull',
    usage: '<provider> [--url URL] [--timeout SECONDS]',
    help: "download a provider's published spec and rebuild (overlay rot fails)",
  },
  add: {
    ...script('commands/add.ts'),
    npm: 'provider:add',
    usage: '[<name>] <path-to-spec.yaml|json> [--fix [--accept-all]]',
    help: 'scaffold a new provider from an OpenAPI 3.0/3.1 file (named after the file when no name is given)',
  },
  dev: {
    ...script('commands/dev.ts'),
    npm: 'dev',
    usage: '[provider ...]',
    help: 'watch specs and overlays; rebuild and typecheck on change',
  },
  fake: {
    // @capi/core/fake from its TypeScript sources (that package's `capi-source` export condition): no build needed
    command: process.execPath,
    pre: ['--conditions=capi-source', join(root, 'apps/fakes/src/cli.ts')],
    npm: 'fake',
    // `fake <provider> --help` shows how that provider's spec reads as resources
    ownHelp: true,
    usage: '<provider> [--port N]',
    help: 'a stateful fake of one provider behind Prism',
  },
  turbo: {
    ...bin('turbo'),
    hidden: true,
    usage: 'run <task> [turbo options] [-- task options]',
    help: 'turbo itself, its output through the guard (npm run test:contract)',
  },
  remove: {
    ...script('commands/remove.ts'),
    npm: 'provider:remove',
    usage: '<name> [--force]',
    help: 'remove a provider: undo what add did',
  },
  'extract-seed': {
    ...script('commands/extract-seed.ts'),
    // its output is a document to store byte for byte: raw when it goes to a file or a pipe
    rawStdout: true,
    usage: '<docs-page>',
    help: 'print the OpenAPI document embedded in a docs page (its first ````yaml block), byte for byte',
  },
  verify: {
    ...typesScript('commands/verify.ts'),
    npm: 'verify',
    ownHelp: true,
    usage: '<provider> --base-url URL [--id ID [--allow-writes]] [--record] [--rps N] [--max-requests N] [--production] | --all',
    help: "a provider's real server against its contract, through its own client; divergences as overlay actions",
  },
  replay: {
    ...typesScript('commands/replay.ts'),
    npm: 'replay',
    usage: '<provider> [--port N] [--check [--json FILE]]',
    help: "serve a provider's recordings (verify --record) on 127.0.0.1; --check: each against the effective spec",
  },
  corpus: {
    ...script('commands/corpus.ts'),
    npm: 'corpus',
    // `corpus --help` prints its whole usage (lib/corpus/corpus.ts USAGE: --sample, --resume, --stages, ...)
    ownHelp: true,
    usage: '[spec-file ...] [--only N] [--runs N] [options: corpus --help]',
    help: 'real public specs through add → fix → lint → generate → typecheck → conformance',
  },
};

/** How a user runs a command: its npm script when there is one, else through `npm run capi`. */
const howToRun = (name) => {
  const c = COMMANDS[name];
  return c.npm ? `npm run ${c.npm} --${c.usage ? ` ${c.usage}` : ''}` : `npm run capi -- ${name}${c.usage ? ` ${c.usage}` : ''}`;
};
const commandUsage = (name) => `usage: ${howToRun(name)}   (or: node scripts/capi.mjs ${name} ...)\n${COMMANDS[name].help}`;

const usage = () =>
  `usage: npm run capi -- <command> [args]   (or: node scripts/capi.mjs <command> [args]; <command> --help for its own)\n\n${Object.entries(
    COMMANDS,
  )
    .filter(([, c]) => !c.hidden)
    .map(([name, c]) => `  ${name.padEnd(12)} ${c.help}\n  ${''.padEnd(12)} ${howToRun(name)}`)
    .join('\n')}\n`;

/** Our stdout or stderr whose reader went away (`| head`): what the child prints next is dropped. */
const gone = new Set();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    gone.add(stream);
  });
}

/** Pipes a child's output to ours through the guard (split UTF-8 sequences decoded whole). */
function relay(from, to) {
  const decoder = new StringDecoder('utf8');
  from.on('data', (chunk) => {
    if (gone.has(to)) return; // read on, so the child never blocks on a full pipe
    if (!to.write(decoder.write(chunk))) {
      from.pause();
      to.once('drain', () => from.resume());
      to.once('error', () => from.resume());
    }
  });
  from.on('end', () => {
    const rest = decoder.end();
    if (rest && !gone.has(to)) to.write(rest);
  });
}

/**
 * The environment of a child: no colour (its output is piped here and every escape sequence is
 * escaped), and Node's compile cache in its usual place unless set: a command's time on a small
 * spec is mostly loading TypeScript, Redocly and openapi-typescript, and turbo starts one per
 * task (bench/results.md, Codegen).
 */
const childEnv = (env) => {
  const { FORCE_COLOR: _force, ...rest } = env;
  const cache = rest.NODE_DISABLE_COMPILE_CACHE
    ? {}
    : { NODE_COMPILE_CACHE: rest.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache') };
  return { ...rest, ...cache, NO_COLOR: '1' };
};

/**
 * Runs a script command in this process: the environment a child would get (childEnv, the
 * compile cache enabled here), its file and arguments as its argv, then its module. It sets
 * process.exitCode (command(), lib/shared/command.ts) and the process ends when its work does.
 */
async function runHere([file, ...args]) {
  const env = childEnv(process.env);
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  // imported here, after the Node check: an older Node has no enableCompileCache to import
  const { enableCompileCache } = await import('node:module');
  if (env.NODE_COMPILE_CACHE) enableCompileCache(env.NODE_COMPILE_CACHE);
  process.argv = [process.execPath, file, ...args];
  await import(pathToFileURL(file).href);
}

/**
 * Runs a command to its end, passing signals on; resolves with its exit code. Its stdout and
 * stderr come through the guard (`rawStdout`: stdout untouched when it is not a terminal).
 */
function run(command, args, env = process.env, { rawStdout = false } = {}) {
  return new Promise((resolve) => {
    const raw = rawStdout && !process.stdout.isTTY;
    const child = spawn(command, args, { stdio: ['inherit', raw ? 'inherit' : 'pipe', 'pipe'], env: childEnv(env) });
    const forward = (sig) => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, forward);
    if (!raw) relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('error', (err) => {
      process.stderr.write(`capi: cannot run ${command}: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * `capi conformance [provider ...] [--seed N|random] [--runs N] [--budget N|all]`: the conformance job
 * (apps/conformance, bin capi-conformance), which runs each provider's lint:spec, contract and
 * scenarios tasks through turbo, so a provider whose inputs (its spec, overlay, package, the
 * shared code, and these options) did not change is replayed from the cache, then writes the
 * one report. The options travel as CONFORMANCE_* variables; seed, runs and budget are in the contract
 * task's cache key. The default seed is fixed (replaying it is honest: the same cases);
 * `--seed random` draws a new one and so always runs.
 */
async function conformance(args) {
  const env = { ...process.env };
  const names = [];
  const turboArgs = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (flag === '--seed' || flag === '--runs') {
      const value = inline ?? args[++i];
      if (value === undefined) return fail(`${flag} needs a value`);
      if (flag === '--seed' && value === 'random') env.CONFORMANCE_SEED = String(Math.floor(Math.random() * 2 ** 31));
      else if (!/^\d+$/.test(value))
        return fail(`${flag} takes a non-negative integer${flag === '--seed' ? ' or "random"' : ''}, got "${value}"`);
      else env[flag === '--seed' ? 'CONFORMANCE_SEED' : 'CONFORMANCE_RUNS'] = value;
    } else if (flag === '--budget') {
      const value = inline ?? args[++i];
      if (value === undefined || !/^([1-9]\d*|all)$/.test(value))
        return fail(`--budget takes a positive integer (property samples per provider) or "all", got "${value ?? ''}"`);
      env.CONFORMANCE_BUDGET = value;
    } else if (flag === '--force') turboArgs.push('--force');
    else if (a.startsWith('-')) return fail(`unknown option ${a}; usage: ${howToRun('conformance')}`);
    else names.push(a);
  }
  if (names.length) env.CONFORMANCE_PROVIDERS = names.join(',');
  return run(process.execPath, [COMMANDS['conformance-stage'].pre[0], ...turboArgs], env);
}

/**
 * `capi generate|build|typecheck [provider ...] [turbo --option=value ...]`: the turbo task, of every
 * workspace or, with provider names, of those providers' packages (specs/<p> and packages/<p>,
 * with what they depend on). An unknown name is refused with the known ones.
 */
async function turbo(task, args) {
  const names = args.filter((a) => !a.startsWith('-'));
  const options = args.filter((a) => a.startsWith('-'));
  const filters = [];
  if (names.length) {
    // the registry is read only here: a plain `generate` needs nothing but turbo
    const { selectProviders } = await import('./lib/registry/registry.ts');
    let providers;
    try {
      providers = selectProviders(names, root);
    } catch (err) {
      return fail(`${err.message}\n${commandUsage(task)}`);
    }
    for (const p of providers) {
      for (const dir of [p.specDir, p.packageDir]) {
        const pkg = join(dir, 'package.json');
        if (existsSync(pkg)) filters.push(`--filter=${JSON.parse(readFileSync(pkg, 'utf8')).name}`);
      }
    }
  }
  return run(join(root, 'node_modules', '.bin', 'turbo'), ['run', task, ...filters, ...options]);
}

function fail(message) {
  process.stderr.write(`capi: ${message}\n`);
  return 1;
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(usage());
  process.exit(name ? 0 : 1);
}
const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
if (!entry) {
  process.stderr.write(`capi: unknown command "${name}"\n${usage()}`);
  process.exit(1);
}
// a command's own --help, whatever runs it (a turbo task, a script, another workspace's bin)
if ((args.includes('--help') || args.includes('-h')) && !entry.ownHelp) {
  process.stdout.write(`${commandUsage(name)}\n`);
  process.exit(0);
}
if (!existsSync(join(root, 'node_modules', '.bin', 'turbo'))) {
  process.stderr.write(`capi: the dependencies are not installed in ${root}: run \`npm ci\` there first.\n`);
  process.exit(1);
}
let code;
// the command ends the process itself (exit code set, nothing left to do): no exit here
if (entry.inProcess) await runHere([...entry.pre, ...args]).catch(crash);
else if (entry.run) code = await entry.run(args);
else if (entry.turbo) code = await turbo(entry.turbo, args);
else code = await run(entry.command, [...entry.pre, ...args], process.env, { rawStdout: entry.rawStdout });
if (!entry.inProcess) process.exit(code);
