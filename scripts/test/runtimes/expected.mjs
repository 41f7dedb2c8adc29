// What the runtime suite (suite.mjs) returns in every runtime, its runtime name aside.
/** What every runtime must return (the runtime name aside). */
export const expected = {
  success: { id: 'ok', name: 'Ada', error: null },
  documented: { kind: 'not_found', status: 404, documented: true },
  retry: { id: 'flaky', attempt: 2, error: null },
  timeout: { kind: 'timeout', timeout: 'attempt' },
  oauth2: { separate: true, concurrent: true, wrongSecret: { kind: 'auth', named: true, leaks: false } },
  pagination: { cursor: [1, 2, 3, 4, 5], pages: 3, link: [1, 2, 3, 4, 5], maxItems: [1, 2, 3] },
  webhook: { name: 'customer.updated', payloadId: 'ok', tampered: 'signature', replayed: 'replayed' },
};

/**
 * Token requests the suite makes: one per client of the five separate ones, one for the five
 * concurrent calls of a shared client, one refused (wrong secret), one for the paging client.
 */
export const TOKEN_REQUESTS = 5 + 1 + 1 + 1;
