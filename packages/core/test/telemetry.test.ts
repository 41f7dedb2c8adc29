// Telemetry against a real server on 127.0.0.1, on both transports: the spans exported by the
// OpenTelemetry SDK's in-memory exporter (one per call, one per attempt, HTTP client semantic
// conventions), the retry and rate-limit events, the plain hook's events, and what is never
// recorded (a credential, a body, a query value). And: @capi/core loads no @opentelemetry module
// unless the application passes it.
import * as otel from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConfigError,
  createProviderClient,
  telemetry,
  type BaseClientOptions,
  type SpecFacts,
  type TelemetryEvent,
} from '../src/index.js';
import { nodeTransport, type NodeTransport } from '../src/node.js';
import { throughRequests } from './paths.js';
import { report, runChild } from './child.js';
import { faultServerPerSuite, faults, startFaultServer, type FaultServer } from './fault-server.js';

const API_KEY = 'sk_live_tel_8f3a2b1c9d7e6f5a';
const QUERY_KEY = 'qk_live_tel_1a2b3c4d5e6f7a8b';
const TOKEN = 'tok_live_tel_9c0d1e2f3a4b5c6d';
const BODY_MARK = 'body-marker-never-recorded';
const spec: SpecFacts = {
  servers: ['https://api.telemetry.test'],
  security: [{ key: [], bearer: [], query: [] }],
  securitySchemes: {
    key: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    bearer: { type: 'http', scheme: 'bearer' },
    query: { type: 'apiKey', in: 'query', name: 'api_key' },
  },
  operations: { 'PUT /customers/{mode}': ['200', '404'] },
  operationIds: { 'PUT /customers/{mode}': 'updateCustomer' },
};

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('telemetry-test');

let server: FaultServer;
let transport: NodeTransport | undefined;
let seq = 0;

type Loose = { PUT(path: string, init: object): Promise<{ data?: unknown; error?: { kind: string; status?: number } }> };
function client(events: TelemetryEvent[], options: BaseClientOptions = {}) {
  return createProviderClient(
    { name: 'tel', spec, optionNames: { key: 'apiKey', bearer: 'token', query: 'queryKey' } },
    {
      baseUrl: server.url,
      ...(transport ? { fetch: transport } : {}),
      retry: { baseDelay: 5, maxDelay: 10 },
      telemetry: telemetry({ otel, tracer, onEvent: (e) => events.push(e) }),
      ...options,
    },
    { key: API_KEY, bearer: TOKEN, query: QUERY_KEY },
  ) as unknown as Loose;
}

async function call(fault: string, options: BaseClientOptions = {}) {
  const events: TelemetryEvent[] = [];
  const mode = `${fault}~${++seq}`;
  const res = await client(events, options).PUT('/customers/{mode}', {
    params: { path: { mode } },
    body: { name: BODY_MARK },
  });
  const spans = exporter.getFinishedSpans();
  const callSpan = spans.find((s) => s.kind === otel.SpanKind.INTERNAL);
  const attempts = spans.filter((s) => s.kind === otel.SpanKind.CLIENT);
  return { res, events, spans, callSpan: callSpan as ReadableSpan, attempts, hits: server.count(mode) };
}

const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

const transports: [string, () => NodeTransport | undefined][] = [
  ['global fetch', () => undefined],
  ['node transport', () => nodeTransport({ connections: 4 })],
  ['node transport, Request way', () => throughRequests(nodeTransport({ connections: 4 }))],
];
describe.each(transports)('telemetry on %s', (_name, makeTransport) => {
  faultServerPerSuite(makeTransport, (s, t) => {
    server = s;
    transport = t;
  });
  afterEach(() => exporter.reset());

  it('a 503 then a 200: one call span, two attempt spans under it, a retry event', async () => {
    const { res, events, spans, callSpan, attempts, hits } = await call('flaky-503');
    expect(res.error).toBeUndefined();
    expect(hits).toBe(2);
    expect(spans).toHaveLength(3);
    expect(callSpan.name).toBe('tel PUT /customers/{mode}');
    expect(callSpan.attributes).toMatchObject({
      'capi.provider': 'tel',
      'capi.operation': 'PUT /customers/{mode}',
      'capi.operation_id': 'updateCustomer',
      'http.request.method': 'PUT',
      'url.template': '/customers/{mode}',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'http.response.status_code': 200,
      'capi.attempts': 2,
    });
    expect(callSpan.attributes['error.type']).toBeUndefined();
    expect(callSpan.status.code).toBe(otel.SpanStatusCode.UNSET);
    const [first, second] = attempts;
    for (const a of attempts) {
      expect(a.name).toBe('PUT /customers/{mode}');
      expect(a.attributes['capi.operation_id']).toBe('updateCustomer');
      expect(parentOf(a)).toBe(callSpan.spanContext().spanId);
      expect(a.spanContext().traceId).toBe(callSpan.spanContext().traceId);
    }
    expect(first!.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(first!.attributes['http.request.resend_count']).toBeUndefined();
    expect(first!.status.code).toBe(otel.SpanStatusCode.ERROR);
    expect(second!.attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
    expect(second!.attributes['error.type']).toBeUndefined();
    const retry = callSpan.events.find((e) => e.name === 'capi.retry');
    expect(retry?.attributes).toMatchObject({ 'capi.attempt': 1, 'error.type': '503' });
    expect(retry?.attributes?.['capi.retry.delay_ms']).toBeTypeOf('number');
    // the plain hook saw the same call
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response', 'end']);
    expect(events.at(-1)).toMatchObject({
      type: 'end',
      ok: true,
      status: 200,
      attempts: 2,
      provider: 'tel',
      operation: 'PUT /customers/{mode}',
    });
  });

  it('a 429 with Retry-After: a rate-limit event with the wait, then the retry', async () => {
    const { res, events, callSpan, attempts } = await call('429-seconds');
    expect(res.error).toBeUndefined();
    expect(attempts).toHaveLength(2);
    const limited = callSpan.events.find((e) => e.name === 'capi.rate_limited');
    expect(limited?.attributes).toMatchObject({ 'http.response.status_code': 429, 'capi.retry_after_s': 1, 'capi.attempt': 1 });
    expect(attempts[0]!.events.map((e) => e.name)).toEqual(['capi.rate_limited']);
    expect(attempts[0]!.attributes['error.type']).toBe('429');
    const retry = callSpan.events.find((e) => e.name === 'capi.retry');
    expect(retry?.attributes?.['capi.retry.delay_ms']).toBe(1000);
    expect(events.find((e) => e.type === 'rate_limited')).toMatchObject({ attempt: 1, status: 429, retryAfterSeconds: 1 });
  });

  it('a failed call: error.type and an error status on the call span and its last attempt', async () => {
    const { res, callSpan, attempts, events } = await call('status-503', { retry: false });
    expect(res.error?.status).toBe(503);
    expect(attempts).toHaveLength(1);
    expect(callSpan.attributes).toMatchObject({ 'error.type': '503', 'http.response.status_code': 503, 'capi.attempts': 1 });
    expect(callSpan.status.code).toBe(otel.SpanStatusCode.ERROR);
    expect(attempts[0]!.status.code).toBe(otel.SpanStatusCode.ERROR);
    expect(events.at(-1)).toMatchObject({ type: 'end', ok: false, errorType: '503' });
  });

  // The auth step rebuilds this request (an API key in the query): once a GC ran, the timeout's
  // abort used not to reach it on either transport (see the comment in call.ts, fetchOnce, and
  // test/abort-gc.test.ts, which forces the collection).
  it('a timeout, with throwOnError: the call span ends with error.type "timeout"', async () => {
    await expect(call('no-headers', { retry: false, timeoutMs: 100, throwOnError: true })).rejects.toBeInstanceOf(ApiError);
    const spans = exporter.getFinishedSpans();
    const callSpan = spans.find((s) => s.kind === otel.SpanKind.INTERNAL);
    expect(callSpan?.attributes['error.type']).toBe('timeout');
    expect(spans.find((s) => s.kind === otel.SpanKind.CLIENT)?.attributes['error.type']).toBe('timeout');
  });

  it('a call refused before sending: a call span with error.type "invalid_request" and no attempt', async () => {
    const events: TelemetryEvent[] = [];
    const res = await client(events).PUT('/customers/{mode}', { params: { path: { mode: '..' } }, body: {} });
    expect(res.error?.kind).toBe('invalid_request');
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.kind).toBe(otel.SpanKind.INTERNAL);
    expect(spans[0]!.attributes).toMatchObject({ 'error.type': 'invalid_request', 'capi.attempts': 0 });
    expect(events.map((e) => e.type)).toEqual(['end']);
  });

  it('records no credential, no body and no query value', async () => {
    const { spans, events } = await call('echo-401');
    const recorded = JSON.stringify([
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      events,
    ]);
    for (const secret of [API_KEY, QUERY_KEY, TOKEN, BODY_MARK]) expect(recorded).not.toContain(secret);
    expect(recorded).not.toMatch(/http\.(request|response)\.header/);
    const urls = spans.map((s) => s.attributes['url.full']).filter(Boolean);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/\?api_key=REDACTED$/);
    // the server did get the credentials: the test is not vacuous
    const hit = server.hits.at(-1)!;
    expect(hit.headers['x-api-key']).toBe(API_KEY);
    expect(hit.raw).toContain(QUERY_KEY);
  });
});

describe('telemetry: what a span never holds, whatever the URL carries', () => {
  let api: FaultServer;
  beforeAll(async () => {
    api = await startFaultServer(faults(() => ({})));
  });
  afterAll(() => api.close());
  afterEach(() => exporter.reset());

  it('user info in the base URL is refused when the client is made, not quoted', () => {
    const make = () =>
      createProviderClient(
        { name: 'tel', spec },
        { baseUrl: api.url.replace('//', `//user:${TOKEN}@`), telemetry: telemetry({ otel, tracer }) },
        { key: API_KEY, bearer: TOKEN, query: QUERY_KEY },
      );
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/must not contain user info/);
    expect(
      String(
        (() => {
          try {
            make();
          } catch (e) {
            return (e as Error).message;
          }
        })(),
      ),
    ).not.toContain(TOKEN);
  });

  it.each([
    ['a query in the base URL', (u: string) => `${u}/?sig=${TOKEN}`, {}, 'ok'],
    ['a query of the caller with a credential as a value', (u: string) => u, { access_token: TOKEN, page: '2' }, 'ok'],
    ['a query of the caller with a credential as a name', (u: string) => u, { [TOKEN]: '' }, 'ok'],
    ['a credential as a path parameter', (u: string) => u, {}, `ok-${API_KEY}`],
  ] as const)('%s: not in any span or event', async (_what, base, query, mode) => {
    const events: TelemetryEvent[] = [];
    const c = createProviderClient(
      { name: 'tel', spec, optionNames: { key: 'apiKey', bearer: 'token', query: 'queryKey' } },
      { baseUrl: base(api.url), retry: false, telemetry: telemetry({ otel, tracer, onEvent: (e) => events.push(e) }) },
      { key: API_KEY, bearer: TOKEN, query: QUERY_KEY },
    ) as unknown as { PUT(path: string, init: object): Promise<unknown> };
    await c.PUT('/customers/{mode}', { params: { path: { mode: `${mode}~${++seq}` }, query }, body: { name: BODY_MARK } });
    const spans = exporter.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(0);
    const recorded = JSON.stringify([spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })), events]);
    for (const secret of [API_KEY, QUERY_KEY, TOKEN, BODY_MARK]) expect(recorded).not.toContain(secret);
  });
});

describe('telemetry option', () => {
  it('a throwing hook does not change the call', async () => {
    server = await startFaultServer(faults(() => ({})));
    try {
      const c = createProviderClient(
        { name: 'tel', spec: { servers: [server.url], security: [], securitySchemes: {} } },
        {
          telemetry: telemetry({
            onEvent: () => {
              throw new Error('observer bug');
            },
          }),
        },
        {},
      ) as unknown as Loose;
      const res = await c.PUT('/customers/{mode}', { params: { path: { mode: 'flaky-503~hook' } } });
      expect(res.error).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('anything but what telemetry() returns is a ConfigError naming the option', () => {
    expect(() =>
      createProviderClient({ name: 'tel', spec }, { telemetry: { tracer } as never }, { key: 'k', bearer: 't', query: 'q' }),
    ).toThrow(ConfigError);
    expect(() => telemetry({ tracer: tracer as never })).toThrow(/needs `otel`/);
  });

  it('@capi/core loads no @opentelemetry module unless the application does', async () => {
    const plain = report<{ resolved: string[] }>(await runChild('module-graph.ts', ['plain']));
    expect(plain.resolved.some((u) => u.includes('/src/telemetry.ts'))).toBe(true);
    expect(plain.resolved.filter((u) => u.includes('@opentelemetry'))).toEqual([]);
    // the control: an application's own import is seen
    const withOtel = report<{ resolved: string[] }>(await runChild('module-graph.ts', ['with-otel']));
    expect(withOtel.resolved.some((u) => u.includes('@opentelemetry/api'))).toBe(true);
  }, 120_000); // two fresh Node processes: seconds on a loaded machine
});
