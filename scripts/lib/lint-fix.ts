// The lint stage as a pass over providers (build, lint, collect what fails), and `--fix`: write
// what the tool can correct, then lint again. Used by `npm run lint:specs` and `provider:add`.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { buildSpec } from './build-spec.ts';
import { UserError } from './errors.ts';
import { type LintResult, lintProviders } from './lint.ts';
import { applySuggestion, suggestForProvider } from './lint-hints.ts';
import type { Provider } from './registry.ts';
import type { FixAction } from './generation-checks.ts';

/** A lint pass over providers. */
export interface LintRun {
  /** per provider: build errors, lint errors, unhandled upstream findings, config problems */
  failures: Map<string, string[]>;
  /** each provider's lint (those that built) */
  lint: Map<string, LintResult>;
  /** the overlay actions a failed build named (its error's `fix`: discriminator mappings naming missing files) */
  buildFixes?: Map<string, FixAction[]>;
}

/**
 * Builds and lints the providers; failures per provider: build errors, lint errors, unhandled
 * upstream findings, config problems.
 */
export async function buildAndLint(providers: Provider[], root: string): Promise<LintRun> {
  const failures = new Map<string, string[]>();
  const fail = (name: string, message: string) => failures.set(name, [...(failures.get(name) ?? []), message]);
  const ready: Provider[] = [];
  const buildFixes = new Map<string, FixAction[]>();
  for (const p of providers) {
    try {
      buildSpec(p, root);
      ready.push(p);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fail(p.name, err.format());
      if (err.fix?.length) buildFixes.set(p.name, err.fix);
    }
  }
  const lint = await lintProviders(ready, root);
  for (const [name, l] of lint) {
    for (const pr of l.problems.filter((x) => x.severity === 'error')) fail(name, `${pr.where} ${pr.message} (${pr.rule})`);
    for (const f of (l.upstream ?? []).filter((x) => x.handled === 'unhandled')) {
      fail(name, `upstream defect not handled: ${f.where} ${f.message} (${f.rule}): ${f.reason}`);
    }
    for (const c of l.configProblems) fail(name, c);
  }
  return { failures, lint, buildFixes };
}

/** Where provider:add (generation stopped) and conformance (spec defects) leave their suggested actions. */
export const suggestedFile = (root: string, provider: string) => join(root, 'specs', provider, 'overlay.suggested.yaml');

/**
 * The first step of `--fix`: writes the actions waiting in a provider's overlay.suggested.yaml
 * (left by provider:add when generation stopped, or by conformance for the spec defects it
 * found) into its overlay, so they are applied by the same command as lint's own corrections.
 * Answers the number of actions written per provider. A file that is not an overlay fragment
 * with a list of actions (each with a `target`) is refused, naming the file, and nothing is written.
 */
export function applyPendingSuggestions(
  providers: Provider[],
  root: string,
  log: (message: string) => void = console.log,
): Map<string, number> {
  const wrote = new Map<string, number>();
  for (const p of providers) {
    const file = suggestedFile(root, p.name);
    if (!existsSync(file) || !p.overlays[0]) continue;
    let fragment: unknown;
    try {
      fragment = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UserError(`${relative(root, file)} is not YAML: ${(err as Error).message}; correct or delete it`, { provider: p.name });
    }
    const actions = fragment !== null && typeof fragment === 'object' ? (fragment as { actions?: unknown }).actions : undefined;
    const bad = !Array.isArray(actions)
      ? -1
      : actions.findIndex((a) => a === null || typeof a !== 'object' || typeof (a as { target?: unknown }).target !== 'string');
    if (bad !== -1)
      throw new UserError(
        `${relative(root, file)}: ${bad < 0 ? 'no `actions:` list' : `actions[${bad}] has no \`target\``} (an overlay fragment of suggested actions is expected); correct or delete it`,
        { provider: p.name },
      );
    const done = applySuggestion(p, { actions: actions as unknown[], accept: [] }, root);
    wrote.set(p.name, done.actions);
    if (done.actions)
      log(
        `${p.name}: --fix wrote ${done.actions} suggested overlay action(s) from ${relative(root, file)} into ${relative(root, p.overlays[0])}`,
      );
  }
  return wrote;
}

/**
 * `--fix`: for each provider with open findings, writes the suggested overlay actions and the
 * rules to accept (applySuggestion), says what it wrote, then lints again; returns that run.
 */
export async function fixProviders(
  providers: Provider[],
  root: string,
  run: LintRun,
  { acceptAll = false, log = console.log }: { acceptAll?: boolean; log?: (message: string) => void } = {},
): Promise<LintRun> {
  let wrote = 0;
  // the actions a failed build named (its overlay actions make it build), then lint again
  for (const p of providers) {
    const fix = run.buildFixes?.get(p.name);
    if (!fix?.length || !p.overlays[0]) continue;
    const done = applySuggestion(p, { actions: fix, accept: [] }, root);
    log(`${p.name}: --fix wrote ${done.actions} overlay action(s) that make it build into ${relative(root, p.overlays[0])}`);
  }
  if (run.buildFixes?.size) run = await buildAndLint(providers, root);
  for (const p of providers) {
    const l = run.lint.get(p.name);
    if (!l) continue;
    const { suggestion, findings } = suggestForProvider(p, l, root, { write: false });
    if (!findings.length && !suggestion.actions.length) continue;
    const done = applySuggestion(p, suggestion, root, { acceptAll });
    wrote += done.actions + done.accepted;
    const where = done.files.map((f) => relative(process.cwd(), f)).join(' and ');
    if (done.actions || done.accepted) {
      const reasons = !done.accepted ? '' : acceptAll ? ' (reason: accepted on import without review)' : ' (each reason still to write)';
      log(`${p.name}: --fix wrote ${done.actions} overlay action(s) and accepted ${done.accepted} rule(s)${reasons} in ${where}`);
    }
    if (suggestion.actions.length && !p.overlays[0])
      log(
        `${p.name}: authored, so its ${suggestion.actions.length} correction(s) belong in ${relative(root, p.root)} itself (not written)`,
      );
  }
  if (!wrote) return run;
  log('\nlint again with the fixes:');
  return buildAndLint(providers, root);
}
