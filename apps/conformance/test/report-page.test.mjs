// The report page (report/index.html), rendered from a report built by buildReport() from small
// synthetic inputs: one provider with passed, failed and skipped statuses, lint findings of each
// kind, property counts and scenarios; one provider whose spec did not build. Checked as text
// (self-contained, escaped, matrix cells) and in headless Chromium (screenshot + DOM), which is
// skipped with a message when no browser is installed (.ci/run installs Debian's chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { buildReport, formatSummary, mergeReport, nothingToTest, testsOf } from '../src/report/report.ts';
import { renderReportHtml } from '../src/report/report-html.ts';
import { runCommand } from '@capi/scripts/testing/helpers.mjs';

const root = '/repo';
const op = { provider: 'alpha', operationId: 'updateThing', method: 'PUT', path: '/things/{id}' };
const test = (title, status, meta, extra = {}) => ({ title, fullName: `alpha ${title}`, status, duration: 12.4, meta, ...extra });
const contract = (kind, extra) => ({ contract: { ...op, kind, ...extra } });

function fixtureReport() {
  const vitestReport = {
    testResults: [
      {
        status: 'failed',
        assertionResults: [
          test('answers 200', 'passed', contract('status', { status: '200' })),
          test('answers 404', 'failed', contract('status', { status: '404' }), {
            failureMessages: ['AssertionError: expected 500 to be 404\n    at x'],
          }),
          test('answers default', 'skipped', contract('status', { status: 'default', reason: 'not a single status code' })),
          test(
            'no credentials',
            'passed',
            contract('negative', {
              constraint: 'credentials',
              case: 'no credentials',
              status: '401',
              proxy: true,
              unchecked: "the error body was not checked: Prism's mock cannot make it (prism SCHEMA_TOO_COMPLEX: Schema too complex)",
            }),
          ),
          test('rejects name: wrong type', 'passed', contract('negative', { constraint: 'type', case: 'name: wrong type', status: '400' })),
          test('valid bodies', 'passed', contract('property', { valid: 25, seed: 99 })),
          test('invalid bodies', 'passed', contract('property', { invalid: 25, seed: 99 })),
        ],
      },
    ],
  };
  const scenarioReport = {
    testResults: [
      {
        status: 'failed',
        assertionResults: [
          test('updates a seeded customer', 'passed', { scenario: { provider: 'alpha' } }),
          test(
            'gives the <conflict> response',
            'failed',
            { scenario: { provider: 'alpha' } },
            { failureMessages: ['Error: status 409 & "more"'] },
          ),
        ],
      },
    ],
  };
  const finding = (extra) => ({
    rule: 'struct',
    severity: 'warn',
    message: 'Property `nullable` is not expected here.',
    file: 'specs/alpha/upstream.yaml',
    pointer: '#/x',
    ...extra,
  });
  const lint = new Map([
    [
      'alpha',
      {
        errors: 1,
        warnings: 0,
        problems: [
          {
            rule: 'capi/no-oas30-keywords',
            severity: 'error',
            message: 'Bad <script>alert(1)</script> & "quotes"',
            file: 'specs/alpha/effective.yaml',
            line: 3,
          },
        ],
        upstream: [
          finding({
            line: 10,
            handled: 'overlay',
            action: { index: 2, file: 'specs/alpha/overlay.yaml', line: 20, description: 'Remove nullable.' },
          }),
          finding({
            line: 12,
            handled: 'overlay',
            action: { index: 2, file: 'specs/alpha/overlay.yaml', line: 20, description: 'Remove nullable.' },
          }),
          finding({ rule: 'info-license', line: 2, handled: 'accepted', reason: 'No license is published.' }),
          finding({ rule: 'operation-4xx-response', line: 30, handled: 'unhandled', reason: 'still present in the effective spec' }),
        ],
        configProblems: [],
      },
    ],
  ]);
  const failures = new Map([['beta', [{ stage: 'build', message: '[beta] specs/beta/authored.yaml:3:1: malformed YAML' }]]]);
  // what alpha's three tasks wrote (packages/alpha/reports/*.json); beta's build failed, so none
  const results = new Map([
    [
      'alpha',
      {
        lint: lint.get('alpha'),
        contract: testsOf(vitestReport, 'contract'),
        scenarios: { fake: true, ...testsOf(scenarioReport, 'scenario') },
      },
    ],
  ]);
  return buildReport({
    providers: [
      { name: 'alpha', effective: join(root, 'specs/alpha/effective.yaml') },
      { name: 'beta', effective: join(root, 'specs/beta/effective.yaml') },
    ],
    root,
    results,
    failures,
    seed: 99,
    runs: 25,
    timings: { build: 1200, lint: 800, contract: 5000, scenarios: 3000, total: 10000 },
  });
}

describe('report data', () => {
  it('fails a provider none of whose documented statuses could be exercised: every case skipped is no pass', () => {
    const skipped = (status) => ({
      name: `answers ${status}`,
      operationId: 'getAlerts',
      method: 'GET',
      path: '/alerts',
      kind: 'status',
      status,
      result: 'skipped',
      reason: "Prism's mock cannot answer 200 (a mock limitation): Route not resolved",
      limitation: 'mock',
    });
    const build = (tests) =>
      buildReport({
        providers: [{ name: 'gamma', effective: join(root, 'specs/gamma/effective.yaml') }],
        root,
        results: new Map([['gamma', { contract: { tests } }]]),
        failures: new Map(),
        seed: 1,
        runs: 5,
        timings: { build: 1, lint: 1, contract: 1, scenarios: 1, total: 4 },
      }).providers[0];
    const none = build([skipped('200'), skipped('400')]);
    expect(none.result).toBe('failed');
    expect(none.failures).toContainEqual({
      stage: 'contract',
      message: expect.stringMatching(/^none of its 2 documented statuses could be exercised .*Route not resolved/),
    });
    expect(build([skipped('400'), { ...skipped('200'), result: 'passed' }]).result).toBe('passed');
  });

  it('keeps a range or default as documented, with the code it was asked as, and says when the dynamic mock answered', () => {
    const status = (key, extra) => ({
      operationId: 'getAlert',
      method: 'GET',
      path: '/alerts/{id}',
      kind: 'status',
      status: key,
      ...extra,
    });
    const gamma = buildReport({
      providers: [{ name: 'gamma', effective: join(root, 'specs/gamma/effective.yaml') }],
      root,
      results: new Map([
        [
          'gamma',
          {
            contract: {
              tests: [
                status('200', { result: 'passed', dynamic: true }),
                status('5XX', { result: 'passed', code: 500 }),
                status('default', { result: 'passed', code: 400 }),
              ],
            },
          },
        ],
      ]),
      failures: new Map(),
      seed: 1,
      runs: 5,
      timings: { build: 1, lint: 1, contract: 1, scenarios: 1, total: 4 },
    });
    expect(gamma.providers[0].operations[0].responses).toEqual([
      { status: '200', result: 'passed', mock: 'dynamic' },
      { status: '5XX', result: 'passed', code: 500 },
      { status: 'default', result: 'passed', code: 400 },
    ]);
    const page = renderReportHtml(gamma);
    expect(page).toContain('GET /alerts/{id} → 5XX (asked as 500): ');
    expect(page).toMatch(/→ 200: [^"]*\(by the dynamic mock\)/);
  });

  it('carries the scenarios per provider and their failures', () => {
    const report = fixtureReport();
    const alpha = report.providers.find((p) => p.name === 'alpha');
    expect(alpha.scenarios).toEqual([
      { name: 'updates a seeded customer', result: 'passed', durationMs: 12 },
      { name: 'gives the <conflict> response', result: 'failed', durationMs: 12, failure: 'Error: status 409 & "more"' },
    ]);
    expect(alpha.failures).toContainEqual({ stage: 'scenarios', message: 'gives the <conflict> response: Error: status 409 & "more"' });
    expect(report.providers.find((p) => p.name === 'beta').scenarios).toEqual([]);
    expect(report.timingsMs.scenarios).toBe(3000);
  });

  it('says per provider what its recordings did (recordings, passed, divergences with their actions), and "no recordings" is no failure', () => {
    const divergence = {
      operation: 'POST /v2/customers/{customer_id}',
      case: 'write',
      kind: 'enum',
      where: 'response 200 body /statuses/Travel Card',
      message: 'statuses.Travel Card must be equal to one of the allowed values: "FROZEN" is not listed',
      actions: [{ target: '$.components.schemas.CustomerProgramStatus', update: { enum: ['FROZEN'] } }],
    };
    const contract = (replay) => ({ tests: [], suiteErrors: [], replay });
    const report = buildReport({
      providers: [
        { name: 'alpha', effective: join(root, 'specs/alpha/effective.yaml') },
        { name: 'beta', effective: join(root, 'specs/beta/effective.yaml') },
      ],
      root,
      results: new Map([
        ['alpha', { contract: contract({ recordings: 3, passed: 2, divergences: [divergence], client: [] }) }],
        ['beta', { contract: contract({ recordings: 0, passed: 0, divergences: [], client: [] }) }],
      ]),
      failures: new Map(),
      seed: 1,
      runs: 1,
      timings: { total: 1 },
    });
    const [alpha, beta] = report.providers;
    expect(alpha.result).toBe('failed');
    expect(alpha.failures).toEqual([
      {
        stage: 'contract',
        message: `recorded reality: POST /v2/customers/{customer_id} (write) response 200 body /statuses/Travel Card: ${divergence.message}\n  action: $.components.schemas.CustomerProgramStatus update {"enum":["FROZEN"]}`,
      },
    ]);
    expect(beta.result).toBe('passed');
    const summary = formatSummary(report);
    expect(summary).toMatch(/recorded reality/);
    expect(summary).toMatch(/alpha .*2\/3 recording\(s\) passed, 1 divergence\(s\), 0 client branch problem\(s\)\s+FAILED/);
    expect(summary).toMatch(/beta .*no recordings\s+passed/);
    const html = renderReportHtml(report);
    expect(html).toContain('<section id="recorded"><h2>Recorded reality</h2>');
    expect(html).toContain('action: $.components.schemas.CustomerProgramStatus update {&quot;enum&quot;:[&quot;FROZEN&quot;]}');
    expect(html).toContain('<span class="muted">no recordings</span>');
  });
});

describe('the summary table', () => {
  it("names a provider whose build failed as not linted ('-'), not as an authored spec", () => {
    const summary = formatSummary(fixtureReport());
    const row = (name) => summary.split('\n').find((l) => l.startsWith(`${name} `));
    // beta's build failed: lint never ran, and nothing says whether its spec is vendored or authored
    expect(row('beta')).not.toMatch(/authored/);
    expect(row('beta')).toMatch(/^beta\s+\d+\s+\S+\s+\S+\s+-\s+-\s/);
  });
});

describe("a run of some providers: their sections replace the last report's, the others stay", () => {
  const section = (name, ranAt, result = 'passed') => ({
    name,
    ranAt,
    result,
    operations: [],
    failures: [],
    scenarios: [],
    lint: null,
    fake: null,
    property: { valid: 0, invalid: 0, runs: 5, seed: 1 },
  });
  const previous = {
    generatedAt: '2026-01-01T10:00:00.000Z',
    ok: false,
    seed: 1,
    runs: 5,
    timingsMs: { total: 9000 },
    providers: [
      section('alpha', '2026-01-01T10:00:00.000Z', 'failed'),
      section('beta', '2026-01-01T09:00:00.000Z'),
      section('gone', '2026-01-01T10:00:00.000Z'),
    ],
  };
  const fresh = {
    generatedAt: '2026-01-02T10:00:00.000Z',
    ok: true,
    seed: 2,
    runs: 7,
    timingsMs: { total: 1000 },
    providers: [section('alpha', '2026-01-02T10:00:00.000Z')],
  };

  it('updates the selected provider, keeps the others with their own run time, drops unregistered ones, in registry order', () => {
    const merged = mergeReport(previous, fresh, ['beta', 'alpha', 'delta']);
    expect(merged.providers.map((p) => [p.name, p.ranAt, p.result])).toEqual([
      ['beta', '2026-01-01T09:00:00.000Z', 'passed'],
      ['alpha', '2026-01-02T10:00:00.000Z', 'passed'],
    ]);
    expect(merged).toMatchObject({ generatedAt: fresh.generatedAt, ok: true, seed: 2, runs: 7, ran: ['alpha'] });
    // the verdict is over every section: a kept failure keeps the report failed
    const failing = mergeReport({ ...previous, providers: [section('beta', previous.generatedAt, 'failed')] }, fresh, ['alpha', 'beta']);
    expect(failing.ok).toBe(false);
  });

  it("a section of a report written before sections had their own time takes the report's time; no report: this run alone", () => {
    const old = { ...previous, providers: [{ ...section('beta'), ranAt: undefined }] };
    expect(mergeReport(old, fresh, ['alpha', 'beta']).providers[1].ranAt).toBe(previous.generatedAt);
    expect(mergeReport(null, fresh, ['alpha', 'beta']).providers.map((p) => p.name)).toEqual(['alpha']);
  });

  it('the page says which providers this run covered and when each kept section ran', () => {
    const page = renderReportHtml(mergeReport(previous, fresh, ['alpha', 'beta']));
    expect(page).toContain(
      'This run: alpha. From earlier runs: <span class="earlier" data-provider="beta">beta (2026-01-01 09:00:00 UTC)</span>.',
    );
    expect(renderReportHtml(fresh)).not.toContain('From earlier runs');
  });
});

describe('a spec with no operations', () => {
  it('is nothing to test, and says whether it has only webhooks', () => {
    expect(nothingToTest('specs/x/effective.yaml', { openapi: '3.1.0', paths: {} })).toMatch(
      /^nothing to test: specs\/x\/effective\.yaml has no operations under paths; a provider passes only when it has operations to test/,
    );
    expect(nothingToTest('e.yaml', { openapi: '3.1.0', webhooks: { a: {}, b: {} } })).toMatch(
      /^nothing to test: e\.yaml has no operations under paths \(only 2 webhook\(s\), which the contract tests do not exercise\)/,
    );
  });
});

describe('report page', () => {
  const html = renderReportHtml(fixtureReport());

  it('is self-contained: no script, no external stylesheet, font or image', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(|src=|href="(?!#)/i);
    expect(html).toMatch(/@media print \{/);
  });

  it('escapes what it shows', () => {
    expect(html).toContain('Bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('gives the &lt;conflict&gt; response');
  });

  it('has one matrix cell per provider, operation and documented status, coloured by result', () => {
    const cells = [...html.matchAll(/<td class="cell (\w+)" data-provider="(\w+)" data-operation="(\w+)" data-status="(\w+)"/g)].map((m) =>
      m.slice(1).join(' '),
    );
    expect(cells).toEqual(['passed alpha updateThing 200', 'failed alpha updateThing 404', 'skipped alpha updateThing default']);
    expect(html).toMatch(
      /<th scope="row">beta<\/th><td colspan="5" class="cell failed wide"[^>]*>not tested: build: \[beta\] specs\/beta\/authored\.yaml:3:1: malformed YAML/,
    );
  });

  it("shows the negative cases: each in the cell's tooltip, and a proxy tag saying why their error bodies went unchecked", () => {
    const cell =
      /<td class="cell passed frac" data-provider="alpha" data-operation="updateThing" data-negative="2" title="([^"]*)">2\/2 <span class="tag skipped" data-mock="proxy" title="([^"]*)">proxy 1<\/span><\/td>/.exec(
        html,
      );
    expect(cell, 'the negative cell of alpha updateThing').not.toBeNull();
    expect(cell?.[1].split('\n')).toEqual([
      'no credentials → 401: passed (through Prism&#39;s proxy) (unchecked: the error body was not checked: Prism&#39;s mock cannot make it (prism SCHEMA_TOO_COMPLEX: Schema too complex))',
      'name: wrong type → 400: passed',
    ]);
    expect(cell?.[2]).toBe(
      'the error body was not checked: Prism&#39;s mock cannot make it (prism SCHEMA_TOO_COMPLEX: Schema too complex)',
    );
  });

  it('splits lint findings into upstream defects (with the fixing overlay action or the reason) and effective-spec findings', () => {
    expect(html).toContain('<code>specs/alpha/upstream.yaml:10, 12</code>');
    expect(html).toMatch(/overlay<\/span> action 2 \(<code>specs\/alpha\/overlay\.yaml:20<\/code>\): Remove nullable\./);
    expect(html).toMatch(/accepted<\/span> No license is published\./);
    expect(html).toMatch(/<tr class="handled-unhandled">.*open<\/span> still present/);
    expect(html).toMatch(/Effective-spec findings<\/h4>\s*<table class="findings">.*capi\/no-oas30-keywords/s);
  });

  it('shows property counts with seed and replay command, scenarios and timings', () => {
    expect(html).toMatch(
      /<td>alpha<\/td><td>25<\/td><td>25<\/td><td>25<\/td><td><code>99<\/code><\/td><td><code>npm run conformance -- --seed 99 --runs 25 alpha<\/code>/,
    );
    expect(html).toMatch(/updates a seeded customer<\/td><td><span class="tag passed">passed/);
    expect(html).toMatch(/fake scenarios<\/td><td>3\.0 s<\/td>/);
    expect(html).toMatch(/<strong>10\.0 s<\/strong>/);
  });
});

/** A Chromium-family browser on PATH (or CHROMIUM_BIN), else undefined. */
function findBrowser() {
  if (process.env.CHROMIUM_BIN) return existsSync(process.env.CHROMIUM_BIN) ? process.env.CHROMIUM_BIN : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

/** Width, height and the inflated pixel data size of a PNG; throws if it is not one. */
function readPng(file) {
  const buf = readFileSync(file);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error(`${file} is not a PNG`);
  const idat = [];
  let header;
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  // count distinct row bytes patterns: a blank page has (nearly) one kind of row
  const stride = pixels.length / header.height;
  const rows = new Set();
  for (let y = 0; y < header.height; y++) rows.add(pixels.subarray(y * stride + 1, (y + 1) * stride).toString('base64'));
  return { ...header, bytes: buf.length, distinctRows: rows.size };
}

describe('report page in headless Chromium', () => {
  const browser = findBrowser();
  let dir;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'capi-report-page-'));
    writeFileSync(join(dir, 'index.html'), renderReportHtml(fixtureReport()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const chromium = async (args) => {
    const res = await runCommand(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`,
        ...args,
        `file://${join(dir, 'index.html')}`,
      ],
      { timeoutMs: 60_000 },
    );
    if (res.error) throw new Error(`${browser} failed to run: ${res.error.message}`);
    return res;
  };

  it('renders the matrix and a non-trivial screenshot', async (ctx) => {
    if (!browser) {
      const why =
        "no Chromium found (chromium, chromium-browser, google-chrome on PATH, or CHROMIUM_BIN): install Debian's `chromium` package to run this test (.ci/run does)";
      console.warn(`report page test skipped: ${why}`);
      ctx.skip(why);
    }
    const shot = join(dir, 'report.png');
    const res = await chromium([`--screenshot=${shot}`, '--window-size=1280,800']);
    expect(existsSync(shot), `no screenshot written:\n${res.stderr}`).toBe(true);
    const png = readPng(shot);
    expect(png).toMatchObject({ width: 1280, height: 800 });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(png.distinctRows, 'the screenshot looks blank').toBeGreaterThan(100);

    const dom = (await chromium(['--dump-dom'])).stdout;
    expect(dom).toMatch(/<table class="matrix">/);
    const cells = [...dom.matchAll(/<td class="cell (\w+)" data-provider="alpha" data-operation="updateThing" data-status="(\w+)"/g)].map(
      (m) => `${m[2]}:${m[1]}`,
    );
    expect(cells).toEqual(['200:passed', '404:failed', 'default:skipped']);
    // the negative cases' proxy tag, its tooltip saying why the error body went unchecked
    expect(dom).toMatch(
      /<td class="cell passed frac" data-provider="alpha" data-operation="updateThing" data-negative="2" title="no credentials → 401: passed \(through Prism's proxy\) \(unchecked: [^"]*">2\/2 <span class="tag skipped" data-mock="proxy" title="the error body was not checked: Prism's mock cannot make it \(prism SCHEMA_TOO_COMPLEX: Schema too complex\)">proxy 1<\/span><\/td>/,
    );
  }, 120_000);
});

// Every string of a report comes from a spec, a server, a test's output or an earlier run's
// conformance.json: each replaced by markup that would mark the page if it ran. Rendered, then
// opened in real Chromium: nothing ran, and every payload is text.
const MARK = "document.documentElement.setAttribute('data-pwned','1')";
const PAYLOAD = `x"' autofocus onfocus="${MARK}"><img src=x onerror="${MARK}"><script>${MARK}</script><style>*{}</style>`;

/** `value` with every string in it (not object keys) replaced by PAYLOAD. */
function hostile(value) {
  if (typeof value === 'string') return PAYLOAD;
  if (Array.isArray(value)) return value.map(hostile);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v)]));
  return value;
}

describe('report page with hostile strings everywhere', () => {
  const browser = findBrowser();
  // generatedAt stays a date: formatDate reads it
  const report = { ...hostile(fixtureReport()), generatedAt: fixtureReport().generatedAt };
  const html = renderReportHtml(report);
  let dir;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'capi-report-hostile-'));
    writeFileSync(join(dir, 'index.html'), html);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each as text: no element or attribute of its own', () => {
    // a payload's `<` and `"` are entities wherever it lands (a text node, an attribute value)
    expect(html).not.toMatch(/<script|<img|<style>\*|="document/i);
    expect(html).toContain('&lt;script&gt;');
  });

  it('runs none of them in Chromium', async (ctx) => {
    if (!browser) ctx.skip('no Chromium found (see the test above)');
    const res = await runCommand(
      browser,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${mkdtempSync(join(dir, 'profile-'))}`,
        '--virtual-time-budget=2000',
        '--dump-dom',
        `file://${join(dir, 'index.html')}`,
      ],
      { timeoutMs: 60_000 },
    );
    if (res.error) throw new Error(`${browser} failed to run: ${res.error.message}`);
    expect(res.stdout).toMatch(/<table class="matrix">/);
    expect(res.stdout).not.toMatch(/data-pwned="1"/);
    expect(res.stdout).not.toMatch(/<(?:script|img)\b/i);
  }, 120_000);
});
