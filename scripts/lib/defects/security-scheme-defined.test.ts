// capi/security-scheme-defined: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  { name: 'a requirement names a scheme that is not defined', given: (d) => d.security.push({ basicAuth: [] }), findings: 'some' },
  { name: 'every requirement names a defined scheme', given: () => {}, findings: [] },
];

lintTable('capi/security-scheme-defined', cases);
