// The runtime suite's test credentials, shared by the suite (in each runtime) and its server:
// values of their own, never a real secret. Runtime-neutral: no Node API here.
/** The OAuth2 client the suite's token endpoint accepts (client credentials, HTTP Basic). */
export const SUITE_CLIENT = { id: 'suite-client', secret: 'suite-client-secret' };
/** The secret the suite's webhook deliveries are signed with. */
export const SUITE_WEBHOOK_SECRET = 'whsec_runtime_suite';

/**
 * The Node versions the runtime suite runs on: the engines floor (undici's, the Node transport's),
 * the latest 22, 24 (the tooling's own, the fast tier) and 26. The published packages' `engines`
 * say exactly these majors (scripts/test/repo/engines.test.mjs).
 */
export const TESTED_NODE = ['22.19.0', '22', '24', '26'];
/** `engines.node` of every published package: the majors of TESTED_NODE from the floor, no other. */
export const ENGINES_NODE = '^22.19.0 || ^24.0.0 || ^26.0.0';
