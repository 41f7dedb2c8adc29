// Which answer is a resource's representation, the shape the fake stores and answers an item in
// (test/fixtures/representation.yaml), served as `npm run fake` serves it: real Prism in proxy
// mode in front of the engine on 127.0.0.1, every answer validated against the spec.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/representation.yaml');
const model = loadSpecModel(SPEC);
const { resources } = createEngine(model).inference;
const { workflows } = generateWorkflows(resources, model);
const op = (key) => model.operation(key);

describe("a resource's representation", () => {
  const env = servedFixture(SPEC, 'representation');

  it('a delete that answers only the id is not the representation: the read and the list show each item alike', async () => {
    env.served.engine.reset();
    const ids = [];
    for (const name of ['first', 'second', 'third']) {
      const created = await env.send(op('POST /gizmos'), { body: { name } });
      expect(created.violations).toBeNull();
      ids.push(created.body.data.id);
    }
    const listed = await env.send(op('GET /gizmos'));
    expect(listed.violations).toBeNull();
    expect(listed.body.data.map((g) => g.id)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const read = await env.send(op('GET /gizmos/{id}'), { path: { id } });
      expect(read.violations).toBeNull();
      // the field no request sent (`tone`) is the item's own: the same in its read and in the list, wherever it is listed
      expect(listed.body.data[i]).toEqual(read.body.data);
      expect(read.body.data.name).toBe(['first', 'second', 'third'][i]);
    }
  });

  it('an item with no id of its own holding several objects with ids (links to other systems): none of them is the item', async () => {
    env.served.engine.reset();
    const lesson = await env.send(op('POST /lessons'), { body: { name: 'scales' } });
    const path = { lesson: lesson.body.id };
    const created = await env.send(op('POST /lessons/{lesson}/tasks'), { path, body: { title: 'practice' } });
    expect(created.violations).toBeNull();
    // the sent title is the task's, not stored into one of its links
    expect(created.body.title).toBe('practice');
    expect(created.body.board?.title).toBeUndefined();
    expect(created.body.tracker?.title).toBeUndefined();
    const listed = await env.send(op('GET /lessons/{lesson}/tasks'), { path });
    expect(listed.violations).toBeNull();
    expect(listed.body.map((t) => t.title)).toEqual(['practice']);
    // nothing names the task (its links' ids are the other systems'): the id is kept under its
    // parameter's name, and the workflow does not look for it by a link's id: it is reduced to a
    // create and a count of the list, and says why
    expect(resources.find((r) => r.name === 'lessons.tasks')?.idField).toBe('task');
    const workflow = workflows.find((w) => w.resource === 'lessons.tasks');
    expect(workflow?.reduced).toMatch(/answers no task/);
    expect(workflow?.steps.map((s) => s.step)).toEqual(['create', 'list']);
    const { failed } = await env.run(model, workflow);
    expect(failed).toBeUndefined();
  });
});
