// What to put in the overlay (or in redocly.yaml) for each lint finding a provider still has.
// Used by `npm run provider:add` and `npm run lint:specs -- --suggest` / `--fix`. Each rule gets
// one of three treatments:
//   - a mechanical correction, one overlay action per defect: the action builder of the rule's
//     spec-defect kind in the registry (scripts/lib/defects/<kind>.ts, listed in defects/index.ts);
//   - a statement only you can make (which statuses an operation answers): one overlay action
//     per operation to fill in (its description a placeholder lint refuses until you write it:
//     placeholders.ts), when there are few; when there are many, accepting the rule for this
//     provider is suggested instead (the operation-4xx kinds);
//   - anything else: accept the rule for this provider in redocly.yaml, with your reason.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isSeq, parseDocument, stringify, type YAMLSeq } from 'yaml';
import { writeFileAtomic } from '../shared/fs-atomic.ts';
import type { LintFinding, LintResult, UpstreamFinding } from './lint.ts';
import type { Provider } from '../registry/registry.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { acceptedOnImport, excerpt, isPlaceholder, REASON_PLACEHOLDER } from './placeholders.ts';
import { kindOf } from '../defects/index.ts';
import { MAX_PER_OPERATION_ACTIONS } from '../defects/operation-4xx-documented.ts';
import type { DefectFinding, FixContext, OverlayAction } from '../defects/types.ts';

export type { OverlayAction } from '../defects/types.ts';
export { MAX_PER_OPERATION_ACTIONS } from '../defects/operation-4xx-documented.ts';

const RESPONSE_RULES = new Set(['capi/operation-401-documented', 'capi/operation-4xx-documented', 'operation-4xx-response']);

/** A finding to suggest a correction for (defects/types.ts). */
export type FindingToFix = DefectFinding;

/** A rule to accept for the provider in redocly.yaml: how many findings, and one for the reason. */
interface AcceptSuggestion {
  rule: string;
  count: number;
  example: string;
  /** each finding's JSON pointer and message, when every one has a pointer (--accept-all accepts just those) */
  findings?: readonly { pointer: string; message: string }[];
}

/** More findings of one rule than this are accepted as the rule turned off (redocly.yaml stays readable). */
const MAX_ACCEPTED_BY_POINTER = 100;

/** The findings of one accepted rule by pointer, when Redocly gave each one a pointer. */
const pointed = (list: readonly FindingToFix[]): AcceptSuggestion['findings'] =>
  list.every((f) => typeof f.pointer === 'string' && f.pointer.startsWith('#'))
    ? [...new Map(list.map((f) => [f.pointer as string, { pointer: f.pointer as string, message: f.message }])).values()]
    : undefined;

/** What is suggested for one rule. */
interface RuleAdvice {
  rule: string;
  count: number;
  /** overlay actions; accept the rule; or name the rule in the x-fixes of the action that fixed it already */
  treatment: 'overlay' | 'accept' | 'x-fixes' | 'by-hand';
  actions: number;
}

/** The suggestions for a provider. */
export interface Suggestion {
  actions: OverlayAction[];
  accept: AcceptSuggestion[];
  rules: RuleAdvice[];
  provider: string;
  /** the finding each action answers */
  sources: Map<OverlayAction, FindingToFix>;
}

/**
 * @param findings lint errors of the effective spec and upstream findings not handled yet
 * @param ctx doc: the effective spec (parsed)
 */
export function suggestFixes(
  findings: readonly FindingToFix[],
  { doc, provider }: { doc: unknown; provider: string; root?: string },
): Suggestion {
  const byRule = new Map<string, FindingToFix[]>();
  for (const f of findings) {
    let list = byRule.get(f.rule);
    if (!list) {
      list = [];
      byRule.set(f.rule, list);
    }
    list.push(f);
  }
  const actions: OverlayAction[] = [];
  const accept: AcceptSuggestion[] = [];
  const rules: RuleAdvice[] = [];
  const byKey = new Map<string, OverlayAction & { 'x-fixes': string[] }>();
  const sources = new Map<OverlayAction, FindingToFix>(); // action -> the finding it answers
  let current: FindingToFix | undefined;
  const push = (rule: string, action: OverlayAction): number => {
    const key = `${action.target}|${action.remove ? 'remove' : JSON.stringify(action.update)}`;
    const prev = byKey.get(key);
    if (prev) {
      if (!prev['x-fixes'].includes(rule)) prev['x-fixes'].push(rule);
      return 0;
    }
    const added = { ...action, 'x-fixes': [rule] };
    byKey.set(key, added);
    actions.push(added);
    sources.set(added, current as FindingToFix); // set before every push
    return 1;
  };
  const where = (f: FindingToFix) => f.where ?? `${f.file}:${f.line ?? '?'}`;

  for (const [rule, all] of byRule) {
    let added = 0;
    let treatment: RuleAdvice['treatment'] = 'overlay';
    // gone from the effective spec already: an action fixed it without naming the rule
    const gone = all.filter((f) => f.handled === 'unhandled' && /^gone from/.test(String(f.reason ?? '')));
    if (gone.length) rules.push({ rule, count: gone.length, treatment: 'x-fixes', actions: 0 });
    const list = all.filter((f) => !gone.includes(f));
    if (!list.length) continue;
    const ctx: FixContext = {
      doc,
      rule,
      where,
      push: (f, action) => {
        current = f;
        const n = push(rule, action);
        added += n;
        return n;
      },
      acceptSome: (some) => {
        accept.push({ rule, count: some.length, example: `${where(some[0])}: ${some[0].message}`, findings: pointed(some) });
      },
    };
    // the rule's kind in the registry (defects/index.ts): its action builder. A rule that is no
    // kind, a kind without a builder (a person decides each finding), or one that answers
    // 'accept' is accepted for the provider
    const kind = kindOf(rule);
    const answer = kind?.fix?.(list, ctx);
    if (!kind?.fix || answer === 'accept') treatment = 'accept';
    else if (answer === 'by-hand') treatment = 'by-hand';
    if (treatment === 'accept')
      accept.push({ rule, count: list.length, example: `${where(list[0])}: ${list[0].message}`, findings: pointed(list) });
    rules.push({ rule, count: list.length, treatment, actions: added });
  }
  removeHighestIndexFirst(actions);
  return { actions, accept, rules, provider, sources };
}

/**
 * Items of one array removed by index (`...examples[3]`, `...examples[9]`): an overlay applies
 * its actions in order, and each removal shifts the items after it, so the later targets would
 * miss (overlay rot) or hit the wrong item. Within each array the highest index goes first; the
 * actions keep their places otherwise.
 */
export function removeHighestIndexFirst<A extends { target: string; remove?: boolean | undefined }>(actions: A[]): A[] {
  const groups = new Map<string, { i: number; index: number; action: A }[]>();
  actions.forEach((a, i) => {
    const m = a.remove ? /^(.*)\[(\d+)\]$/.exec(a.target) : null;
    if (!m) return;
    let group = groups.get(m[1]);
    if (!group) {
      group = [];
      groups.set(m[1], group);
    }
    group.push({ i, index: Number(m[2]), action: a });
  });
  for (const list of groups.values()) {
    const slots = list.map((x) => x.i);
    const ordered = [...list].sort((a, b) => b.index - a.index);
    slots.forEach((slot, k) => {
      actions[slot] = ordered[k].action;
    });
  }
  return actions;
}

/** The actions as YAML list items (indented for `actions:`), ready to paste into an overlay. */
export function actionsYaml(actions: readonly OverlayAction[]): string {
  if (!actions.length) return '';
  return stringify(actions, { lineWidth: 0 }).replace(/^/gm, '  ').trimEnd();
}

/** The redocly.yaml lines that accept `rules` for one provider, each with a reason to write. */
export function acceptYaml(provider: string, accept: readonly AcceptSuggestion[]): string {
  if (!accept.length) return '';
  const lines = [`apis:`, `  ${provider}:`, `    rules:`];
  for (const a of accept) lines.push(`      ${a.rule}: off`);
  lines.push('    x-reasons:');
  // quoted: pasted as it is, it is YAML (and a placeholder lint refuses until you write the reason);
  // the example without the provider's folder (the entry names it): a long path and pointer cut
  // at the limit left only the path
  for (const a of accept) {
    const example = a.example.replace(/^specs\/[^/\s]+\//, '').replace(/[#:]\s/g, ' ');
    lines.push(`      ${a.rule}: ${JSON.stringify(`<why you accept it: ${a.count} finding(s), e.g. ${excerpt(example, 100)}>`)}`);
  }
  return lines.join('\n');
}

/** suggestForProvider's answer. */
interface ProviderSuggestion {
  suggestion: Suggestion;
  findings: FindingToFix[];
  /** the suggestion file written, if any */
  file: string | null;
  /** where the actions belong (repository path) */
  overlay: string;
}

/**
 * The suggestions for one provider: its open lint findings (read against its effective spec)
 * plus `extraActions` (spec defects the contract tests found). With `write` and any action,
 * they go to specs/<p>/overlay.suggested.yaml.
 */
export function suggestForProvider(
  provider: Provider,
  lint: LintResult | null | undefined,
  root: string,
  { extraActions = [], write = true }: { extraActions?: readonly OverlayAction[]; write?: boolean } = {},
): ProviderSuggestion {
  const findings = lint ? openFindings(lint) : [];
  const base: Suggestion = findings.length
    ? suggestFixes(findings, { doc: loadYamlSource(provider.effective).data, provider: provider.name })
    : { actions: [], accept: [], rules: [], provider: provider.name, sources: new Map() };
  const suggestion = { ...base, actions: [...base.actions, ...extraActions] };
  const overlay = provider.overlays[0]
    ? relative(root, provider.overlays[0])
    : `specs/${provider.name}/overlay.yaml (create it and list it under overlays: in redocly.yaml)`;
  let file: string | null = null;
  if (write && suggestion.actions.length) {
    file = join(root, 'specs', provider.name, 'overlay.suggested.yaml');
    writeFileAtomic(file, suggestionFile(provider.name, suggestion, overlay));
  }
  return { suggestion, findings, file, overlay };
}

/** A whole overlay file of suggestions (written next to the real one, never applied by itself). */
export function suggestionFile(provider: string, suggestion: { actions: readonly OverlayAction[] }, overlayFile: string): string {
  return `# Suggested corrections for ${provider}, written by npm run conformance, npm run lint:specs -- --suggest
# or npm run provider:add. npm run lint:specs -- --fix ${provider} writes these actions into
# ${overlayFile} (and deletes this file); or copy the ones you agree with under \`actions:\` there.
# Write a reason into each description that still asks for one.
${stringify({ overlay: '1.0.0', info: { title: `${provider} suggested corrections`, version: '0.0.0' }, actions: suggestion.actions }, { lineWidth: 0 })}`;
}

/** The findings a provider still has to deal with: effective-spec errors and unhandled upstream findings (once each). */
export function openFindings(lint: Pick<LintResult, 'upstream' | 'problems'>): (UpstreamFinding | LintFinding)[] {
  const open = (lint.upstream ?? []).filter((f) => f.handled === 'unhandled');
  const errors = lint.problems.filter((p) => p.severity === 'error');
  const key = (f: LintFinding) => `${f.rule}|${f.pointer}`;
  const seen = new Set(open.map(key));
  return [...open, ...errors.filter((e) => !seen.has(key(e)))];
}

const TREATMENT: Record<RuleAdvice['treatment'], (r: RuleAdvice) => string> = {
  overlay: (r) => `overlay: ${r.actions} action(s)`,
  'by-hand': (r) =>
    `${r.actions ? `overlay: ${r.actions} action(s); ` : ''}the rest stop generation and have no mechanical correction: correct them in the overlay by hand (accepting them would not help)`,
  'x-fixes': (r) => `already fixed by an overlay action: add ${r.rule} to that action's x-fixes`,
  accept: (r) =>
    RESPONSE_RULES.has(r.rule)
      ? `accept in redocly.yaml (more than ${MAX_PER_OPERATION_ACTIONS} operations; or document each status in the overlay)`
      : 'accept in redocly.yaml with your reason, or correct it in the overlay',
};

/** One line per rule: how many findings, and what to do about them. */
export function adviceTable(suggestion: Pick<Suggestion, 'rules'>): string[] {
  const width = Math.max(...suggestion.rules.map((r) => r.rule.length));
  return suggestion.rules
    .sort((a, b) => b.count - a.count)
    .map((r) => `${r.rule.padEnd(width)}  ${String(r.count).padStart(5)} finding(s)  ${TREATMENT[r.treatment](r)}`);
}

export { REASON_PLACEHOLDER } from './placeholders.ts';

/**
 * `--fix`: writes a suggestion where it belongs. The overlay actions go under `actions:` of the
 * provider's overlay (each with its description and the rule it fixes in x-fixes); the rules to
 * accept go into redocly.yaml with REASON_PLACEHOLDER, or with `acceptAll` a reason that says
 * honestly that they were accepted on import without review: then each finding by its JSON
 * pointer under `x-accepted` (up to MAX_ACCEPTED_BY_POINTER of a rule), not the rule turned off.
 * Comments and order are kept.
 * An authored spec has no overlay: its actions are not written (it is corrected in place).
 * Answers how many actions it wrote and rules it accepted, and the files it changed.
 */
export function applySuggestion(
  provider: Provider,
  // the actions are written as they are (corpus.ts passes an overlay fragment's, unchecked)
  suggestion: { actions: readonly unknown[]; accept: readonly AcceptSuggestion[] },
  root: string,
  { acceptAll = false, today = new Date().toISOString().slice(0, 10) }: { acceptAll?: boolean; today?: string } = {},
): { actions: number; accepted: number; files: string[]; placeholders: number } {
  const files: string[] = [];
  let actions = 0;
  const overlay = provider.overlays[0];
  if (suggestion.actions.length && overlay) {
    const doc = parseDocument(readFileSync(overlay, 'utf8'));
    if (!isSeq(doc.get('actions', true))) doc.set('actions', doc.createNode([]));
    const list = doc.get('actions', true) as YAMLSeq; // a list: as found, or just set
    list.flow = false; // `actions: []` becomes a block list
    for (const a of suggestion.actions) list.add(doc.createNode(acceptAll ? reviewedOnImport(a, today) : a));
    writeFileAtomic(overlay, doc.toString({ lineWidth: 0 }));
    actions = suggestion.actions.length;
    files.push(overlay);
  }
  if (suggestion.accept.length) {
    const file = join(root, 'redocly.yaml');
    const doc = parseDocument(readFileSync(file, 'utf8'));
    for (const a of suggestion.accept) {
      // --accept-all: just the findings seen, by JSON pointer (a later finding of the same rule is
      // still reported), where each has one; a rule whose findings Redocly placed by line only
      // is turned off for the provider, as a person's --fix does
      if (acceptAll && a.findings?.length && a.findings.length <= MAX_ACCEPTED_BY_POINTER) {
        for (const f of a.findings)
          doc.setIn(
            ['apis', provider.name, 'x-accepted', a.rule, f.pointer],
            `accepted on import without review (npm run lint:specs -- --fix --accept-all, ${today}): ${excerpt(f.message, 200)}`,
          );
        continue;
      }
      doc.setIn(['apis', provider.name, 'rules', a.rule], 'off');
      doc.setIn(
        ['apis', provider.name, 'x-reasons', a.rule],
        acceptAll
          ? `accepted on import without review (npm run lint:specs -- --fix --accept-all, ${today}): ${a.count} finding(s), e.g. ${excerpt(a.example, 120)}`
          : REASON_PLACEHOLDER,
      );
    }
    writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
    files.push(file);
  }
  // what was suggested is now written: a suggestion file left behind would offer it again
  rmSync(join(root, 'specs', provider.name, 'overlay.suggested.yaml'), { force: true });
  // the descriptions a person still has to write (lint refuses them until then)
  const placeholders = acceptAll ? 0 : suggestion.actions.filter((a) => isPlaceholder((a as { description?: unknown }).description)).length;
  return { actions, accepted: suggestion.accept.length, files, placeholders };
}

/**
 * `--accept-all`: an action whose description is a placeholder gets one that says it was written
 * on import without review (not a placeholder: lint accepts it, and a reviewer sees what to check).
 */
function reviewedOnImport(action: unknown, today: string): unknown {
  const description = (action as { description?: unknown } | null)?.description;
  if (action === null || typeof action !== 'object' || !isPlaceholder(description)) return action;
  const what = typeof description === 'string' && description.trim() ? description : 'this correction';
  return { ...action, description: acceptedOnImport(what, today) };
}
