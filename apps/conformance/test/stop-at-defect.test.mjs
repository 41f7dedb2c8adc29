// A body property stops at a spec defect (contract-suite.ts, stopAtDefect): the spec's own
// response is invalid whatever the body, so the samples after the first that shows it, and the
// smaller bodies fast-check would shrink it to, are not sent (each was one more request to Prism
// for the same answer); the property fails with the defect. Any other failure is shrunk as before.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpecDefect } from '../src/judge/defects.ts';
import { stopAtDefect } from './contract-suite.ts';

const bodies = fc.record({ name: fc.string({ minLength: 1 }), size: fc.integer() }, { noNullPrototype: true });

describe('a body property', () => {
  it('stops at the first spec defect and fails with it', async () => {
    let sent = 0;
    const samples = stopAtDefect(async () => {
      sent += 1;
      throw new SpecDefect(
        "Prism cannot answer a valid 400 from spec.yaml: the spec's own response is invalid there (a spec defect, not a client one)",
      );
    });
    await fc.assert(fc.asyncProperty(bodies, samples.predicate), { numRuns: 50, seed: 1 });
    expect(sent).toBe(1);
    expect(() => samples.rethrow()).toThrow(SpecDefect);
    expect(() => samples.rethrow()).toThrow(/a spec defect, not a client one/);
  });

  it('without a defect sends every sample, and shrinks any other failure to its smallest counterexample', async () => {
    let sent = 0;
    const passing = stopAtDefect(async () => {
      sent += 1;
    });
    await fc.assert(fc.asyncProperty(bodies, passing.predicate), { numRuns: 50, seed: 1 });
    expect(sent).toBe(50);
    expect(() => passing.rethrow()).not.toThrow();

    const failing = stopAtDefect(async (body) => {
      if (body.size > 10) throw new Error(`refused ${body.size}`);
    });
    await expect(fc.assert(fc.asyncProperty(bodies, failing.predicate), { numRuns: 200, seed: 1 })).rejects.toThrow(
      /Counterexample: \[\{"name":" ","size":11\}\]/,
    );
  });
});
