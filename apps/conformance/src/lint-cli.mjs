#!/usr/bin/env node
// `npm run lint:specs [-- provider ...]`: only the lint stage of the conformance job (build the
// effective specs, then lint them with Redocly, strictly, and check that every upstream finding
// is fixed by an overlay action or accepted with a reason). The same checks and the same pass
// criteria as `npm run conformance`, without the contract tests: a fast gate for CI and editors.
//
//   node src/lint-cli.mjs [--root DIR] [provider ...]
import { relative } from 'node:path';
import { runMain, UserError } from '../../../scripts/lib/errors.mjs';
import { parseProviderArgs } from '../../../scripts/lib/registry.mjs';
import { buildSpec } from '../../../scripts/build-specs.mjs';
import { lintProviders } from './lint.mjs';

runMain(async () => {
  const { root, providers } = parseProviderArgs(process.argv.slice(2));
  const failures = new Map();
  const fail = (name, message) => failures.set(name, [...(failures.get(name) ?? []), message]);
  const ready = [];
  for (const p of providers) {
    try {
      buildSpec(p, root);
      ready.push(p);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fail(p.name, err.format());
    }
  }
  const lint = ready.length ? lintProviders(ready, root) : new Map();
  for (const [name, l] of lint) {
    for (const pr of l.problems.filter((x) => x.severity === 'error')) fail(name, `${pr.file}:${pr.line} ${pr.message} (${pr.rule})`);
    for (const f of (l.upstream ?? []).filter((x) => x.handled === 'unhandled')) {
      fail(name, `upstream defect not handled: ${f.file}:${f.line} ${f.message} (${f.rule}): ${f.reason}`);
    }
    for (const c of l.configProblems) fail(name, c);
  }
  for (const p of providers) {
    const l = lint.get(p.name);
    const problems = failures.get(p.name) ?? [];
    const counts = l
      ? `${l.errors} error(s), ${l.warnings} warning(s)${l.upstream ? `, upstream ${l.upstream.length} finding(s) handled ${l.upstream.filter((f) => f.handled !== 'unhandled').length}` : ''}`
      : 'not linted';
    console.log(`${p.name}: ${problems.length ? 'FAILED' : 'ok'}  ${counts}  (${relative(root, p.effective)})`);
    for (const m of problems) console.log(`  ${m}`);
  }
  console.log(failures.size ? `lint FAILED: ${providers.length - failures.size} of ${providers.length} provider(s) passed` : `lint ok: ${providers.length} provider(s)`);
  return failures.size ? 1 : 0;
});
