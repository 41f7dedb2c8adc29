// capi/required-not-allowed: given a spec fragment, want these findings and these actions
// (moved from apps/conformance lint-rules.test.mjs and scripts/test/lint/defect-kinds.test.mjs).
import { expect } from 'vitest';
import { getBase, type LintCase, lintTable } from './testing.ts';

const cases: LintCase[] = [
  {
    name: 'a closed schema that requires a property it does not list (britbox.co.uk)',
    given: (d) =>
      (d.components.schemas.Pin = {
        type: 'object',
        additionalProperties: false,
        properties: { pinValid: { type: 'string' }, trackingHeader: { type: 'string' } },
        required: ['validationStatus', 'trackingHeader'],
      }),
    findings: ['#/components/schemas/Pin/required'],
    actions: [
      { target: '$.components.schemas.Pin.required', remove: true },
      { target: '$.components.schemas.Pin', update: { required: ['trackingHeader'] } },
    ],
    fixed: (d) => expect(d.components.schemas.Pin.required).toEqual(['trackingHeader']),
  },
  {
    name: 'a closed schema whose required names only what it lists: no finding',
    given: (d) =>
      (d.components.schemas.Pin = {
        type: 'object',
        additionalProperties: false,
        properties: { pinValid: { type: 'string' } },
        required: ['pinValid'],
      }),
    findings: [],
  },
];

lintTable('capi/required-not-allowed', cases, getBase);
