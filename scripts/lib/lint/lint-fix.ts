// The lint stage as a pass over providers (build, lint, collect what fails), and `--fix`: write
// what the tool can correct, then lint again. Used by `npm run lint:specs` and `provider:add`.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { buildSpec } from '../build/build-spec.ts';
import { UserError } from '../shared/errors.ts';
import { type LintResult, lintProviders } from './lint.ts';
import { applySuggestion, suggestForProvider } from './lint-hints.ts';
import type { Provider } from '../registry/registry.ts';
import type { OverlayAction } from '../defects/types.ts';
import { acceptOwnPlaceholders } from './accept-own-placeholders.ts';
import { writeFileAtomic } from '../shared/fs-atomic.ts';

/** A lint pass over providers. */
interface LintRun {
  /** per provider: build errors, lint errors, unhandled upstream findings, config problems */
  failures: Map<string, string[]>;
  /** each provider's lint (those that built) */
  lint: Map<string, LintResult>;
  /** the overlay actions a failed build named (its error's `fix`: discriminator mappings naming missing files) */
  buildFixes?: Map<string, OverlayAction[]>;
}

/**
 * Builds and lints the providers; failures per provider: build errors, lint errors, unhandled
 * upstream findings, config problems.
 */
export async function buildAndLint(providers: Provider[], root: string): Promise<LintRun> {
  const failures = new Map<string, string[]>();
  const fail = (name: string, message: string) => failures.set(name, [...(failures.get(name) ?? []), message]);
  const ready: Provider[] = [];
  const buildFixes = new Map<string, OverlayAction[]>();
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

/** Why a provider's effective spec does not build (the first line of the error), or null when it builds. */
function buildProblem(p: Provider, root: string): string | null {
  try {
    buildSpec(p, root);
    return null;
  } catch (err) {
    // any error: the spec does not build (a provider without an upstream file reads as not built)
    const message = err instanceof Error ? err.message : String(err);
    return message.split('\n')[0] ?? message;
  }
}

/** Where `--fix` keeps suggested actions it refused because the effective spec would not build with them. */
const refusedFile = (root: string, provider: string) => join(root, 'specs', provider, 'overlay.refused.yaml');

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
  // --accept-all: their placeholder descriptions say "accepted on import without review", as lint's own actions' do
  { acceptAll = false }: { acceptAll?: boolean } = {},
): Map<string, number> {
  const wrote = new Map<string, number>();
  for (const p of providers) {
    const file = suggestedFile(root, p.name);
    const overlay = p.overlays[0];
    if (!existsSync(file) || !overlay) continue;
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
    // with --accept-all, as lint's own actions: a placeholder description says it was accepted on import
    const before = readFileSync(overlay, 'utf8');
    const done = applySuggestion(p, { actions: actions as unknown[], accept: [] }, root, { acceptAll });
    // nothing half-written: actions that break a build that worked are taken back out (the
    // overlay as it was, built again), and stay in the suggested file for a person to read.
    // Built once with the actions; only when that fails is the overlay as it was built: to tell
    // whether it built without them (if not, they stay, as lint's own rounds would leave them)
    let broke = done.actions ? buildProblem(p, root) : null;
    if (broke !== null) {
      const withActions = readFileSync(overlay, 'utf8');
      writeFileAtomic(overlay, before);
      if (buildProblem(p, root) !== null) {
        writeFileAtomic(overlay, withActions);
        broke = null;
      }
    }
    if (broke !== null) {
      // kept apart from overlay.suggested.yaml, which a later --fix round deletes once it writes
      const refused = refusedFile(root, p.name);
      writeFileAtomic(
        refused,
        `# Refused by npm run lint:specs -- --fix ${p.name}: with these actions its effective spec does not build:
# ${broke.replace(/\n/g, ' ')}
# Correct them and copy them under \`actions:\` in ${relative(root, overlay)}, or delete this file.
${stringify({ actions })}`,
      );
      wrote.set(p.name, 0);
      log(
        `${p.name}: the ${done.actions} suggested overlay action(s) in ${relative(root, file)} would break the build of its effective spec (${broke}); ${relative(root, overlay)} is left as it was and the actions are kept in ${relative(root, refused)}: correct or delete them`,
      );
      continue;
    }
    wrote.set(p.name, done.actions);
    if (done.actions)
      log(
        `${p.name}: --fix wrote ${done.actions} suggested overlay action(s) from ${relative(root, file)} into ${relative(root, overlay)}`,
      );
  }
  return wrote;
}

/** Rounds of `--fix`: a correction can uncover the next finding (a scheme applied makes its operations need a 401). */
const MAX_FIX_ROUNDS = 3;

/**
 * `--fix`: for each provider with open findings, writes the suggested overlay actions and the
 * rules to accept (applySuggestion), says what it wrote, then lints again; while a round wrote
 * something and the lint finds more, up to MAX_FIX_ROUNDS rounds, each writing only what the
 * overlay and redocly.yaml do not have yet. Returns the last run.
 */
export async function fixProviders(
  providers: Provider[],
  root: string,
  run: LintRun,
  { acceptAll = false, log = console.log }: { acceptAll?: boolean; log?: (message: string) => void } = {},
): Promise<LintRun> {
  let current = run;
  if (acceptAll) {
    // the placeholders an earlier plain --fix wrote (only the tools' own, by their exact text)
    let replaced = 0;
    for (const p of providers) {
      const done = acceptOwnPlaceholders(p, root);
      replaced += done.descriptions + done.reasons;
      if (done.descriptions + done.reasons)
        log(
          `${p.name}: --accept-all replaced ${done.descriptions} action description(s) and ${done.reasons} rule reason(s) an earlier --fix left as placeholders (reason: accepted on import without review) in ${done.files.map((f) => relative(process.cwd(), f)).join(' and ')}`,
        );
    }
    if (replaced) current = await buildAndLint(providers, root);
  }
  for (let round = 1; round <= MAX_FIX_ROUNDS; round++) {
    const wrote = await fixRound(providers, root, current, { acceptAll, log, round });
    if (!wrote) return current;
    log('\nlint again with the fixes:');
    current = await buildAndLint(providers, root);
    if (!current.failures.size) return current;
  }
  return current;
}

/** The actions of an overlay file and the rules redocly.yaml turns off for a provider, as keys to compare suggestions with. */
function alreadyWritten(provider: Provider, root: string): { actions: Set<string>; off: Set<string> } {
  const actions = new Set<string>();
  for (const overlay of provider.overlays) {
    try {
      for (const a of (parse(readFileSync(overlay, 'utf8'))?.actions ?? []) as unknown[]) actions.add(actionKey(a));
    } catch {
      /* the build names what is wrong with it */
    }
  }
  let rules: Record<string, unknown> = {};
  try {
    rules = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8'))?.apis?.[provider.name]?.rules ?? {};
  } catch {
    rules = {};
  }
  const off = new Set(
    Object.entries(rules)
      .filter(([, v]) => v === 'off' || (v as { severity?: unknown })?.severity === 'off')
      .map(([r]) => r),
  );
  return { actions, off };
}

/** What an overlay action does (target and update, or removal), to tell one written already. */
function actionKey(a: unknown): string {
  const { target, update, remove } = (a ?? {}) as { target?: unknown; update?: unknown; remove?: unknown };
  return JSON.stringify([target, remove === true ? 'remove' : update]);
}

/** One round of `--fix`: answers whether it wrote anything. */
async function fixRound(
  providers: Provider[],
  root: string,
  run: LintRun,
  { acceptAll, log, round }: { acceptAll: boolean; log: (message: string) => void; round: number },
): Promise<boolean> {
  let wrote = 0;
  // the actions a failed build named (its overlay actions make it build), then lint again
  for (const p of providers) {
    const have = alreadyWritten(p, root);
    const fix = run.buildFixes?.get(p.name)?.filter((a) => !have.actions.has(actionKey(a)));
    if (!fix?.length || !p.overlays[0]) continue;
    const done = applySuggestion(p, { actions: fix, accept: [] }, root);
    wrote += done.actions;
    log(`${p.name}: --fix wrote ${done.actions} overlay action(s) that make it build into ${relative(root, p.overlays[0])}`);
  }
  if (run.buildFixes?.size) run = await buildAndLint(providers, root);
  for (const p of providers) {
    const l = run.lint.get(p.name);
    if (!l) continue;
    const found = suggestForProvider(p, l, root, { write: false });
    const { findings } = found;
    let { suggestion } = found;
    if (round > 1) {
      // only what is new: an action or an accepted rule written in an earlier round is not written twice
      const have = alreadyWritten(p, root);
      suggestion = {
        ...suggestion,
        actions: suggestion.actions.filter((a) => !have.actions.has(actionKey(a))),
        accept: suggestion.accept.filter((a) => !have.off.has(a.rule)),
      };
      if (!suggestion.actions.length && !suggestion.accept.length) continue;
    }
    if (!findings.length && !suggestion.actions.length) continue;
    const done = applySuggestion(p, suggestion, root, { acceptAll });
    wrote += done.actions + done.accepted;
    const where = done.files.map((f) => relative(process.cwd(), f)).join(' and ');
    if (done.actions || done.accepted) {
      const reasons = !done.accepted ? '' : acceptAll ? ' (reason: accepted on import without review)' : ' (each reason still to write)';
      log(`${p.name}: --fix wrote ${done.actions} overlay action(s) and accepted ${done.accepted} rule(s)${reasons} in ${where}`);
      if (done.placeholders)
        log(
          `${p.name}: ${done.placeholders} of those action(s) state what only you can vouch for: write each description that says TODO (lint fails until you do)`,
        );
    }
    if (suggestion.actions.length && !p.overlays[0])
      log(
        `${p.name}: authored, so its ${suggestion.actions.length} correction(s) belong in ${relative(root, p.root)} itself (not written)`,
      );
  }
  return wrote > 0;
}
