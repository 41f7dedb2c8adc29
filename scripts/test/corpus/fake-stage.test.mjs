// The corpus run's fake stage (scripts/lib/corpus/fake-stage.ts) and partial runs
// (scripts/lib/corpus/partial.ts): what it reads of `npm run fake` and of the scenarios report,
// its columns and its three targets in the summary, --stages and --merge-from.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outcome, render, STAGES, workflowFailureClass } from '../../lib/corpus/corpus.ts';
import { readFakeOutput, readWorkflows } from '../../lib/corpus/fake-stage.ts';
import { mergeColumns, parseStages } from '../../lib/corpus/partial.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runNode } from '../helpers.mjs';

const ok = (s = 1) => ({ ok: true, s, peakMb: 100 });
const stages = (over = {}) => Object.fromEntries(STAGES.map((s) => [s, over[s] ?? ok()]));

/** What `npm run fake -- <p> --help` prints (apps/fakes/src/serve.ts describeInference, after the usage). */
const HELP = `usage: npm run fake -- c-shop [--port N]   (default port 4010)

c-shop has no rules of its own: npm run fake serves the fake inferred from specs/c-shop/effective.yaml:
resources:
  orders  /orders  item /orders/{orderId} (id field id)
    list     GET /orders
    create   POST /orders
    read     GET /orders/{orderId}
    action   POST /orders/{orderId}/cancel
  orders.lines  /orders/{orderId}/lines  item /orders/{orderId}/lines/{lineId} (id field id)
    list     GET /orders/{orderId}/lines
  search  /search
    list     GET /search
  answered from the schema:
    GET /health
    POST /listPlans

guessed (declare the kind in packages/<provider>/testing.ts, infer.operations or fake.operations, to change):
  POST /listPlans: POST to a path named like a call (listPlans), answered from its schema
`;

describe('the fake stage reads', () => {
  it('the resources and the operations answered statefully from what npm run fake prints', () => {
    expect(readFakeOutput(HELP)).toEqual({ resources: 3, nested: 1, items: 2, stateful: 6, operations: 8, crud: ['orders'] });
    // nothing printed (the command failed before): nothing known
    expect(readFakeOutput('error: unknown provider')).toEqual({});
  });

  it("the generated workflows of the provider's scenarios report, each failure with its reason", () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-fake-stage-'));
    try {
      const file = join(dir, 'scenarios.json');
      expect(readWorkflows(file)).toBeUndefined();
      writeFileSync(
        file,
        JSON.stringify({
          data: {
            tests: [
              { workflow: 'orders', result: 'passed' },
              { workflow: 'tasks', result: 'skipped', failed: 'workflow tasks, step create (POST /tasks): answered 422, not 2xx' },
              { workflow: 'lines', none: true, result: 'skipped' },
              { name: 'updates a seeded customer', result: 'passed' },
            ],
          },
        }),
      );
      expect(readWorkflows(file)).toEqual({
        passed: 1,
        total: 2,
        failures: ['tasks: workflow tasks, step create (POST /tasks): answered 422, not 2xx'],
      });
      writeFileSync(file, '{');
      expect(readWorkflows(file)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('workflows the generator declines', () => {
  // orders.lines has a create and an item path: a workflow could run there
  const help = HELP.replace(
    '    list     GET /orders/{orderId}/lines\n',
    '    list     GET /orders/{orderId}/lines\n    create   POST /orders/{orderId}/lines\n',
  );

  it('are the resources with a create and an item path that get no generated workflow, each with its reason', () => {
    const { crud } = readFakeOutput(help);
    expect(crud).toEqual(['orders', 'orders.lines']);
    const dir = mkdtempSync(join(tmpdir(), 'capi-fake-stage-'));
    try {
      const file = join(dir, 'scenarios.json');
      const tests = [
        { workflow: 'orders', result: 'passed' },
        {
          workflow: 'orders.lines',
          none: true,
          result: 'skipped',
          name: 'no generated workflow for orders.lines: nested under orders: its create answers no id field and its body names none',
        },
        {
          workflow: 'search',
          none: true,
          result: 'skipped',
          name: 'no generated workflow for search: no create operation (nothing to start a workflow from)',
        },
      ];
      writeFileSync(file, JSON.stringify({ data: { tests } }));
      expect(readWorkflows(file, crud)).toEqual({
        passed: 1,
        total: 1,
        failures: [],
        declined: ['orders.lines: nested under orders: its create answers no id field and its body names none'],
      });
      // a step left out for another reason than a missing operation: named too (not counted against)
      writeFileSync(
        file,
        JSON.stringify({
          data: {
            tests: [
              {
                workflow: 'orders',
                result: 'passed',
                skipped: [
                  'update: no update or replace operation',
                  'list: the list (GET /orders) answers no array or map of items to find the created one in',
                ],
              },
            ],
          },
        }),
      );
      expect(readWorkflows(file, ['orders'])?.leftOut).toEqual([
        'orders: list: the list (GET /orders) answers no array or map of items to find the created one in',
      ]);
      // declined without a word: said so
      writeFileSync(file, JSON.stringify({ data: { tests: [tests[0]] } }));
      expect(readWorkflows(file, crud)?.declined).toEqual(['orders.lines: no generated workflow, and no reason given']);
      // how the fake reads the spec not known: no count of declines
      expect(readWorkflows(file)?.declined).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("show in the column and, declined for the tool's or harness's limit (a reason not known too), count against the 95% target, by reason", () => {
    const fake = {
      starts: true,
      startS: 1,
      resources: 2,
      items: 2,
      stateful: 8,
      operations: 8,
      crud: ['orders', 'orders.lines'],
      workflows: {
        passed: 18,
        total: 18,
        failures: [],
        declined: ['orders.lines: nested under orders: its create answers no id field and its body names none'],
      },
    };
    const md = render([{ spec: 'a.json', provider: 'c-a', operations: 8, stages: stages(), fake }], 1, 5);
    expect(md).toMatch(/\| a\.json \|.*\| 18\/18 \(1 declined\) \| yes 1s \|$/m);
    expect(md).toContain(
      "- MISSED: at least 95% of generated workflows pass, a resource declined for the generator's or the harness's limit counted as not passed: 18 of 19 (94.7%; 18 generated, 1 declined so)",
    );
    const leftOut = render(
      [
        {
          spec: 'a.json',
          provider: 'c-a',
          operations: 8,
          stages: stages(),
          fake: {
            ...fake,
            workflows: { ...fake.workflows, leftOut: ['orders: list: the list (GET /orders) answers no array or map of items'] },
          },
        },
      ],
      1,
      5,
    );
    expect(leftOut).toContain(
      'Steps the generator left out of a workflow for another reason than a missing operation (the workflow runs without them): list: the list (GET …) answers no array or map of items (1).',
    );
    const twoOfOne = render(
      [
        {
          spec: 'a.json',
          provider: 'c-a',
          operations: 8,
          stages: stages(),
          fake: {
            ...fake,
            workflows: {
              ...fake.workflows,
              declined: [
                'face: the create (POST /face) answers no taskId (it shows answer, this_url) and its body does not choose one',
                'age: the create (POST /face_age) answers no jobId (it shows status) and its body does not choose one',
              ],
            },
          },
        },
      ],
      1,
      5,
    );
    // (what each answers instead is left out of the class: one class, counted twice)
    expect(twoOfOne).toContain(
      "Resources with a create and an item path that got no generated workflow for the generator's or the harness's limit (counted against the target), by reason: the create (POST …) answers no <id field> (it shows …) and its body does not choose one (2).",
    );
    expect(md).toContain(
      "Resources with a create and an item path that got no generated workflow for the generator's or the harness's limit (counted against the target), by reason: nested under …: its create answers no <id field> field and its body names none (1).",
    );
  });

  it('declined where the spec names no new item and lists none to count it in: said apart, with every decline counted beside it', () => {
    const declined = [
      // the spec's (apps/fakes/test/decline-classes.test.mjs pins these to the generator's reasons)
      'memos: the create (POST /memos) answers no body and its list (GET /memos) documents no items to find the new one among: nothing names the new item',
      'memos.notes: nested under memos: the create (POST /memos) answers no body and its list (GET /memos) documents no items to find the new one among: nothing names the new item',
      "tasks: the create (POST /tasks) answers no taskId (it shows answer, this_url) and its body does not choose one: nothing names the new item (declare the resource's idField in the testing entry)",
      // the harness's
      'commits: the create (POST /commits) takes a form body that requires an array (actions): Prism, in front of the fake, reads none from a form',
    ];
    const fake = {
      starts: true,
      startS: 1,
      resources: 4,
      items: 4,
      stateful: 8,
      operations: 8,
      workflows: { passed: 40, total: 40, failures: [], declined },
    };
    const md = render([{ spec: 'a.json', provider: 'c-a', operations: 8, stages: stages(), fake }], 1, 5);
    expect(md).toContain(
      "- MET: at least 95% of generated workflows pass, a resource declined for the generator's or the harness's limit counted as not passed: 40 of 41 (97.6%; 40 generated, 1 declined so); besides, 3 declined where the spec names no new item and documents no list to count it in (every decline counted: 40 of 44, 90.9%)",
    );
    expect(md).toContain(
      "got no generated workflow for the generator's or the harness's limit (counted against the target), by reason: the create (POST …) takes a form body that requires an array (actions): Prism, in front of the fake, reads none from a f (1).",
    );
    expect(md).toContain(
      'got no generated workflow because the spec names no new item and documents no list to count it in (not counted), by reason: the create (POST …) answers no body and its list (GET …) documents no items to find the new one among: nothing names the (1); nested under …: the create (POST …)',
    );
    // generating fewer never reaches the target: 3 of 4 declined for the tool's limit
    const fewer = render(
      [
        {
          spec: 'a.json',
          provider: 'c-a',
          operations: 8,
          stages: stages(),
          fake: {
            ...fake,
            workflows: { passed: 3, total: 3, failures: [], declined: [declined[3], declined[3].replace('commits', 'pushes')] },
          },
        },
      ],
      1,
      5,
    );
    expect(fewer).toContain(
      "- MISSED: at least 95% of generated workflows pass, a resource declined for the generator's or the harness's limit counted as not passed: 3 of 5 (60.0%; 3 generated, 2 declined so)",
    );
  });
});

describe('the fake stage in the summary', () => {
  const row = (spec, fake) => ({ spec, provider: `c-${spec}`, operations: 8, stages: stages(), fake });
  it('shows its columns per spec and states the three targets MET or MISSED', () => {
    const good = row('a.json', {
      starts: true,
      startS: 4.2,
      resources: 3,
      nested: 1,
      items: 2,
      stateful: 9,
      operations: 10,
      workflows: {
        passed: 19,
        total: 20,
        failures: ['orders: workflow orders, step list (GET /orders): the created id "x" is not among the 0 items listed'],
      },
    });
    const md = render([good, row('b.json', undefined)], 1, 5);
    expect(md).toContain('| resources | stateful ops | workflows p/t | fake starts |');
    expect(md).toMatch(/\| a\.json \|.*\| 3 \(1 nested\) \| 9\/10 \(90%\) \| 19\/20 \| yes 4\.2s \|$/m);
    expect(md).toMatch(/\| b\.json \|.*( - \|){4}$/m);
    expect(md).toContain(
      '- MET: the fake answers at least 80% of operations statefully: 9 of 10 (90.0%) over 1 spec(s) with the fake stage',
    );
    expect(md).toContain('- MET: at least 95% of generated workflows pass: 19 of 20 (95.0%)');
    expect(md).toContain('- MET: every spec with a collection/item pair gets a fake that starts: 1 of 1');
    expect(md).toContain('Generated workflows that did not pass, by step and class: list: created item not listed (1).');

    const bad = row('c.json', { starts: false, startS: 180, why: 'error: x', resources: 1, items: 1, stateful: 1, operations: 10 });
    const worse = render([good, bad], 1, 5);
    expect(worse).toMatch(/\| c\.json \|.*\| 1 \| 1\/10 \(10%\) \| \*\*no report\*\* \| \*\*NO\*\* \|$/m);
    expect(worse).toContain('- MISSED: the fake answers at least 80% of operations statefully: 10 of 20 (50.0%)');
    expect(worse).toContain('- MISSED: every spec with a collection/item pair gets a fake that starts: 1 of 2 (not: c.json)');
    // not gating: the spec's outcome is its stages'
    expect(outcome(bad)).toBe('passed');
    // a stage a partial run did not select is no failure; one that was skipped after a failure is
    const unselected = { ok: false, skipped: 'not selected (--stages)' };
    expect(outcome({ ...bad, stages: stages({ typecheck: unselected, conformance: unselected }) })).toBe('passed');
    expect(outcome({ ...bad, stages: stages({ conformance: { ok: false, skipped: 'add failed' } }) })).toBe('failed');
    // no row with the stage: no fake targets at all
    expect(render([row('b.json', undefined)], 1, 5)).not.toMatch(/generated workflows/);
  });

  it('states the targets per commit when the fake columns come from several commits, never mixed', () => {
    const fake = (stateful, passed) => ({
      starts: true,
      resources: 1,
      items: 1,
      stateful,
      operations: 10,
      workflows: { passed, total: 2, failures: [] },
    });
    const md = render(
      [
        { ...row('a.json', fake(9, 2)), commit: 'full', fakeCommit: 'bbbbbbb' },
        { ...row('b.json', fake(2, 1)), commit: 'full', fakeCommit: 'aaaaaaa' },
        { ...row('c.json', fake(10, 2)), commit: 'bbbbbbb' },
      ],
      1,
      5,
    );
    expect(md).toContain(
      '- MET: on commit bbbbbbb (2 specs): the fake answers at least 80% of operations statefully: 19 of 20 (95.0%) over 2 spec(s) with the fake stage',
    );
    expect(md).toContain('- MET: on commit bbbbbbb (2 specs): at least 95% of generated workflows pass: 4 of 4 (100.0%)');
    expect(md).toContain('- MISSED: on commit aaaaaaa (1 spec): at least 95% of generated workflows pass: 1 of 2 (50.0%)');
    expect(md).not.toMatch(/: 5 of 6 /);
  });

  it('names a failed workflow by its step and class', () => {
    expect(workflowFailureClass('workflow t, step create (POST /t): answered 422, not 2xx: {}')).toBe(
      'create: request refused as invalid (4xx)',
    );
    expect(workflowFailureClass('workflow t, step list (GET /t): the 200 body does not match the spec: /0 must have id')).toBe(
      'list: answer body does not match its schema',
    );
    expect(workflowFailureClass('[p] cannot start the fake behind Prism: boom')).toBe('unknown step: the fake did not start');
  });
});

describe('partial corpus runs', () => {
  it('--stages names stages there are, always add, and generate before fake or conformance', () => {
    expect(parseStages(undefined).label).toBeNull();
    const some = parseStages('add,fix, lint,generate,fake');
    expect([...some.selected]).toEqual(['add', 'fix', 'lint', 'generate', 'fake']);
    expect(some.label).toBe('add,fix,lint,generate,fake');
    expect(parseStages('add,fix,lint,generate,typecheck,conformance,fake').label).toBeNull();
    expect(() => parseStages('add,fakes')).toThrow(/no stage fakes \(the stages: add, fix, lint, generate, typecheck, conformance, fake\)/);
    expect(() => parseStages('generate,fake')).toThrow(/add always runs/);
    expect(() => parseStages('add,fake')).toThrow(/fake needs generate/);
  });

  it('--merge-from carries the fake columns, and paginated where a row has none, into the rows of the same spec', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capi-corpus-merge-'));
    try {
      const full = join(dir, 'full.json');
      const part = join(dir, 'part.json');
      const fake = {
        starts: true,
        startS: 3,
        resources: 1,
        items: 1,
        stateful: 2,
        operations: 2,
        workflows: { passed: 1, total: 1, failures: [] },
      };
      const pairs = { passed: 3, failed: 0, skipped: 0, operations: 1, fixes: 0 };
      writeFileSync(
        full,
        JSON.stringify({
          info: { commit: 'aaaaaaa', source: 'the sample' },
          notes: ['Fake columns of an older merge'],
          results: [
            { spec: 'a.json', stages: stages(), pairs, commit: 'aaaaaaa' },
            { spec: 'b.json', stages: stages(), pairs, paginated: 4, commit: 'aaaaaaa' },
            { spec: 'c.json', stages: stages(), pairs, commit: 'aaaaaaa' },
          ],
        }),
      );
      writeFileSync(
        part,
        JSON.stringify({
          info: { commit: 'bbbbbbb', source: 'the sample, stages add,fix,lint,generate,fake only' },
          results: [
            { spec: 'a.json', stages: {}, paginated: 2, fake, commit: 'bbbbbbb' },
            { spec: 'b.json', stages: {}, paginated: 9, fake, commit: 'ccccccc' },
            { spec: 'c.json', stages: {}, paginated: 1 },
          ],
        }),
      );
      const { data, rows } = mergeColumns(full, part);
      expect(rows).toBe(2);
      const [a, b, c] = data.results;
      expect(a).toEqual({
        spec: 'a.json',
        stages: stages(),
        pairs,
        commit: 'aaaaaaa',
        fake,
        fakeCommit: 'bbbbbbb',
        paginated: 2,
        paginatedCommit: 'bbbbbbb',
      });
      // a measured paginated stays; the row's own results and commit stay
      expect(b).toMatchObject({ paginated: 4, fake, fakeCommit: 'ccccccc', pairs, commit: 'aaaaaaa' });
      // no fake stage in the partial run for c: nothing merged
      expect(c).toEqual({ spec: 'c.json', stages: stages(), pairs, commit: 'aaaaaaa' });
      expect(data.notes).toEqual([
        'Fake columns (resources, stateful ops, workflows p/t, fake starts) of 2 row(s), and paginated where a row had none (1): measured on commit bbbbbbb (1 spec), ccccccc (1 spec) by a partial run (the sample, stages add,fix,lint,generate,fake only), merged with --merge-from; every other column as measured above.',
      ]);
      expect(() => mergeColumns(full, join(dir, 'none.json'))).toThrow(/none\.json: no such file/);

      // a second merge (a later partial run of some specs) keeps the fake of the rows it does
      // not measure, and the note names every commit of the fake columns, not only its own
      writeFileSync(full, JSON.stringify(data));
      writeFileSync(
        part,
        JSON.stringify({
          info: { commit: 'ddddddd', source: 'the sample, later' },
          results: [{ spec: 'b.json', stages: {}, fake: { ...fake, stateful: 1 }, commit: 'ddddddd' }],
        }),
      );
      const second = mergeColumns(full, part);
      expect(second.rows).toBe(1);
      expect(second.data.results.map((r) => [r.spec, r.fakeCommit, r.fake?.stateful])).toEqual([
        ['a.json', 'bbbbbbb', 2],
        ['b.json', 'ddddddd', 1],
        ['c.json', undefined, undefined],
      ]);
      expect(second.data.notes).toEqual([
        'Fake columns (resources, stateful ops, workflows p/t, fake starts) of 2 row(s), and paginated where a row had none (1): measured on commit bbbbbbb (1 spec), ddddddd (1 spec) by partial runs (the sample, stages add,fix,lint,generate,fake only; the sample, later), merged with --merge-from; every other column as measured above.',
      ]);

      // a third (the whole sample again at one commit) measures every row: only it is named, and
      // the paginated the first merge carried in is its own; the full run's own paginated stays
      writeFileSync(full, JSON.stringify(second.data));
      writeFileSync(
        part,
        JSON.stringify({
          info: { commit: 'eeeeeee', source: 'the sample, again' },
          results: ['a.json', 'b.json'].map((spec) => ({ spec, stages: {}, paginated: 7, fake, commit: 'eeeeeee' })),
        }),
      );
      const third = mergeColumns(full, part);
      expect(third.data.results.map((r) => [r.spec, r.fakeCommit, r.paginated])).toEqual([
        ['a.json', 'eeeeeee', 7],
        ['b.json', 'eeeeeee', 4],
        ['c.json', undefined, undefined],
      ]);
      expect(third.data.fakeSources).toEqual(['the sample, again']);
      expect(third.data.notes).toEqual([
        'Fake columns (resources, stateful ops, workflows p/t, fake starts) of 2 row(s), and paginated where a row had none (1): measured on commit eeeeeee (2 specs) by a partial run (the sample, again), merged with --merge-from; every other column as measured above.',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('capi corpus --merge-from keeps the earlier partial runs in the note of a corpus.json that does not list them yet', async () => {
    // bench/corpus.json as two merges wrote it before `fakeSources` existed: its note names them
    const dir = mkdtempSync(join(tmpdir(), 'capi-corpus-merge-'));
    try {
      const fake = {
        starts: true,
        startS: 1,
        resources: 1,
        items: 1,
        stateful: 1,
        operations: 1,
        workflows: { passed: 0, total: 0, failures: [] },
      };
      const pairs = { passed: 1, failed: 0, skipped: 0, operations: 1, fixes: 0 };
      const earlier =
        'a random sample of 100 (npm run corpus -- --sample 100 --seed 1), stages add,fix,lint,generate,fake only: 55af1f1; the spec files given: d0fa75b, the 21 specs re-measured';
      writeFileSync(
        join(dir, 'corpus.json'),
        JSON.stringify({
          info: { commit: 'aaaaaaa', source: 'the sample' },
          notes: [
            'Another note.',
            `Fake columns (resources, stateful ops, workflows p/t, fake starts) of 2 row(s): measured on commit 55af1f1 (1 spec), d0fa75b (1 spec) by partial runs (${earlier}), merged with --merge-from; every other column as measured above.`,
          ],
          results: [
            { spec: 'a.json', stages: stages(), pairs, commit: 'aaaaaaa', fake, fakeCommit: '55af1f1' },
            { spec: 'b.json', stages: stages(), pairs, commit: 'aaaaaaa', fake, fakeCommit: 'd0fa75b' },
          ],
        }),
      );
      const part = join(dir, 'part.json');
      writeFileSync(
        part,
        JSON.stringify({
          info: { commit: 'eeeeeee', source: 'the spec files given, stages add,fix,lint,generate,fake only' },
          results: [{ spec: 'b.json', stages: {}, fake: { ...fake, stateful: 2 }, commit: 'eeeeeee' }],
        }),
      );
      const res = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--out', dir, '--merge-from', part]);
      expect(res.status, res.out).toBe(0);
      const data = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
      expect(data.fakeSources).toEqual([earlier, 'the spec files given, stages add,fix,lint,generate,fake only']);
      expect(data.notes).toEqual([
        'Another note.',
        `Fake columns (resources, stateful ops, workflows p/t, fake starts) of 2 row(s): measured on commit 55af1f1 (1 spec), eeeeeee (1 spec) by partial runs (${earlier}; the spec files given, stages add,fix,lint,generate,fake only), merged with --merge-from; every other column as measured above.`,
      ]);

      // rows merged earlier but no note that names the runs: the note says an earlier merge was not named
      const unnamed = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
      delete unnamed.fakeSources;
      unnamed.notes = [];
      writeFileSync(join(dir, 'corpus.json'), JSON.stringify(unnamed));
      const again = await runNode([join(repoRoot, 'scripts/capi.mjs'), 'corpus', '--out', dir, '--merge-from', part]);
      expect(again.status, again.out).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')).notes[0]).toMatch(
        / by partial runs \(an earlier merge this file does not name; the spec files given, stages add,fix,lint,generate,fake only\), merged/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
