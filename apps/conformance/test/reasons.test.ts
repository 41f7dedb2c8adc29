// A limitation's reason goes into the shared report without the machine it was made on
// (src/judge/reasons.ts): no stack frames, no local absolute paths; and it is applied where the
// reasons are made (a mock limitation of src/judge/defects.ts, a case skipped through
// test/suite/mock-routes.ts). test/unmockable-error.test.mjs checks the same on Prism's real
// TypeError, in the `unchecked` of its negative cases.
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tidyReason } from '../src/judge/reasons.ts';
import { assertRequestChecked } from '../src/judge/defects.ts';
import { MockLimitation } from '../src/prism.ts';
import { skipAsMock } from './suite/mock-routes.ts';
import type { Ctx } from './suite/types.ts';

const checkout = resolve(import.meta.dirname, '../../..');
// Prism's UNKNOWN problem title for json-schema-faker's TypeError, as it comes (the paths this machine's)
const prismTitle = [
  "TypeError: Cannot read properties of undefined (reading 'items')",
  `    at shouldClean (${join(checkout, 'node_modules/json-schema-faker/dist/main.cjs')}:1037:28)`,
  `    at file://${join(checkout, 'node_modules/@stoplight/prism-http/dist/mocker/index.js')}:12:3`,
  '    at Array.forEach (<anonymous>)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
].join('\n');

describe('tidyReason', () => {
  it("drops a stack's frames, keeping the error's own line", () => {
    expect(tidyReason(`prism UNKNOWN: ${prismTitle}; its dynamic mock too`)).toBe(
      "prism UNKNOWN: TypeError: Cannot read properties of undefined (reading 'items'); its dynamic mock too",
    );
  });

  it('drops a frame written on one line that names an absolute file, and keeps one that names a package file', () => {
    expect(tidyReason(`Error: boom at shouldClean (${join(checkout, 'node_modules/x/y.js')}:1:2); later`)).toBe('Error: boom; later');
    expect(tidyReason('Error: boom at parse (@stoplight/prism-http/dist/a.js:3:4)')).toBe(
      'Error: boom at parse (@stoplight/prism-http/dist/a.js:3:4)',
    );
  });

  it('makes local paths relative: node_modules from the package on, the checkout, the temporary and the home directory', () => {
    expect(tidyReason(`cannot read ${join(checkout, 'node_modules/json-schema-faker/dist/main.cjs')}`)).toBe(
      'cannot read json-schema-faker/dist/main.cjs',
    );
    expect(tidyReason(`no schema in ${join(checkout, 'specs/stripe.com/effective.yaml')}`)).toBe(
      'no schema in specs/stripe.com/effective.yaml',
    );
    expect(tidyReason(`no schema in file://${join(checkout, 'specs/a.yaml')}`)).toBe('no schema in specs/a.yaml');
    expect(tidyReason(`wrote ${join(tmpdir(), 'capi-x', 'spec.yaml')}`)).toBe('wrote <tmp>/capi-x/spec.yaml');
    expect(tidyReason(`read ${join(homedir(), '.npmrc-not-here')}`)).not.toContain(homedir());
  });

  it("leaves an API's paths and the rest of the text as they are", () => {
    expect(tidyReason('the schema at (/v1/things) has no valid value')).toBe('the schema at (/v1/things) has no valid value');
    const text =
      'Prism never answered POST /v1/things/{id}: an exception escaped it (TypeError: x at fn (@stoplight/prism-http/dist/a.js:1:2)) in /2010-04-01/Accounts.json';
    expect(tidyReason(text)).toBe(text);
  });
});

describe('where the reasons are made', () => {
  const context = () => {
    const skipped: string[] = [];
    const ctx = {
      task: { meta: { contract: { provider: 'p', kind: 'negative' } } },
      skip: (reason: string) => {
        skipped.push(reason);
        throw new MockLimitation(reason);
      },
    } as unknown as Ctx;
    return { ctx, skipped };
  };

  it('a case skipped as the mock limit (skipAsMock) records the reason tidied', () => {
    const { ctx, skipped } = context();
    expect(() => skipAsMock(ctx, `its dynamic mock too (Prefer: dynamic=true, seed=1): prism UNKNOWN: ${prismTitle}`)).toThrow(
      MockLimitation,
    );
    const want =
      "its dynamic mock too (Prefer: dynamic=true, seed=1): prism UNKNOWN: TypeError: Cannot read properties of undefined (reading 'items')";
    expect(ctx.task.meta.contract).toMatchObject({ limitation: 'mock', reason: want });
    expect(skipped).toEqual([want]);
  });

  it('a mock limitation of the judge (src/judge/defects.ts) records and throws the reason tidied', () => {
    const meta: Record<string, unknown> = {};
    let thrown: unknown;
    try {
      assertRequestChecked(`can't compile: ${prismTitle}`, { answered: 200, where: 'application/json body of POST /things', meta });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MockLimitation);
    expect(String(meta.reason)).toMatch(
      /\(Ajv: can't compile: TypeError: Cannot read properties of undefined \(reading 'items'\); Prism 5\.16/,
    );
    for (const text of [String(meta.reason), (thrown as Error).message]) {
      expect(text).not.toContain(checkout);
      expect(text).not.toMatch(/\n|node_modules| at /);
    }
  });
});
