// Client options checked when the client is created: an unknown key (a misspelled `baseURL`
// would otherwise be ignored, and the call go to the production host with the credentials) and a
// client-level header that cannot be sent are ConfigErrors naming the option or header and never
// its value; nothing is sent.
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../src/testing.js';
import { baseOptionNames, checkClientOptions, ConfigError, createProviderClient, type SpecFacts } from '../src/index.js';

const spec: SpecFacts = {
  servers: ['https://api.production.example'],
  security: [{ token: [] }],
  securitySchemes: { token: { type: 'http', scheme: 'bearer' } },
};
const def = { name: 'demo', spec, optionNames: { token: 'token' }, options: ['token'] };
const SECRET = 'sekrit-value-never-printed';

function failure(options: Record<string, unknown>): ConfigError {
  const fetch = recordingFetch();
  let err: unknown;
  try {
    createProviderClient(def, { fetch, ...options } as never, { token: 'tok' });
  } catch (e) {
    err = e;
  }
  expect(fetch.requests).toHaveLength(0);
  expect(err).toBeInstanceOf(ConfigError);
  const e = err as ConfigError;
  expect(JSON.stringify({ message: e.message, stack: e.stack, option: e.option })).not.toContain(SECRET);
  return e;
}

describe('unknown client options', () => {
  it.each([
    ['baseURL', `http://127.0.0.1:4010/${SECRET}`, 'baseUrl'],
    ['timeoutMS', 1_000, 'timeoutMs'],
    ['retries', 3, 'retry'],
    ['throwOnErrors', true, 'throwOnError'],
    ['maxResponseSize', 1, 'maxResponseBytes'],
    ['tokne', SECRET, 'token'],
    ['Headers', { 'x-a': SECRET }, 'headers'],
  ])('%s is a ConfigError naming it and the closest known option, never its value', (key, value, near) => {
    const e = failure({ [key]: value });
    expect(e.option).toBe(key);
    expect(e.message).toContain(`demo: unknown option "${key}" (did you mean "${near}"?)`);
    expect(e.message).toContain(`the options are ${[...baseOptionNames, 'token'].join(', ')}`);
    expect(e.message).not.toContain(String(value));
  });

  it('names an option nothing is close to without a guess, and escapes its name', () => {
    const e = failure({ 'zz\r\nqq': SECRET });
    expect(e.message).toMatch(/^demo: unknown option "zz\\r\\nqq": the options are baseUrl, /);
    expect(e.message).not.toMatch(/[\r\n]/);
  });

  it('accepts every base option and the provider’s own, also when undefined', () => {
    const options = Object.fromEntries(baseOptionNames.map((k) => [k, undefined]));
    expect(() => createProviderClient(def, { ...options, fetch: recordingFetch(), timeoutMs: 5 }, { token: 'tok' })).not.toThrow();
    expect(() => checkClientOptions(def, { token: 'x', baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
  });

  it('refuses a provider’s option when the provider does not declare it (options default to the base ones)', () => {
    expect(() => checkClientOptions({ name: 'demo' }, { token: 'x' })).toThrow(/unknown option "token"/);
  });

  it.each([
    ['maxAttempt', 'maxAttempts'],
    ['MaxDelay', 'maxDelay'],
    ['retryNonIdempotant', 'retryNonIdempotent'],
  ])('a misspelled retry field %s is a ConfigError naming it and %s, on the client and per call', async (field, near) => {
    const e = failure({ retry: { [field]: 1 } });
    expect(e.option).toBe(`retry.${field}`);
    expect(e.message).toContain(`demo: unknown retry field "${field}" (did you mean "${near}"?): the fields are maxAttempts, `);
    const client = createProviderClient<Record<string, any>>(def, { fetch: recordingFetch() }, { token: 'tok' });
    // per call: thrown or returned as the call's error, either way naming the field
    const outcome = await client.request('get', '/x', { retry: { [field]: 1 } }).then(
      (r) => r.error?.message,
      (err: Error) => err.message,
    );
    expect(outcome).toContain(`unknown retry field "${field}"`);
  });

  it('refuses options that are not an object', () => {
    for (const bad of [null, 'token', []]) expect(() => checkClientOptions(def, bad)).toThrow(ConfigError);
  });
});

describe('client-level headers', () => {
  it.each([
    ['a CR LF', `a\r\nX-Injected: ${SECRET}`],
    ['a LF', `${SECRET}\nb`],
    ['a CR', `${SECRET}\r`],
    ['a NUL', `${SECRET}\u0000`],
    ['a character beyond Latin-1', `${SECRET}\u2028`],
  ])('a value with %s is a ConfigError at construction naming the header, not the value', (_n, value) => {
    const e = failure({ headers: { 'User-Agent': 'ok/1', 'X-Trace': value } });
    expect(e.option).toBe('headers.X-Trace');
    expect(e.message).toMatch(/^demo: headers: the value of header "X-Trace" contains /);
  });

  it('a name that is not an HTTP field name is a ConfigError', () => {
    const e = failure({ headers: { 'X-A\r\nB': SECRET } });
    expect(e.option).toBe('headers');
    expect(e.message).toContain('"X-A\\r\\nB" is not an HTTP header name');
  });

  it('a value that is not a string, or headers that are not an object, is a ConfigError', () => {
    expect(failure({ headers: { 'X-N': { a: SECRET } } }).message).toContain('the value of header "X-N" is not a string');
    expect(failure({ headers: new Headers({ a: SECRET }) }).option).toBe('headers');
  });

  it('sends valid headers (a tab inside a value included) with every request', async () => {
    const fetch = recordingFetch();
    const client = createProviderClient<Record<string, any>>(
      { ...def, spec: { ...spec, operations: { 'GET /x': ['200'] } } },
      { fetch, headers: { 'User-Agent': 'demo/1 (test)', 'X-Tab': 'a\tb' } },
      { token: 'tok' },
    );
    await client.request('get', '/x');
    expect(fetch.requests[0]?.headers).toMatchObject({ 'user-agent': 'demo/1 (test)', 'x-tab': 'a\tb' });
  });
});
