// capi/pattern-syntax: given a spec fragment, want these findings (moved from apps/conformance lint-rules.test.mjs).
import { describe, expect, it } from 'vitest';
import { suggestFixes } from '../lint/lint-hints.ts';
import { finding, type LintCase, lintTable, putBase } from './testing.ts';

// amazonaws.com/iot-jobs-data: a converter's mangling of `[^\p{C}]+`. Without the u flag (our
// validators) it reads "anything ending in +"; with it (Prism's validator) it does not compile, so
// Prism checks nothing and its mocks answer values our validators refuse
const MANGLED = String.raw`[^\p\{C\}]*\+`;

const cases: LintCase[] = [
  {
    // an identity escape JavaScript forgives without the u flag, and validators do not (anchore.io)
    name: 'an identity escape (`\\:`)',
    given: (d) => (d.components.schemas.Thing.properties.name.pattern = '^\\d{2}(?:\\:\\d+)?$'),
    findings: ['#/components/schemas/Thing/properties/name/pattern'],
    actions: [{ target: '$.components.schemas.Thing.properties.name', update: { pattern: '^\\d{2}(?::\\d+)?$' } }],
  },
  {
    // no rewrite keeps a meaning both readings share: the keyword is removed, not accepted
    name: 'a pattern no rewrite makes compile (`\\p\\{C\\}`): removed',
    given: (d) => (d.components.schemas.Thing.properties.name.pattern = MANGLED),
    findings: ['#/components/schemas/Thing/properties/name/pattern'],
    actions: [{ target: '$.components.schemas.Thing.properties.name.pattern', remove: true }],
    fixed: (d) => expect(d.components.schemas.Thing.properties.name).toEqual({ type: 'string' }),
  },
];

lintTable('capi/pattern-syntax', cases);

describe('capi/pattern-syntax removal', () => {
  it('says why and quotes the pattern through the terminal guard', () => {
    const doc = putBase();
    const pattern = `${MANGLED}\u001b[2J`;
    doc.components.schemas.Thing.properties.name.pattern = pattern;
    const s = suggestFixes([finding('capi/pattern-syntax', '#/components/schemas/Thing/properties/name/pattern')], { doc, provider: 't' });
    expect(s.accept).toEqual([]);
    const [action] = s.actions;
    expect(action?.remove).toBe(true);
    expect(action?.description).toContain(String.raw`[^\p\{C\}]*\+\u001b[2J`);
    expect(action?.description).not.toContain('\u001b');
    expect(action?.description).toMatch(/does not compile with the u flag/);
  });
});
