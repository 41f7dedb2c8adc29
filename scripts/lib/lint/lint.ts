// Lints every provider with the real Redocly CLI in one process, from a config derived from the
// one registry (redocly.yaml):
//   - the effective spec strictly, with the root rules plus the provider's own overrides: any
//     error fails the provider;
//   - the upstream document in report mode, with every rule at its default severity: each
//     finding is an upstream defect, and must be handled, either fixed by an overlay action
//     (the finding is gone from the effective spec; the action names the rule in x-fixes) or
//     accepted in redocly.yaml (rule turned off, with its reason under x-reasons; or the finding
//     alone, by rule and JSON pointer, with its reason under x-accepted).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { type RedoclyResult, redoclyAsync } from '../build/redocly.ts';
import { checkOverlay, type CheckedAction } from '../overlay/overlay.ts';
import type { Provider, RedoclyConfig, RuleSetting } from '../registry/registry.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { type NeutralCopy, neutralCopy } from '../spec/external-values.ts';
import { inheritedNameKeys } from '../spec/inherited-names.ts';
import { escapeSegment, parsePointer } from '../spec/json-pointer.ts';
import { walkSchemas } from '../spec/schema-walk.ts';
import { structKind } from '../codegen/generation-checks.ts';
import { backtracks, linearPattern } from './patterns.ts';
import { isPlaceholder, quoted } from './placeholders.ts';

const SOURCE_SUFFIX = '--source';
const MAX_PROBLEMS = 1_000_000;

/**
 * How long Redocly may spend on one document (a provider's effective spec, or its upstream
 * document in report mode) before it is stopped: CAPI_LINT_TIMEOUT_MS, else this. 0 stops at
 * the first document (what the tests use to reach that path without timing anything).
 */
const LINT_LIMIT_MS = 300_000;
const limitMs = () => {
  const v = process.env.CAPI_LINT_TIMEOUT_MS;
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : LINT_LIMIT_MS;
};
/** A document still being validated after this long gets a "still validating" line. */
const HEARTBEAT_MS = 30_000;

/** One finding of Redocly, as the scripts keep it. */
export interface LintFinding {
  rule: string;
  severity: 'error' | 'warn';
  message: string;
  /** JSON pointer of the node (Redocly gives a line and column instead for some findings) */
  pointer: string | undefined;
  /** repository-relative */
  file: string;
  line: number | undefined;
  /** for people: file, line where it helps, pointer (locationOf) */
  where: string;
}

/** How an upstream finding is handled: accepted in redocly.yaml, fixed by an overlay action, or neither. */
export interface UpstreamFinding extends LintFinding {
  handled: 'accepted' | 'overlay' | 'unhandled';
  /** accepted: its reason under x-reasons (as redocly.yaml has it); unhandled: why it counts as not handled */
  reason?: unknown;
  /** overlay: the action that fixes it */
  action?: { index: number; file: string; line: number | undefined; description: unknown };
}

/** A provider's lint. */
export interface LintResult {
  /** errors and warnings of the effective spec */
  errors: number;
  warnings: number;
  /** the effective spec's findings */
  problems: LintFinding[];
  /** the upstream document's findings, classified; null for an authored root, or when lint did not get to it */
  upstream: UpstreamFinding[] | null;
  /** rules turned off without a reason, or why lint could not run */
  configProblems: string[];
  /** lint was stopped after the time limit */
  timedOut?: boolean;
}

/** Where progress lines go. */
type LintLog = (line: string) => void;

/**
 * @param opts log: progress lines (default: stderr)
 */
export async function lintProviders(
  providers: Provider[],
  root: string,
  { log = (line) => process.stderr.write(`${line}\n`) }: { log?: LintLog } = {},
): Promise<Map<string, LintResult>> {
  if (!providers.length) return new Map();
  const results = new Map<string, LintResult>();
  let pending = providers;
  // bounded: every pass lints what is pending or sets at least one provider aside
  while (pending.length) {
    try {
      for (const [name, entry] of await lintTogether(pending, root, log)) results.set(name, entry);
      break;
    } catch (err) {
      if (err instanceof LintTimeout) {
        for (const name of err.names) results.set(name, timedOut(err, name));
        pending = pending.filter((p) => !err.names.includes(p.name));
        continue;
      }
      if (!(err instanceof LintRunError)) throw err;
      if (pending.length === 1) {
        await lintAgain(pending[0], err, root, log, results);
        break;
      }
      // One provider's document can stop Redocly for every API in the run (a reference it
      // cannot resolve: "No APIs were provided"): lint each alone, so that one is reported and
      // the others go on.
      for (const p of pending) {
        try {
          for (const [name, entry] of await lintTogether([p], root, log)) results.set(name, entry);
        } catch (e) {
          if (e instanceof LintTimeout) results.set(p.name, timedOut(e, p.name));
          else if (e instanceof LintRunError) await lintAgain(p, e, root, log, results);
          else throw e;
        }
      }
      break;
    }
  }
  return new Map(providers.filter((p) => results.has(p.name)).map((p) => [p.name, results.get(p.name) as LintResult]));
}

/**
 * One provider whose lint Redocly could not finish (`err`). Where it stopped on a key named like
 * a built-in (inheritedNameHint), once more with the rules the provider turned off kept off for its
 * upstream document too (report mode would run them again, and stop again on the same key: their
 * findings there are accepted anyway); else, or when that stops too, the provider is unreadable.
 */
async function lintAgain(p: Provider, err: LintRunError, root: string, log: LintLog, results: Map<string, LintResult>): Promise<void> {
  if (!builtinNamed(err.message)) {
    results.set(p.name, unreadable(err, p, root));
    return;
  }
  try {
    for (const [name, entry] of await lintTogether([p], root, log, { reportKeepsOff: true })) results.set(name, entry);
  } catch (e) {
    if (e instanceof LintTimeout) results.set(p.name, timedOut(e, p.name));
    else if (e instanceof LintRunError) results.set(p.name, unreadable(e, p, root));
    else throw e;
  }
}

/** Redocly ran but produced no report (it could not read a document). */
class LintRunError extends Error {}
const unreadable = (err: Error, p: Provider, root: string): LintResult => ({
  errors: 1,
  warnings: 0,
  problems: [],
  upstream: null,
  configProblems: [err.message + inheritedNameHint(err.message, p, root)],
});

/** The name Redocly's error says "is not a function" when every JavaScript object has it (`hasOwnProperty`), else undefined. */
function builtinNamed(message: string): string | undefined {
  const name = /\b(\w+) is not a function\b/.exec(message)?.[1];
  return name && Object.hasOwn(Object.prototype, name) ? name : undefined;
}

/**
 * Where Redocly stopped with "<name> is not a function" and `name` is what every JavaScript
 * object has (Redocly 2.77 on a key `hasOwnProperty`: spec/inherited-names.ts): the keys of that
 * name in the provider's documents (file, line, pointer) and what to do; else ''.
 */
function inheritedNameHint(message: string, p: Provider, root: string): string {
  const name = builtinNamed(message);
  if (!name) return '';
  for (const file of [p.effective, p.root]) {
    let src: ReturnType<typeof loadYamlSource>;
    try {
      src = loadYamlSource(file);
    } catch {
      continue;
    }
    const keys = inheritedNameKeys(src.data, { limit: 3, name });
    if (!keys.length) continue;
    const at = keys.map((pointer) => locationOf({ file: relative(root, file), line: src.lineOf(parsePointer(pointer)), pointer }, file));
    return ` Redocly stops on an object with a key named \`${name}\` (what every JavaScript object has: Redocly's defect, not the spec's): ${at.join(', ')}. Where that key is a schema property, the rule that stops is no-required-schema-properties-undefined: turn it off for ${p.name} in redocly.yaml (apis.${p.name}.rules) with its reason under apis.${p.name}.x-reasons, and lint checks the rest (the upstream document too, without the rules turned off); elsewhere, correct the key in the overlay.`;
  }
  return '';
}

/** A document Redocly lints in a run: whose, which (effective spec or upstream document), where. */
interface LintDoc {
  provider: string;
  kind: 'effective spec' | 'upstream document';
  /** repository-relative */
  file: string;
  absolute: string;
}

/** Redocly spent longer than the limit on one document: the providers it was on. */
class LintTimeout extends Error {
  names: string[];
  /** the document it was on, when known */
  doc: LintDoc | null | undefined;
  ms: number;

  constructor(names: string[], doc: LintDoc | null | undefined, ms: number) {
    super(`lint stopped after ${ms} ms`);
    this.names = names;
    this.doc = doc;
    this.ms = ms;
  }
}

/** What the report says for a provider whose lint was stopped: why, and what to do. */
function timedOut(err: LintTimeout, name: string): LintResult {
  const d = err.doc?.provider === name ? err.doc : null;
  const what = d ? `the ${d.kind} ${d.file}` : 'its documents';
  let slow: { pattern: string; pointer: string }[] = [];
  try {
    if (d) slow = backtrackingPatterns(loadYamlSource(d.absolute).data);
  } catch {
    slow = [];
  }
  const cause = slow.length
    ? ` Likely cause: ${slow.length} \`pattern\`(s) there backtrack catastrophically (nested quantifiers, e.g. ${slow[0].pattern} at ${slow[0].pointer}), and the example rules (no-invalid-media-type-examples, no-invalid-schema-examples) run them on every example that does not match: exponential time. Correct the pattern in the overlay (npm run lint:specs -- --fix ${name} writes the equivalent linear pattern where there is one), or accept those two rules for ${name} in redocly.yaml with a reason.`
    : ` On a large spec the time goes to the rules that check every example against its schema: accept no-invalid-media-type-examples and no-invalid-schema-examples for ${name} in redocly.yaml with a reason, or give lint more time.`;
  return {
    errors: 1,
    warnings: 0,
    problems: [],
    upstream: null,
    timedOut: true,
    configProblems: [
      `redocly lint did not finish ${what} within ${(err.ms / 1000).toFixed(err.ms < 1000 ? 3 : 0)} s (CAPI_LINT_TIMEOUT_MS; default ${LINT_LIMIT_MS / 1000} s) and was stopped.${cause}`,
    ],
  };
}

/** One problem as `redocly lint --format=json` prints it (the fields read here). */
interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { source?: { ref?: string }; pointer?: string; start?: { line?: number; col?: number } }[];
}

/**
 * @param opts reportKeepsOff: the upstream documents are linted with the rules their provider
 * turned off kept off (lintAgain), not with every rule
 */
async function lintTogether(
  providers: Provider[],
  root: string,
  log: LintLog,
  { reportKeepsOff = false }: { reportKeepsOff?: boolean } = {},
): Promise<Map<string, LintResult>> {
  const configFile = join(root, 'redocly.yaml');
  // yaml's parse returns any: redocly.yaml as written (Redocly validates it when it runs)
  const config: RedoclyConfig = parse(readFileSync(configFile, 'utf8'));
  const rootRules = config.rules ?? {};
  const rootReasons = config['x-reasons'] ?? {};
  const severity = (v: RuleSetting | undefined) => (typeof v === 'object' && v !== null ? v.severity : v);

  const apis: Record<string, { root: string; rules: Record<string, RuleSetting> }> = {};
  const docs = new Map<string, LintDoc>(); // by alias
  const structOff = new Set(); // providers whose effective spec is linted without struct
  const copies: NeutralCopy[] = [];
  const copyOf = new Map<string, string>(); // a copy's path -> the document's
  for (const p of providers) {
    const api = config.apis?.[p.name] ?? {};
    if (existsSync(p.effective)) {
      const rules = { ...(api.rules ?? {}) };
      // Redocly 2.77 crashes ("Cannot read properties of null (reading 'description')", in
      // no-script-tags-in-markdown) on a null value (`x-foo: null`) when struct is off: an
      // accepted struct runs as a warning, and its findings are dropped below
      if (severity(rules.struct ?? rootRules.struct) === 'off') {
        rules.struct = 'warn';
        structOff.add(p.name);
      }
      apis[p.name] = { root: p.effective, rules };
      docs.set(p.name, { provider: p.name, kind: 'effective spec', file: relative(root, p.effective), absolute: p.effective });
    }
    if (p.upstream) {
      // report mode: undo every override, so each upstream defect is listed and then classified
      const restored = Object.fromEntries(
        Object.entries({ ...rootRules, ...(api.rules ?? {}) })
          .filter(([, v]) => severity(v) === 'off')
          .map(([k]) => [k, reportKeepsOff ? 'off' : 'warn']),
      );
      // a copy without externalValues, which Redocly would read or fetch (spec/external-values.ts);
      // its findings are the document's (the same lines); one that is not there Redocly names
      const copy = existsSync(p.root) ? neutralCopy(p.root) : null;
      if (copy) {
        copies.push(copy);
        copyOf.set(copy.file, p.root);
      }
      apis[p.name + SOURCE_SUFFIX] = { root: copy?.file ?? p.root, rules: restored };
      docs.set(p.name + SOURCE_SUFFIX, { provider: p.name, kind: 'upstream document', file: relative(root, p.root), absolute: p.root });
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'capi-lint-'));
  let output: { problems: RedoclyProblem[] };
  try {
    const derived = {
      ...(config.extends ? { extends: config.extends } : {}),
      plugins: (config.plugins ?? []).map((pl) => resolve(root, pl)),
      // linear patterns while linting, so the example rules cannot run for hours (scripts/lib/
      // defects/pattern-backtracking.ts); only here, not in redocly.yaml, where `bundle` would apply it
      ...(hasPlugin(config, 'pattern-backtracking') ? { preprocessors: { ...config.preprocessors, 'capi/safe-patterns': 'on' } } : {}),
      rules: rootRules,
      apis,
    };
    const file = join(dir, 'redocly.yaml');
    writeFileSync(file, stringify(derived));
    // --max-problems: Redocly stops reporting after 100 problems per API by default, which
    // would hide findings of a large spec (GitHub's has thousands) and misclassify the rest.
    const res = await watched(
      (signal, onStderr) =>
        redoclyAsync(['lint', '--config', file, '--format=json', '--max-problems', String(MAX_PROBLEMS)], { cwd: root, signal, onStderr }),
      docs,
      log,
    );
    const unread = () =>
      new LintRunError(
        `redocly lint could not read ${providers.map((p) => p.name).join(', ')} (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ')}`,
      );
    try {
      output = parseJsonStream(res.stdout);
    } catch {
      throw unread();
    }
    // a document it stopped on after others were reported: their report is printed all the same
    if (/^Something went wrong when processing /m.test(res.stderr)) throw unread();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    for (const copy of copies) copy.remove();
  }

  const byFile = new Map<string, LintFinding[]>();
  for (const problem of output.problems ?? []) {
    const named = resolve(root, problem.location?.[0]?.source?.ref ?? '');
    const ref = copyOf.get(named) ?? named;
    let list = byFile.get(ref);
    if (!list) {
      list = [];
      byFile.set(ref, list);
    }
    const loc = problem.location?.[0] ?? {};
    const finding = {
      rule: problem.ruleId,
      severity: problem.severity,
      message: problem.message,
      pointer: loc.pointer,
      file: relative(root, ref),
      line: loc.start?.line,
    };
    list.push({ ...finding, where: locationOf(finding, ref) });
  }

  // findings that are no defect at all (an annotation keyword in an OAS 3.1 schema) are dropped
  const defects = (list: LintFinding[], file: string): LintFinding[] => {
    if (!list.some((f) => f.rule === 'struct')) return list;
    let doc: unknown;
    try {
      doc = loadYamlSource(file).data;
    } catch {
      return list;
    }
    const ctx = { schemas: null, refs: null };
    return list.filter((f) => f.rule !== 'struct' || structKind(f, doc, ctx).finding);
  };

  const results = new Map<string, LintResult>();
  for (const p of providers) {
    const api = config.apis?.[p.name] ?? {};
    const reasons: Record<string, unknown> = { ...rootReasons, ...(api['x-reasons'] ?? {}) };
    // findings accepted one by one (rule and JSON pointer), in either document
    const given = api['x-accepted'];
    const one = given && typeof given === 'object' && !Array.isArray(given) ? given : {};
    const acceptedOne = (f: LintFinding): unknown => {
      const at = Object.hasOwn(one, f.rule) ? one[f.rule] : undefined;
      return f.pointer !== undefined && at && typeof at === 'object' && Object.hasOwn(at, f.pointer) ? at[f.pointer] : undefined;
    };
    const configProblems = Object.entries({ ...rootRules, ...(api.rules ?? {}) })
      .filter(([rule, v]) => severity(v) === 'off' && isPlaceholder(reasons[rule]))
      .map(([rule]) =>
        reasons[rule]
          ? `redocly.yaml: rule ${rule} is turned off for ${p.name}; write its reason under apis.${p.name}.x-reasons.${rule} (it is still a placeholder: ${quoted(String(reasons[rule]))})`
          : `redocly.yaml: rule ${rule} is turned off${api.rules?.[rule] ? ` for ${p.name}` : ''} without a reason under x-reasons`,
      )
      .concat(
        Object.entries(one).flatMap(([rule, at]) =>
          at === null || typeof at !== 'object' || Array.isArray(at)
            ? [`redocly.yaml: apis.${p.name}.x-accepted.${rule} must map each JSON pointer to the reason its finding is accepted`]
            : Object.entries(at)
                .filter(([, why]) => typeof why !== 'string' || !why.trim() || isPlaceholder(why))
                .map(
                  ([pointer]) =>
                    `redocly.yaml: the ${rule} finding at ${pointer} is accepted for ${p.name} without a reason (apis.${p.name}.x-accepted)`,
                ),
        ),
      )
      .concat(placeholderDescriptions(p, root));
    const problems = defects(
      (byFile.get(resolve(p.effective)) ?? []).filter((x) => !(structOff.has(p.name) && x.rule === 'struct') && !acceptedOne(x)),
      p.effective,
    );
    const entry: LintResult = {
      errors: problems.filter((x) => x.severity === 'error').length,
      warnings: problems.filter((x) => x.severity === 'warn').length,
      problems,
      upstream: null,
      configProblems,
    };
    if (p.upstream) entry.upstream = classify(defects(byFile.get(resolve(p.root)) ?? [], p.root), problems, p, reasons, root, acceptedOne);
    results.set(p.name, entry);
  }
  return results;
}

/**
 * Runs Redocly with a watchdog on each document: its progress lines ("validating <file> using
 * lint rules for api '<alias>'...", "<file>: validated in <n>ms") are printed as they come,
 * with a line every HEARTBEAT_MS while one document takes long, and a document that takes longer
 * than the limit ends the process: LintTimeout names its provider.
 */
async function watched(
  run: (signal: AbortSignal, onStderr: (chunk: string) => void) => Promise<RedoclyResult & { aborted?: boolean }>,
  docs: Map<string, LintDoc>,
  log: LintLog,
): Promise<RedoclyResult & { aborted?: boolean }> {
  const limit = limitMs();
  const controller = new AbortController();
  /** the document being validated: its alias, since when, the last heartbeat */
  type Current = { alias: string; since: number; beat: number };
  let current: Current | null = null;
  // set by stop(), in a callback (so not narrowed to null here)
  let over = null as Current | null;
  let buffer = '';
  const label = (alias: string) => {
    const d = docs.get(alias);
    return d ? `${d.provider} (${d.kind})` : alias;
  };
  const stop = () => {
    over ??= current;
    controller.abort();
  };
  const onStderr = (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).trim();
      buffer = buffer.slice(i + 1);
      const start = /^validating .* using lint rules for api '(.+)'\.\.\.$/.exec(line);
      if (start) {
        current = { alias: start[1], since: performance.now(), beat: performance.now() };
        log(`[lint] ${label(current.alias)}: validating...`);
        if (limit === 0) stop();
      } else if (current && /: validated in ([\d.]+)(m?s)$/.test(line)) {
        // over the limit counts even when the line came in time to be read with the start
        if (performance.now() - current.since >= limit) stop();
        else {
          const [, n, unit] = /: validated in ([\d.]+)(m?s)$/.exec(line) ?? []; // it matched just above
          log(`[lint] ${label(current.alias)}: validated in ${(Number(n) / (unit === 'ms' ? 1000 : 1)).toFixed(1)} s`);
          current = null;
        }
      }
    }
  };
  const timer = setInterval(
    () => {
      if (!current) return;
      const now = performance.now();
      if (now - current.since >= limit) stop();
      else if (now - current.beat >= HEARTBEAT_MS) {
        current.beat = now;
        log(
          `[lint] ${label(current.alias)}: still validating (${Math.round((now - current.since) / 1000)} s; stopped at ${Math.round(limit / 1000)} s)`,
        );
      }
    },
    Math.max(10, Math.min(1000, limit)),
  );
  try {
    const res = await run(controller.signal, onStderr);
    if (!res.aborted) return res;
  } finally {
    clearInterval(timer);
  }
  const doc = over ? docs.get(over.alias) : null;
  const names = doc ? [doc.provider] : [...new Set([...docs.values()].map((d) => d.provider))];
  log(`[lint] ${doc && over ? label(over.alias) : names.join(', ')}: stopped after ${(limit / 1000).toFixed(limit < 1000 ? 3 : 0)} s`);
  throw new LintTimeout(names, doc, limit);
}

const lineCounts = new Map<string, number>();
/**
 * Where a finding is, for people: the file, its line where that helps (not in a one-line
 * minified JSON document, where every finding is on line 1), and always the JSON pointer.
 */
export function locationOf(f: { file: string; line?: number | undefined; pointer?: string | undefined }, absoluteFile: string): string {
  if (!lineCounts.has(absoluteFile)) {
    let lines = 0;
    try {
      const text = readFileSync(absoluteFile, 'utf8');
      for (let i = text.indexOf('\n'); i >= 0 && lines < 2; i = text.indexOf('\n', i + 1)) lines++;
    } catch {
      lines = 0;
    }
    lineCounts.set(absoluteFile, lines);
  }
  const line = f.line && (lineCounts.get(absoluteFile) ?? 0) > 1 ? `:${f.line}` : '';
  return `${f.file}${line}${f.pointer ? ` ${f.pointer}` : ''}`;
}

/** Whether redocly.yaml enables a rule of our plugin (a copy of the repository without it lints without its preprocessor). */
const hasPlugin = (config: RedoclyConfig, rule: string): boolean =>
  (config.plugins ?? []).length > 0 && Object.hasOwn(config.rules ?? {}, `capi/${rule}`);

/** Says how each upstream finding is handled: fixed by which overlay action, accepted why, or not. */
function classify(
  findings: LintFinding[],
  effectiveProblems: LintFinding[],
  provider: Provider,
  reasons: Record<string, unknown>,
  root: string,
  // the reason a finding was accepted by its pointer (x-accepted), if it was
  acceptedOne: (f: LintFinding) => unknown = () => undefined,
): UpstreamFinding[] {
  let actions: (CheckedAction & { file: string })[] = [];
  let doc: unknown = loadYamlSource(provider.root).data;
  for (const ov of provider.overlays) {
    const r = checkOverlay(ov, doc, { provider: provider.name, root });
    actions = actions.concat(r.actions.map((a) => ({ ...a, file: r.file })));
    doc = r.document;
  }
  const stillThere = (f: LintFinding) => effectiveProblems.some((e) => e.rule === f.rule && e.pointer === f.pointer);
  // as before typing: a finding without a pointer fails here (Redocly's findings on a document it has read point at a node)
  const related = (a: CheckedAction, pointer: string | undefined) =>
    a.paths.some((p) => (pointer as string).startsWith(p) || p.startsWith(pointer as string));
  return findings.map((f): UpstreamFinding => {
    if (reasons[f.rule]) return { ...f, handled: 'accepted', reason: reasons[f.rule] };
    const one = acceptedOne(f);
    if (one) return { ...f, handled: 'accepted', reason: one };
    if (!stillThere(f)) {
      const action =
        actions.find((a) => a.fixes.includes(f.rule) && related(a, f.pointer)) ??
        actions.find((a) => a.fixes.includes(f.rule)) ??
        actions.find((a) => related(a, f.pointer));
      if (action) {
        return {
          ...f,
          handled: 'overlay',
          action: { index: action.index, file: action.file, line: action.line, description: action.description },
        };
      }
      return { ...f, handled: 'unhandled', reason: 'gone from the effective spec, but no overlay action names this rule in x-fixes' };
    }
    return {
      ...f,
      handled: 'unhandled',
      reason: 'still present in the effective spec: fix it in the overlay or accept it in redocly.yaml with a reason',
    };
  });
}

/**
 * The overlay actions of a provider whose description is still a placeholder (the same check as
 * an x-reasons entry: placeholders.ts), one line each with the file, line and target. An
 * overlay that cannot be read is left to the build, which names what is wrong with it.
 */
export function placeholderDescriptions(provider: Pick<Provider, 'overlays'>, root: string): string[] {
  const out: string[] = [];
  for (const overlay of provider.overlays) {
    let src: ReturnType<typeof loadYamlSource>;
    try {
      src = loadYamlSource(overlay);
    } catch {
      continue;
    }
    const actions: unknown = src.data?.actions;
    if (!Array.isArray(actions)) continue;
    for (const [i, a] of actions.entries()) {
      const description = (a as { description?: unknown } | null)?.description;
      if (!isPlaceholder(description)) continue;
      const target = (a as { target?: unknown } | null)?.target;
      out.push(
        `${relative(root, overlay)}:${src.lineOf(['actions', i]) ?? '?'} action ${i + 1} (${String(target)}): its description ${
          description === undefined ? 'is missing' : `is still a placeholder (${quoted(String(description))})`
        }; write why the action exists (what the provider does, and your source)`,
      );
    }
  }
  return out;
}

/** `redocly lint --format=json` over several APIs prints one JSON report per API, back to back. */
export function parseJsonStream(text: string): { problems: RedoclyProblem[] } {
  // JSON.parse returns any: Redocly's reports, read as RedoclyProblem
  const reports: { problems?: RedoclyProblem[] }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) reports.push(JSON.parse(text.slice(start, i + 1)));
  }
  if (!reports.length) throw new Error('no JSON report');
  return { problems: reports.flatMap((r) => r.problems ?? []) };
}

/** A schema `pattern` that backtracks, where it is, and its linear form (null when there is none). */
interface BacktrackingPattern {
  pointer: string;
  pattern: string;
  linear: string | null;
}

/** Every schema `pattern` of `doc` that backtracks: location, pattern, and its linear form if any. */
export function backtrackingPatterns(doc: unknown): BacktrackingPattern[] {
  const out: BacktrackingPattern[] = [];
  walkSchemas(doc, (node, at) => {
    if (typeof node.pattern === 'string' && backtracks(node.pattern)) {
      out.push({
        pointer: `#/${[...at, 'pattern'].map(escapeSegment).join('/')}`,
        pattern: node.pattern,
        linear: linearPattern(node.pattern),
      });
    }
  });
  return out;
}
