// A create that answers no usable id (a free-form `result`, an acknowledgement with no id-like
// field) while its list names the items' ids (test/fixtures/found-by-list.yaml): the generated
// workflow creates, lists, and takes the id of the one listed item whose fields equal what it
// sent, behind real Prism as `npm run fake` serves it. No such item, or more than one, fails the
// workflow; a list that cannot tell which item is new (free-form items, none of the sent fields shown)
// still counts it: a reduced workflow, create and the list one item longer.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { describeWorkflows } from '../src/serve.ts';
import { generateWorkflows, runWorkflow } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/found-by-list.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows, notGenerated } = generateWorkflows(engine.inference.resources, model);
const workflow = (name) => workflows.find((w) => w.resource === name);

describe('a create that answers no usable id, found through its list', () => {
  const env = servedFixture(SPEC, 'found-by-list');

  it('a free-form `result`: the one listed item showing the sent fields is the new one; read back, updated, listed, deleted by its id', async () => {
    expect(workflow('gadgets')?.matched).toBe('GET /gadgets');
    const { steps, requests, unchecked } = await env.run(model, workflow('gadgets'));
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
    // the reads compared what was sent, though the create and update answer only an acknowledgement
    expect(unchecked).toEqual([]);
    expect(requests.slice(0, 3).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /gadgets',
      'GET /gadgets',
      expect.stringMatching(/^GET \/gadgets\/[^/]+$/),
    ]);
    // the read named the one gadget the create stored
    env.served.engine.reset();
    const sent = { name: 'Lamp shade', color: 'green', weight: 12 };
    await env.send(model.operation('POST /gadgets'), { body: sent });
    const [stored] = env.served.engine.records('gadgets');
    expect(stored).toMatchObject(sent);
    const listed = await env.send(model.operation('GET /gadgets'), {});
    expect(listed.violations).toBeNull();
    expect(listed.body.result).toEqual([expect.objectContaining({ id: stored.id, ...sent })]);
    expect(describeWorkflows(engine, model)).toContain(
      '    gadgets: its create answers no id; the new one is the item GET /gadgets lists with the fields it sent',
    );
  });

  it('an acknowledgement with no id-like field, the list a bare array (widgets)', async () => {
    expect(workflow('widgets')?.matched).toBe('GET /widgets');
    const { steps, requests } = await env.run(model, workflow('widgets'));
    expect(steps).toEqual(['create', 'read', 'list']);
    const [widget] = env.served.engine.records('widgets');
    expect(requests[2].path).toBe(`/widgets/${encodeURIComponent(widget.widgetId)}`);
  });

  it('only a unique match names it: the same create twice fails the workflow, saying why', async () => {
    env.served.engine.reset();
    const create = model.operation('POST /gadgets');
    const twice = async (op, sent) => {
      if (op.key === create.key) await env.send(op, sent);
      return env.send(op, sent);
    };
    await expect(runWorkflow(model, workflow('gadgets'), twice)).rejects.toThrow(
      /step list after create \(GET \/gadgets\): the create answered no id and 2 of the 2 listed items show what it sent \(name, color, weight\), not one/,
    );
  });

  it('a list that cannot tell which item is new still counts it: a reduced workflow, create and a list one item longer, saying why', async () => {
    // free-form items (which field is the id is not told), and items that show none of the fields sent
    expect(notGenerated.map((n) => n.resource)).not.toContain('sprockets');
    expect(notGenerated.map((n) => n.resource)).not.toContain('badges');
    expect(workflow('sprockets')).toMatchObject({ counted: 'GET /sprockets', steps: [{ step: 'create' }, { step: 'list' }] });
    expect(workflow('sprockets').reduced).toMatch(
      /^reduced to a create and a count of its list \(GET \/sprockets\), which must hold one item more after it: the new item is not named \(the create \(POST \/sprockets\) answers the item in `result`, which names no field/,
    );
    expect(workflow('sprockets').skipped.map((x) => x.step)).toEqual(['read', 'update', 'read-updated', 'delete', 'read-deleted']);
    expect(workflow('badges').reduced).toMatch(/its list's \(GET \/badges\) items show none of the fields it sends/);
    expect(describeWorkflows(engine, model)).toContain(`    ${workflow('sprockets').reduced}`);
    for (const name of ['sprockets', 'badges']) {
      const { steps, requests } = await env.run(model, workflow(name));
      expect(steps).toEqual(['create', 'list']);
      expect(requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
      expect(env.served.engine.records(name)).toHaveLength(1);
    }
  });

  it('the count is a check: a create that stores nothing, or two items for one create, fail the reduced workflow', async () => {
    env.served.engine.reset();
    const create = model.operation('POST /sprockets');
    // answered as documented, but nothing stored
    const lost = async (op, sent) =>
      op.key === create.key ? { status: 201, body: { ok: true, message: 'done', result: {} }, violations: null } : env.send(op, sent);
    await expect(runWorkflow(model, workflow('sprockets'), lost)).rejects.toThrow(
      /workflow sprockets, step list \(GET \/sprockets\): the list held 0 item\(s\) before the create and 0 after it, not 1/,
    );
    env.served.engine.reset();
    const twice = async (op, sent) => {
      if (op.key === create.key) await env.send(op, sent);
      return env.send(op, sent);
    };
    await expect(runWorkflow(model, workflow('sprockets'), twice)).rejects.toThrow(
      /held 0 item\(s\) before the create and 2 after it, not 1/,
    );
  });
});

describe('a read-back that has nothing to compare', () => {
  const env = servedFixture(SPEC, 'found-by-list');

  it('says so, with why, instead of passing silently', async () => {
    const { steps, unchecked } = await env.run(model, workflow('stamps'));
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([
      {
        step: 'read',
        reason: 'compared nothing: of the fields sent (label), the read (GET /stamps/{id}) shows none writable and in the kind sent',
      },
    ]);
  });

  it('an acknowledging create is compared where its read shows the fields: a lost write fails the read-back', async () => {
    env.served.engine.reset();
    // the update's change lost on the way: the read-updated step sees another name
    const update = model.operation('PATCH /gadgets/{id}');
    const lose = async (op, sent) =>
      op.key === update.key ? env.send(op, { ...sent, body: { ...sent.body, name: 'not the change' } }) : env.send(op, sent);
    await expect(runWorkflow(model, workflow('gadgets'), lose)).rejects.toThrow(
      /step read-updated \(GET \/gadgets\/\{id\}\): the read does not show the update: name: sent "changed /,
    );
  });

  it('an item that holds a list of larger objects is compared at its top, where the sent fields are, a field written as an allOf of a string too', async () => {
    const { steps, unchecked } = await env.run(model, workflow('assets'));
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([]);
    // and what it compares is what was stored: a create whose name is lost fails the read-back
    env.served.engine.reset();
    const create = model.operation('POST /assets');
    const lose = async (op, sent) =>
      op.key === create.key ? env.send(op, { ...sent, body: { assetName: 'not sent' } }) : env.send(op, sent);
    await expect(runWorkflow(model, workflow('assets'), lose)).rejects.toThrow(
      /step read \(GET \/assets\/\{assetId\}\): the read does not show what create sent: assetName: sent /,
    );
  });

  it('an item sent and read wrapped in one field (`{ label: {...} }`) is stored as the item, and read back by the fields it holds', async () => {
    // the body's one field holds the item, as the answers wrap it: its fields are the item's, not one field `label`
    const { steps, unchecked } = await env.run(model, workflow('labels'));
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([]);
    const [stored] = env.served.engine.records('labels');
    expect(Object.keys(stored)).not.toContain('label');
    // the item's optional fields sent too (a wrapper's fields are the item's top): compared by the read-back
    const { label } = env.served.engine.requests()[0].body;
    expect(Object.keys(label).sort()).toEqual(['color', 'text']);
    expect(stored).toMatchObject(label);
    // and what it compares is what was stored: a lost inner field fails the read-back
    env.served.engine.reset();
    const create = model.operation('POST /labels');
    const lose = async (op, sent) =>
      op.key === create.key ? env.send(op, { ...sent, body: { label: { ...sent.body.label, text: 'not sent' } } }) : env.send(op, sent);
    await expect(runWorkflow(model, workflow('labels'), lose)).rejects.toThrow(
      /step read \(GET \/labels\/\{labelId\}\): the read does not show what create sent: text: sent "[^"]*", got "not sent"$/,
    );
  });

  it('a create body whose one field holds the item (`{ pin: {...} }`), the item read unwrapped: stored and compared by the fields it holds', async () => {
    const { steps, unchecked } = await env.run(model, workflow('pins'));
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([]);
    const { pin } = env.served.engine.requests()[0].body;
    expect(Object.keys(pin).sort()).toEqual(['color', 'title']);
    expect(env.served.engine.records('pins')[0]).toMatchObject(pin);
    // what it compares is what was stored: a lost title fails the read-back
    env.served.engine.reset();
    const create = model.operation('POST /pins');
    const lose = async (op, sent) =>
      op.key === create.key ? env.send(op, { ...sent, body: { pin: { ...sent.body.pin, title: 'not sent' } } }) : env.send(op, sent);
    await expect(runWorkflow(model, workflow('pins'), lose)).rejects.toThrow(
      /step read \(GET \/pins\/\{pinId\}\): the read does not show what create sent: title: sent "[^"]*", got "not sent"$/,
    );
  });

  it("a read naming the item's own id at its top (`boardId`) answers the stored item, not an envelope of an object holding an `id`", async () => {
    const { steps, unchecked } = await env.run(model, workflow('boards'));
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([]);
    const [stored] = env.served.engine.records('boards');
    const read = await env.send(model.operation('GET /boards/{boardId}'), { path: { boardId: stored.boardId } });
    expect(read.violations).toBeNull();
    expect(read.body).toMatchObject({ boardId: stored.boardId, boardName: stored.boardName });
  });

  it('an empty object sent asserts nothing: a read that leaves it out still shows what was sent', async () => {
    env.served.engine.reset();
    const read = model.operation('GET /switches/{id}');
    // a server that does not answer an empty `schedule` it was sent
    const omits = async (op, sent) => {
      const res = await env.send(op, sent);
      if (op.key !== read.key || !res.body) return res;
      const { schedule, ...rest } = res.body;
      return { ...res, body: rest };
    };
    const { steps, unchecked } = await runWorkflow(model, workflow('switches'), omits);
    expect(steps).toEqual(['create', 'read']);
    expect(unchecked).toEqual([]);
    expect(env.served.engine.requests()[0].body).toMatchObject({ schedule: {} });
  });
});
