#!/usr/bin/env node
// `npm run lint:specs [-- provider ...]`: only the lint stage of the conformance job (build the
// effective specs, then lint them with Redocly, strictly, and check that every upstream finding
// is fixed by an overlay action or accepted with a reason). The same checks and the same pass
// criteria as `npm run conformance`, without the contract tests: a fast gate for CI and editors.
//
// On failure it says, rule by rule, what would fix each finding; with --suggest it writes those
// overlay actions to specs/<provider>/overlay.suggested.yaml and prints the redocly.yaml lines
// that accept the rest (scripts/lib/lint/lint-hints.ts).
//
//   node src/lint-cli.ts [--root DIR] [--suggest | --fix [--accept-all] [--accept-pagination]] [provider ...]
//
// --fix first writes the actions waiting in specs/<provider>/overlay.suggested.yaml (left there by
// provider:add when generation stopped, or by conformance for spec defects) into the overlay,
// then lint's own overlay actions, and the rules to accept into redocly.yaml
// (with a TODO reason lint refuses until a person writes it; --accept-all records
// "accepted on import without review" instead), then lints again and shows what is left.
// --accept-pagination (with --fix): also writes the pagination hint's x-capi-pagination actions,
// unreviewed (scripts/lib/lint/pagination-fix.ts; the corpus run uses it).
import { relative } from 'node:path';
import { UserError } from '@capi/scripts/lib/shared/errors.ts';
import type { Provider } from '@capi/scripts/lib/registry/registry.ts';
import { providerCommand } from '@capi/scripts/lib/registry/per-provider.ts';
import type { LintResult } from '@capi/scripts/lib/lint/lint.ts';
import { acceptYaml, adviceTable, suggestForProvider } from '@capi/scripts/lib/lint/lint-hints.ts';
import { applyPendingSuggestions, buildAndLint, fixProviders } from '@capi/scripts/lib/lint/lint-fix.ts';
import { paginationHintReport } from '@capi/scripts/lib/lint/pagination-hint.ts';
import { applyPaginationHints } from '@capi/scripts/lib/lint/pagination-fix.ts';

/** Problem lines shown per provider; the rest are counted (the table below them covers all). */
const SHOWN = 10;

const USAGE = 'usage: npm run lint:specs -- [--root DIR] [--suggest | --fix [--accept-all] [--accept-pagination]] [provider ... | .]';

providerCommand({ usage: USAGE, flags: ['suggest', 'fix', 'accept-all', 'accept-pagination'] }, async ({ root, flags, providers }) => {
  if (flags['accept-all'] && !flags.fix)
    throw new UserError('--accept-all goes with --fix (it says how --fix accepts the rules no overlay action fixes)');
  if (flags['accept-pagination'] && !flags.fix)
    throw new UserError("--accept-pagination goes with --fix (it writes the pagination hint's actions into the overlay)");
  // what provider:add or conformance suggested earlier goes in first: lint then sees its result
  if (flags.fix) applyPendingSuggestions(providers, root, console.log, { acceptAll: flags['accept-all'] });
  let run = await buildAndLint(providers, root);
  if (flags.fix) run = await fixProviders(providers, root, run, { acceptAll: flags['accept-all'] });
  // the pagination hint reads the effective spec the fixes built; what it writes is built and linted again
  if (flags['accept-pagination'] && [...applyPaginationHints(providers, root).values()].some(Boolean))
    run = await buildAndLint(providers, root);
  const { failures, lint } = run;
  for (const p of providers) {
    const l = lint.get(p.name);
    const problems = failures.get(p.name) ?? [];
    const counts = l
      ? `${l.errors} error(s), ${l.warnings} warning(s)${l.upstream ? `, upstream ${l.upstream.length} finding(s) handled ${l.upstream.filter((f) => f.handled !== 'unhandled').length}` : ''}`
      : 'not linted: its effective spec did not build (below)';
    console.log(`${p.name}: ${problems.length ? 'FAILED' : 'ok'}  ${counts}  (${relative(root, p.effective)})`);
    for (const m of problems.slice(0, SHOWN)) console.log(`  ${m}`);
    if (problems.length > SHOWN) console.log(`  ... and ${problems.length - SHOWN} more`);
    if (l) advise(p, l, root, flags.suggest);
    for (const line of paginationHintReport(p.effective, p.name)) console.log(line);
  }
  console.log(
    failures.size
      ? `lint FAILED: ${providers.length - failures.size} of ${providers.length} provider(s) passed`
      : `lint ok: ${providers.length} provider(s)`,
  );
  return failures.size ? 1 : 0;
});

function advise(p: Provider, l: LintResult, root: string, write: boolean | undefined): void {
  const { suggestion, findings, file, overlay } = suggestForProvider(p, l, root, { write });
  if (!findings.length) return;
  console.log(`  what would fix it, rule by rule:`);
  for (const line of adviceTable(suggestion)) console.log(`    ${line}`);
  const authored = p.upstream ? '' : ` (${p.name} is authored: make them in ${relative(root, p.root)} itself)`;
  if (!write) {
    console.log(
      `  npm run lint:specs -- --fix ${p.name}: writes these corrections into the overlay and redocly.yaml (--accept-all: accepts the rest as "accepted on import"); --suggest only writes them to specs/${p.name}/overlay.suggested.yaml${authored}`,
    );
    return;
  }
  if (file)
    console.log(
      `  wrote ${relative(root, file)}: ${suggestion.actions.length} overlay action(s); copy them under \`actions:\` in ${overlay}${authored}`,
    );
  if (suggestion.accept.length) {
    console.log(
      `  to accept the other rules, merge into redocly.yaml (and write each reason):\n${acceptYaml(p.name, suggestion.accept).replace(/^/gm, '    ')}`,
    );
  }
}
