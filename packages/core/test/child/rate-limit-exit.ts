// Child of rate-limit.test.ts: fills a client-side rate limit (1 request a minute), queues a call,
// aborts it, and reports; it must then exit on its own (no timer of the limiter left running).
// The transport answers in-process, so nothing else can keep the process alive.
const core = await import('../../src/index.js');

const spec = { servers: [], security: [], securitySchemes: {} };
type Loose = { request(method: string, path: string, init: object): Promise<{ data?: unknown; error?: unknown }> };
const limit = core.rateLimiter({ requests: 1, perMs: 60_000 });
const client = core.createProviderClient(
  { name: 'child', spec },
  { baseUrl: 'http://127.0.0.1:9', rateLimit: limit, fetch: async () => Response.json({ n: 1 }) },
  {},
) as unknown as Loose;
await client.request('get', '/things', {});
const ctl = new AbortController();
const queued = client.request('get', '/things', { signal: ctl.signal });
await new Promise((resolve) => setImmediate(resolve));
ctl.abort(new Error('gave up'));
const aborted = await queued.then(
  () => false,
  (e: Error) => e.message === 'gave up',
);
console.log(JSON.stringify({ aborted, waiting: limit.bind('child').waiting }));
