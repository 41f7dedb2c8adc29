// Generated CRUD workflows (src/workflows.ts) on classes of real specs whose workflows failed in
// the corpus run (test/fixtures/workflow-classes.yaml: one resource per class, named after the
// spec it comes from), served as `npm run fake` serves them (the front, real Prism in proxy mode,
// the engine on 127.0.0.1). Each passes, or is left out with the reason a user reads in
// `npm run fake -- <provider> --help`.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { describeWorkflows } from '../src/serve.ts';
import { generateWorkflows } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/workflow-classes.yaml');
const model = loadSpecModel(SPEC);
const { workflows, notGenerated } = generateWorkflows(createEngine(model).inference.resources, model);
const workflow = (name) => workflows.find((w) => w.resource === name);

describe('generated workflows on classes of real specs', () => {
  const env = servedFixture(SPEC, 'workflow-classes');
  /** Runs one resource's workflow on a fresh store; resolves with the steps run and the requests the engine received. */
  const run = (name) => env.run(model, workflow(name));

  it('a create that answers no id and chooses none, a job with the id only in a list it holds, or a form that requires an array, gets no workflow, and says why (npm run fake prints it)', () => {
    expect(notGenerated).toEqual([
      {
        resource: 'exports',
        reason:
          "the create (POST /exports) answers no id (it shows task_id) and its body does not choose one: nothing names the new item (declare the resource's idField in the testing entry)",
      },
      {
        resource: 'commits',
        reason:
          'the create (POST /commits) takes a form body that requires an array (actions): Prism, in front of the fake, reads none from a form',
      },
      { resource: 'settings', reason: 'no create operation (nothing to start a workflow from)' },
      {
        resource: 'broadcasts',
        reason:
          'the create (POST /broadcasts) answers a job (`data.jobId`), not the item: id only in the members of a list it holds, none of them told to be the new item',
      },
    ]);
    const lines = describeWorkflows(createEngine(model), model);
    for (const { resource, reason } of notGenerated) expect(lines).toContain(`  no workflow for ${resource}: ${reason}`);
  });

  it('the id the client chose: a create that answers no id stores the item under the one its body sent (stream-io blocklists)', async () => {
    const { steps, requests } = await run('blocklists');
    expect(steps).toEqual(['create', 'read', 'delete', 'read-deleted']);
    const name = requests[0].body.name;
    expect(requests[1].path).toBe(`/blocklists/${encodeURIComponent(name)}`);
    // the same id again: the documented 409, nothing stored twice
    env.served.engine.reset();
    const post = () => env.send(model.operation('POST /blocklists'), { body: { name: 'spam', words: [] } });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(409);
    expect(env.served.engine.records('blocklists')).toHaveLength(1);
  });

  it('a nested object the request names fewer fields of than the answer requires keeps the generated ones on create, the required ones on update (impala bookings)', async () => {
    const { steps, requests } = await run('bookings');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated']);
    const [booking] = env.served.engine.records('bookings');
    expect(Object.keys(booking.notes).sort()).toEqual(['fromGuest', 'fromSeller']);
    // an update that sends the object replaces it, but for what the representation requires
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /bookings'), { body: { notes: { fromGuest: 'late arrival' } } });
    const path = { bookingId: created.body.id };
    const patch = model.operation('PATCH /bookings/{bookingId}');
    expect((await env.send(patch, { path, body: { notes: { fromGuest: 'early' } } })).body.notes).toEqual({
      fromGuest: 'early',
      fromSeller: created.body.notes.fromSeller,
    });
    expect(requests.map((r) => r.operation)).toContain('PATCH /bookings/{bookingId}');
  });

  it('a read whose map is allOf [TagMap (minProperties 1), description], and a list of ids (AWS guardduty detectors)', async () => {
    expect((await run('detectors')).steps).toEqual(['create', 'read', 'list']);
  });

  it("a list that is a map of the items by id, or one written as a property named like the item parameter (just-eat's delivery pools), finds the created one", async () => {
    const pools = await run('pools');
    expect(pools.steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
    const listed = pools.requests.find((r) => r.operation === 'GET /pools');
    expect(listed).toBeDefined();
    expect((await run('zones')).steps).toEqual(['create', 'read', 'list']);
    // the list answers the records by their id, not a field named `pool-id`
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /zones'), { body: { label: 'north' } });
    const list = await env.send(model.operation('GET /zones'), {});
    expect(list.body).toEqual({ [created.body.id]: { id: created.body.id, label: 'north' } });
    await env.send(model.operation('POST /pools'), { body: { name: 'east' } });
    expect(Object.keys((await env.send(model.operation('GET /pools'), {})).body)).toEqual(['east']);
  });

  it('errors documented as `default` only, a nullable list array, a delete that answers `true` (Azure, onsched, vtex)', async () => {
    const { steps } = await run('reviews');
    expect(steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
  });

  it('maps of items by id: a create answering { users: { <id>: user } }, a list answering { channel_types: { <name>: ... } } (stream-io)', async () => {
    expect((await run('users')).steps).toEqual(['create', 'read']);
    expect((await run('channeltypes')).steps).toEqual(['create', 'read', 'list']);
  });

  it('a PUT whose closed body names fewer fields than the create sends only those, and a required list filter takes the item own value (onsched)', async () => {
    const { steps, requests } = await run('appointments');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list']);
    const put = requests.find((r) => r.method === 'PUT');
    expect(Object.keys(put.body)).toEqual(['note']);
    const list = requests.find((r) => r.operation === 'GET /appointments');
    expect(list.query.customerId).toBe(requests[0].body.customerId);
  });

  it('a nested resource whose paths name the parent id otherwise, parameters declared in another order (gitlab notes)', async () => {
    expect(workflow('shelves.books').parents).toEqual([
      { resource: 'shelves', idField: 'id', idParam: 'shelfId', position: 0, operation: 'POST /shelves' },
    ]);
    const { steps, requests } = await run('shelves.books');
    expect(steps).toEqual(['create', 'read']);
    const shelf = env.served.engine.records('shelves')[0].id;
    const book = env.served.engine.records('shelves.books')[0].id;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /shelves',
      `POST /shelves/${shelf}/books`,
      `GET /shelves/${shelf}/books/${book}`,
    ]);
  });

  it("an update changes a field the answer holds as any string, not one it holds as an enum (xero's Payment Status)", async () => {
    const { steps, requests } = await run('payments');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated']);
    const update = requests.find((r) => r.method === 'PATCH');
    expect(update.body.Reference).toMatch(/^changed /);
    expect(update.body.Status).not.toMatch(/^changed /);
  });

  it("a create on a singular path answering its item in a plural array field (AWS mediaconnect's Sources)", async () => {
    expect((await run('flows.source')).steps).toEqual(['create', 'read']);
  });

  it('a form body (gitlab): sent form-urlencoded, read by the fake typed as its schema says, behind Prism', async () => {
    const { steps, requests } = await run('hooks');
    expect(steps).toEqual(['create', 'read', 'delete', 'read-deleted']);
    expect(requests[0].body).toEqual({ url: expect.any(String), push_events: expect.any(Boolean), priority: expect.any(Number) });
    // the answer holds the boolean as the string its schema says
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /hooks'), { body: { url: 'https://h.example', push_events: true, priority: 3 } });
    expect(created).toMatchObject({ status: 201, body: { push_events: 'true', priority: 3 }, violations: null });
  });

  it("a client-chosen id the answer holds only inside another object (gitlab's tag release.tag_name), and a sent updated_at the fake moves", async () => {
    const { steps, requests } = await run('tags');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated']);
    expect(requests[1].path).toBe(`/tags/${encodeURIComponent(requests[0].body.tag_name)}`);
  });

  it("an id the answer holds as a string and a nested resource's path takes as an integer (gitlab's {id}): a counter, valid for both", async () => {
    expect((await run('runners')).steps).toEqual(['create', 'read']);
    const { steps, requests } = await run('runners.labels');
    expect(steps).toEqual(['create', 'read']);
    expect(requests.map((r) => r.path)).toEqual(['/runners', '/runners/1/labels', '/runners/1/labels/1']);
  });

  it("a create-or-update PUT with no create (Azure's Vaults_CreateOrUpdate): the item named in its path, made by the PUT, listed, deleted", async () => {
    expect(workflow('vaults').steps.map((s) => s.operation)).toEqual([
      'PUT /vaults/{vaultName}',
      'GET /vaults/{vaultName}',
      'PUT /vaults/{vaultName}',
      'GET /vaults/{vaultName}',
      'GET /vaults',
      'DELETE /vaults/{vaultName}',
      'GET /vaults/{vaultName}',
    ]);
    expect(createEngine(model).ambiguities).toContain(
      'PUT /vaults/{vaultName}: vaults has no create; a PUT of an unknown id creates it (create-or-update)',
    );
    const { steps, requests } = await run('vaults');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
    const name = requests[0].path.split('/')[2];
    expect(name).toMatch(/^[a-z][a-z0-9-]{2,23}$/);
    expect(requests.filter((r) => r.path === `/vaults/${name}`)).toHaveLength(6);
    // a PUT that only updates makes nothing: the documented 404
    const missing = await env.send(model.operation('PUT /settings/{settingId}'), { path: { settingId: 's1' }, body: { value: 'v' } });
    expect(missing.status).toBe(404);
  });

  it("a list documented with no answer body (getpostman's GET /apis): the list step is left out with its reason, the workflow passes", async () => {
    expect(workflow('keys').skipped).toContainEqual({
      step: 'list',
      reason: 'the list (GET /keys) documents no answer body to find the created one in',
    });
    const { steps, failed } = await run('keys');
    expect(failed).toBeUndefined();
    expect(steps).toEqual(['create', 'read']);
  });

  it("a create that answers its parent too, both with the id field (stream-io's { message, reaction }): the item named like the resource", async () => {
    const { steps, requests } = await run('posts.reaction');
    expect(steps).toEqual(['create', 'delete']);
    const reaction = env.served.engine.requests().find((r) => r.method === 'DELETE');
    expect(reaction.path).toMatch(/^\/posts\/[^/]+\/reaction\/reaction_0001$/);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST', 'DELETE']);
  });
});
