// The summary's scenarios column (formatSummary): a provider without fake rules of its own says
// `no workflows` until generated workflows ran for it, then counts them like any provider's scenarios.
import { describe, expect, it } from 'vitest';
import { formatSummary, generatedWorkflowsLine } from '../src/report/report.ts';

const provider = (name: string, fake: boolean, scenarios: { result: string; failed?: string }[]) => ({
  name,
  operations: [],
  lint: null,
  property: { valid: 0, invalid: 0 },
  fake,
  scenarios,
  failures: [],
  result: 'passed',
});
const summary = (providers: object[]) =>
  formatSummary({ providers, ok: true, seed: 1, timingsMs: { total: 0, build: 0, lint: 0, contract: 0, scenarios: 0 } });

describe('the scenarios column', () => {
  it('says no workflows when no generated workflow ran (every provider has an inferred fake), and counts them when some did', () => {
    const out = summary([
      provider('updateonly', false, [{ result: 'skipped' }, { result: 'skipped' }]),
      provider('crud', false, [{ result: 'passed' }, { result: 'passed' }, { result: 'skipped' }]),
      provider('seeded', true, [{ result: 'passed' }, { result: 'skipped' }]),
    ]);
    expect(out).toMatch(/^updateonly .* no workflows +not checked +passed$/m);
    expect(out).toMatch(/^crud .* 2\/3 +not checked +passed$/m);
    expect(out).toMatch(/^seeded .* 1\/2 +not checked +passed$/m);
  });

  it('counts a generated workflow that did not pass (skipped with its reason) as run, not as absent', () => {
    const out = summary([
      provider('allfailed', false, [
        { result: 'skipped', failed: 'workflow a, step create (POST /a): answered 422, not 2xx' },
        { result: 'skipped', failed: 'workflow b, step list (GET /b): no list of items in the answer' },
      ]),
    ]);
    expect(out).toMatch(/^allfailed .* 0\/2 +not checked +passed$/m);
  });
});

describe("the scenarios task's line for a provider without scenarios of its own", () => {
  it('counts every generated workflow, a failed one (reported as skipped) as not passed, and the resources without one', () => {
    const tests = [
      { workflow: 'orders', result: 'passed' },
      { workflow: 'tasks', result: 'skipped', failed: 'workflow tasks, step create (POST /tasks): answered 422, not 2xx' },
      { workflow: 'lines', none: true, result: 'skipped' },
      { name: 'has a fake', none: true, result: 'skipped' },
    ];
    expect(generatedWorkflowsLine('c-shop', tests)).toBe(
      'no scenarios of its own (packages/c-shop/testing.ts declares no fake rules): 1/2 generated workflow(s) passed (1 did not: see the report); 1 resource(s) without one',
    );
    expect(generatedWorkflowsLine('c-shop', [{ workflow: 'orders', result: 'passed' }])).toBe(
      'no scenarios of its own (packages/c-shop/testing.ts declares no fake rules): 1/1 generated workflow(s) passed',
    );
  });
});
