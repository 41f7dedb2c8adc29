// Reading a GitHub Actions workflow the way a runner would, for tests that check what cannot run
// here: the steps, the simple shell commands they run, and whether each command exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { expect } from 'vitest';
import { repoRoot } from '../lib/registry/registry.ts';

export const rootPackage = () => JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** The simple commands of a shell snippet: split on newlines, pipes, && / ||, ; and braces, with $( ) unwrapped. */
export function commands(script) {
  const unwrapped = script.replace(/\$\(([^()]*)\)/g, (_, inner) => `\n${inner}\n`);
  return unwrapped
    .split(/\n|\|\||&&|\||;|^\s*[{}]\s*|\s[{}]\s/m)
    .map((c) =>
      c
        .trim()
        .replace(/^[{}]\s*|\s*[{}]$/g, '')
        .trim(),
    )
    .filter((c) => c && !/^["']+$/.test(c) && !c.startsWith('#') && !/^(set|echo)\b/.test(c) && !/ --version$/.test(c));
}

/** A workflow file parsed strictly (duplicate keys are errors), with its steps and commands. */
export function loadWorkflow(name) {
  const file = join(repoRoot, '.github/workflows', name);
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text, { uniqueKeys: true });
  const wf = doc.toJS();
  const jobs = Object.entries(wf.jobs ?? {});
  const steps = jobs.flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ job, ...s })));
  const all = steps.filter((s) => s.run).flatMap((s) => commands(s.run).map((cmd) => ({ job: s.job, cmd })));
  return { file, text, doc, wf, jobs, steps, all };
}

/**
 * The commands an npm script runs. Every root script checks the Node running it first: either
 * it is `node scripts/capi.mjs [<command>]` (the CLI checks before anything else) or it starts
 * with the check.
 */
export function scriptCommands(pkg, name) {
  const script = pkg.scripts[name];
  if (script === undefined) return undefined;
  if (script === 'node scripts/capi.mjs' || script.startsWith('node scripts/capi.mjs ')) return [script];
  const parts = script.split(' && ');
  expect(parts[0], `npm script "${name}" starts with the Node version check`).toBe('node scripts/check-node.mjs');
  return parts.slice(1);
}

/** Fails unless `cmd` (one simple command of a workflow step) names something that exists. */
export function expectCommandExists(pkg, job, cmd) {
  const [tool, ...args] = cmd.split(/\s+/);
  if (tool === 'npm') {
    const sub = args[0];
    if (sub === 'ci') return;
    if (sub === 'test') {
      expect(pkg.scripts.test, `${job}: ${cmd}`).toBeDefined();
      return;
    }
    expect(sub, `${job}: ${cmd}`).toBe('run');
    const script = args.slice(1).find((a) => !a.startsWith('-'));
    expect(pkg.scripts[script], `${job}: ${cmd}: no npm script "${script}" in package.json`).toBeDefined();
    // and what the script itself runs is there too
    for (const part of scriptCommands(pkg, script)) {
      const [bin, target] = part.split(/\s+/);
      if (bin === 'node') expect(existsSync(join(repoRoot, target)), part).toBe(true);
      else if (bin !== 'npm') expect(existsSync(join(repoRoot, 'node_modules/.bin', bin)), part).toBe(true);
    }
  } else if (tool === 'npx') {
    expect(existsSync(join(repoRoot, 'node_modules/.bin', args[0])), `${job}: ${cmd}`).toBe(true);
  } else if (tool === 'node') {
    expect(existsSync(join(repoRoot, args[0])), `${job}: ${cmd}`).toBe(true);
  } else if (!['git', 'tee', 'sudo'].includes(tool)) {
    throw new Error(`${job}: unexpected command "${cmd}" (teach this test about it)`);
  }
}
