// A contract failure says what was wrong in its first line, which is what the summary and
// report/conformance.json keep (failureLine): the violations themselves, not `[ Array(1) ]`.
import { describe, expect, it } from 'vitest';
import { describeViolations } from '../src/judge/violations.ts';
import { prismViolations } from '../src/prism.ts';
import { failureLine } from '../src/report/report.ts';

describe('violations in failure messages', () => {
  it('puts every violation Prism reported into the first line of the failure', () => {
    const header = JSON.stringify([
      { location: ['request', 'body', 'name'], severity: 'Error', code: 'type', message: 'Request body property name must be string' },
      {
        location: ['request', 'query', 'limit'],
        severity: 'Error',
        code: 'maximum',
        message: 'Request query parameter limit must be <= 100',
      },
    ]);
    const violations = prismViolations(new Response('{}', { status: 400, headers: { 'sl-violations': header } }), {});
    let message;
    try {
      expect(violations, `Prism found the client request invalid: ${describeViolations(violations)}`).toEqual([]);
    } catch (err) {
      message = `AssertionError: ${err.message}`;
    }
    const line = failureLine(message);
    expect(line).toMatch(
      /Prism found the client request invalid: request body\.name: Request body property name must be string; request query\.limit: Request query parameter limit must be <= 100/,
    );
    expect(line).not.toMatch(/Array\(/);
  });

  it('lists JSON Schema errors as instance path and message', () => {
    expect(describeViolations(['/data/id must be string', "/ must have required property 'name'"])).toBe(
      "/data/id must be string; / must have required property 'name'",
    );
  });
});
