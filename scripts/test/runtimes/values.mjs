// The runtime suite's test credentials, shared by the suite (in each runtime) and its server:
// values of their own, never a real secret. Runtime-neutral: no Node API here.
/** The OAuth2 client the suite's token endpoint accepts (client credentials, HTTP Basic). */
export const SUITE_CLIENT = { id: 'suite-client', secret: 'suite-client-secret' };
/** The secret the suite's webhook deliveries are signed with. */
export const SUITE_WEBHOOK_SECRET = 'whsec_runtime_suite';
