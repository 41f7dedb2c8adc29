// What the runtime suite (suite.mjs) returns in every runtime, its runtime name aside.
/** What every runtime must return (the runtime name aside). */
export const expected = {
  success: { id: 'ok', name: 'Ada', error: null },
  documented: { kind: 'not_found', status: 404, documented: true },
  retry: { id: 'flaky', attempt: 2, error: null },
  timeout: { kind: 'timeout', timeout: 'attempt' },
};
