// Lints every provider with the real Redocly CLI in one process, from a config derived from the
// one registry (redocly.yaml):
//   - the effective spec strictly, with the root rules plus the provider's own overrides: any
//     error fails the provider;
//   - the upstream document in report mode, with every rule at its default severity: each
//     finding is an upstream defect, and must be handled, either fixed by an overlay action
//     (the finding is gone from the effective spec; the action names the rule in x-fixes) or
//     accepted in redocly.yaml (rule turned off, with its reason under x-reasons).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { redoclyAsync } from './redocly.ts';
import { checkOverlay } from './overlay.ts';
import { loadYamlSource } from './yaml-source.ts';

const SOURCE_SUFFIX = '--source';
const MAX_PROBLEMS = 1_000_000;

/**
 * @param {import('./registry.ts').Provider[]} providers
 * @returns {Promise<Map<string, { errors: number, warnings: number, problems: object[],
 *   upstream: object[] | null, configProblems: string[] }>>}
 */
export async function lintProviders(providers, root) {
  if (!providers.length) return new Map();
  try {
    return await lintTogether(providers, root);
  } catch (err) {
    if (!(err instanceof LintRunError)) throw err;
    if (providers.length === 1) return new Map([[providers[0].name, unreadable(err)]]);
  }
  // One provider's document can stop Redocly for every API in the run (a reference it cannot
  // resolve: "No APIs were provided"): lint each alone, so that one is reported and the others go on.
  const results = new Map();
  for (const p of providers) {
    try {
      for (const [name, entry] of await lintTogether([p], root)) results.set(name, entry);
    } catch (err) {
      if (!(err instanceof LintRunError)) throw err;
      results.set(p.name, unreadable(err));
    }
  }
  return results;
}

/** Redocly ran but produced no report (it could not read a document). */
class LintRunError extends Error {}
const unreadable = (err) => ({ errors: 1, warnings: 0, problems: [], upstream: null, configProblems: [err.message] });

async function lintTogether(providers, root) {
  const configFile = join(root, 'redocly.yaml');
  const config = parse(readFileSync(configFile, 'utf8'));
  const rootRules = config.rules ?? {};
  const rootReasons = config['x-reasons'] ?? {};
  const severity = (v) => (typeof v === 'object' && v !== null ? v.severity : v);

  const apis = {};
  for (const p of providers) {
    const api = config.apis?.[p.name] ?? {};
    if (existsSync(p.effective)) apis[p.name] = { root: p.effective, rules: api.rules ?? {} };
    if (p.upstream) {
      // report mode: undo every override, so each upstream defect is listed and then classified
      const restored = Object.fromEntries(
        Object.entries({ ...rootRules, ...(api.rules ?? {}) })
          .filter(([, v]) => severity(v) === 'off')
          .map(([k]) => [k, 'warn']),
      );
      apis[p.name + SOURCE_SUFFIX] = { root: p.root, rules: restored };
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'capi-lint-'));
  let output;
  try {
    const derived = {
      ...(config.extends ? { extends: config.extends } : {}),
      plugins: (config.plugins ?? []).map((pl) => resolve(root, pl)),
      rules: rootRules,
      apis,
    };
    const file = join(dir, 'redocly.yaml');
    writeFileSync(file, stringify(derived));
    // --max-problems: Redocly stops reporting after 100 problems per API by default, which
    // would hide findings of a large spec (GitHub's has thousands) and misclassify the rest.
    const res = await redoclyAsync(['lint', '--config', file, '--format=json', '--max-problems', String(MAX_PROBLEMS)], { cwd: root });
    try {
      output = parseJsonStream(res.stdout);
    } catch {
      const names = providers.map((p) => p.name).join(', ');
      throw new LintRunError(
        `redocly lint could not read ${names} (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' ')}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const byFile = new Map();
  for (const problem of output.problems ?? []) {
    const ref = resolve(root, problem.location?.[0]?.source?.ref ?? '');
    if (!byFile.has(ref)) byFile.set(ref, []);
    const loc = problem.location?.[0] ?? {};
    const finding = {
      rule: problem.ruleId,
      severity: problem.severity,
      message: problem.message,
      pointer: loc.pointer,
      file: relative(root, ref),
      line: loc.start?.line,
    };
    byFile.get(ref).push({ ...finding, where: locationOf(finding, ref) });
  }

  const results = new Map();
  for (const p of providers) {
    const api = config.apis?.[p.name] ?? {};
    const reasons = { ...rootReasons, ...(api['x-reasons'] ?? {}) };
    const configProblems = Object.entries({ ...rootRules, ...(api.rules ?? {}) })
      .filter(([rule, v]) => severity(v) === 'off' && (!reasons[rule] || String(reasons[rule]).startsWith('TODO')))
      .map(([rule]) =>
        reasons[rule]
          ? `redocly.yaml: rule ${rule} is turned off for ${p.name}; write its reason under apis.${p.name}.x-reasons.${rule} (it still says TODO)`
          : `redocly.yaml: rule ${rule} is turned off${api.rules?.[rule] ? ` for ${p.name}` : ''} without a reason under x-reasons`,
      );
    const problems = byFile.get(resolve(p.effective)) ?? [];
    const entry = {
      errors: problems.filter((x) => x.severity === 'error').length,
      warnings: problems.filter((x) => x.severity === 'warn').length,
      problems,
      upstream: null,
      configProblems,
    };
    if (p.upstream) entry.upstream = classify(byFile.get(resolve(p.root)) ?? [], problems, p, reasons, root);
    results.set(p.name, entry);
  }
  return results;
}

const lineCounts = new Map();
/**
 * Where a finding is, for people: the file, its line where that helps (not in a one-line
 * minified JSON document, where every finding is on line 1), and always the JSON pointer.
 */
export function locationOf(f, absoluteFile) {
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
  const line = f.line && lineCounts.get(absoluteFile) > 1 ? `:${f.line}` : '';
  return `${f.file}${line}${f.pointer ? ` ${f.pointer}` : ''}`;
}

/** Says how each upstream finding is handled: fixed by which overlay action, accepted why, or not. */
function classify(findings, effectiveProblems, provider, reasons, root) {
  let actions = [];
  let doc = loadYamlSource(provider.root).data;
  for (const ov of provider.overlays) {
    const r = checkOverlay(ov, doc, { provider: provider.name, root });
    actions = actions.concat(r.actions.map((a) => ({ ...a, file: r.file })));
    doc = r.document;
  }
  const stillThere = (f) => effectiveProblems.some((e) => e.rule === f.rule && e.pointer === f.pointer);
  const related = (a, pointer) => a.paths.some((p) => pointer.startsWith(p) || p.startsWith(pointer));
  return findings.map((f) => {
    if (reasons[f.rule]) return { ...f, handled: 'accepted', reason: reasons[f.rule] };
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

/** `redocly lint --format=json` over several APIs prints one JSON report per API, back to back. */
export function parseJsonStream(text) {
  const reports = [];
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
