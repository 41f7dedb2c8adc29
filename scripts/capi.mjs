#!/usr/bin/env node
// `capi <command> [args]`: the one entry to the repository's tools. It is the bin of
// @capi/scripts, so `npx capi ...`, the root `npm run` aliases and the workspaces' package
// scripts reach it by name, never by a relative path. Each command runs in a child process with
// the arguments as given: a script of this package, a bin of another workspace (by name, from
// node_modules/.bin), or a turbo task (cached by its inputs; options reach it as environment
// variables that are part of its cache key).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import './check-node.mjs';

const script = (file) => ({ command: process.execPath, pre: [fileURLToPath(new URL(file, import.meta.url))] });
const bin = (name) => ({ command: name, pre: [] });

/** command -> how to run it, and one line of help */
const COMMANDS = {
  conformance: {
    run: conformance,
    help: 'build, lint, contract-test and fake-test providers (each its own turbo tasks); report + summary ([provider ...] [--seed N|random] [--runs N])',
  },
  'conformance-stage': {
    ...bin('capi-conformance'),
    pre: ['--stage'],
    hidden: true,
    help: "one stage of one provider's conformance (lint | contract | scenarios) <provider | .>: what its turbo task runs",
  },
  lint: { ...bin('capi-lint'), help: 'the lint stage alone: Redocly, upstream findings fixed or accepted ([--suggest] [provider ...])' },
  generate: { turbo: ['generate'], help: 'effective specs and client types of every provider (turbo, cached)' },
  build: { turbo: ['build'], help: 'generate, then compile every package to dist/ (turbo, cached)' },
  typecheck: { turbo: ['typecheck'], help: 'typecheck every workspace (turbo, cached)' },
  test: { ...script('commands/test.ts'), help: 'the fast test tier (--e2e: the end-to-end tier; --total: both tiers summed)' },
  'build-spec': { ...script('commands/build-spec.ts'), help: "one provider's effective spec from upstream + overlay (. = this folder)" },
  codegen: { ...script('commands/codegen.ts'), help: "one provider's client types and README from its effective spec (. = this folder)" },
  diff: { ...script('commands/diff.ts'), help: 'breaking-change report of a provider against a git ref, semver bump, changeset' },
  pull: { ...script('commands/pull.ts'), help: "download a provider's published spec and rebuild (overlay rot fails)" },
  add: { ...script('commands/add.ts'), help: 'scaffold a new provider from an OpenAPI 3.0/3.1 file' },
  remove: { ...script('commands/remove.ts'), help: 'remove a provider: undo what add did (<provider> [--force])' },
  dev: { ...script('commands/dev.ts'), help: 'watch specs and overlays; rebuild and typecheck on change' },
  fake: { ...bin('capi-fake'), help: 'a stateful fake of one provider behind Prism (<provider> [--port N])' },
  'extract-seed': {
    ...script('commands/extract-seed.ts'),
    help: 'print the OpenAPI document embedded in a docs page (its first ````yaml block), byte for byte',
  },
  corpus: {
    ...script('commands/corpus.ts'),
    help: 'real public specs through add → fix → lint → generate → typecheck → conformance ([spec-file ...] [--only N])',
  },
};

const usage = () =>
  `usage: capi <command> [args]   (npm run <command> -- [args] does the same)\n\n${Object.entries(COMMANDS)
    .filter(([, c]) => !c.hidden)
    .map(([name, c]) => `  ${name.padEnd(12)} ${c.help}`)
    .join('\n')}\n`;

/** Runs a command to its end, passing signals on; resolves with its exit code. */
function run(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (sig) => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, forward);
    child.on('error', (err) => {
      process.stderr.write(`capi: cannot run ${command}: ${err.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * `capi conformance [provider ...] [--seed N|random] [--runs N]`: the conformance job
 * (apps/conformance, bin capi-conformance), which runs each provider's lint:spec, contract and
 * scenarios tasks through turbo, so a provider whose inputs (its spec, overlay, package, the
 * shared code, and these options) did not change is replayed from the cache, then writes the
 * one report. The options travel as CONFORMANCE_* variables; seed and runs are in the contract
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
    } else if (flag === '--force') turboArgs.push('--force');
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        `usage: npm run conformance -- [provider ...] [--seed N|random] [--runs N] [--force]\n${COMMANDS.conformance.help}\n`,
      );
      return 0;
    } else if (a.startsWith('-'))
      return fail(`unknown option ${a}; usage: npm run conformance -- [provider ...] [--seed N|random] [--runs N] [--force]`);
    else names.push(a);
  }
  if (names.length) env.CONFORMANCE_PROVIDERS = names.join(',');
  return run('capi-conformance', turboArgs, env);
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
let code;
if (entry.run) code = await entry.run(args);
else if (entry.turbo) code = await run('turbo', ['run', ...entry.turbo, ...args]);
else code = await run(entry.command, [...entry.pre, ...args]);
process.exit(code);
