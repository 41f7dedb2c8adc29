// Generated CRUD workflows on classes of resources the corpus run (bench/corpus.md, "The fake
// stage") left without a workflow (declined) or failed, each with a general rule of the inference,
// the engine or the generator: test/fixtures/decline-classes.yaml, one resource per class, served
// as `npm run fake` serves it (the front, real Prism in proxy mode, the engine on 127.0.0.1).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { createEngine } from '@capi/core/fake';
import { describeInference } from '../src/serve.ts';
import { declinedBySpec } from '@capi/scripts/lib/corpus/corpus.ts';
import { generateWorkflows, runWorkflow } from '../src/workflows.ts';
import { servedFixture } from './helpers.ts';

const SPEC = resolve(import.meta.dirname, 'fixtures/decline-classes.yaml');
const model = loadSpecModel(SPEC);
const engine = createEngine(model);
const { workflows, notGenerated } = generateWorkflows(engine.inference.resources, model);
const workflow = (name) => workflows.find((w) => w.resource === name);

describe('generated workflows on classes the corpus run declined', () => {
  const env = servedFixture(SPEC, 'decline-classes');
  const run = (name) => env.run(model, workflow(name));

  it('a resource nested under a parent nothing creates (gmail users/{userId}) gets a workflow under a given parent id, kept per parent', async () => {
    expect(notGenerated.map((n) => n.resource)).not.toContain('users.labels');
    expect(workflow('users.labels').given).toEqual(['users']);
    const { steps, requests } = await run('users.labels');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
    const userId = requests[0].path.split('/')[2];
    expect(requests.every((r) => r.path.startsWith(`/users/${userId}/labels`))).toBe(true);
    // another user's labels are another bucket, and the parent itself is still not found
    env.served.engine.reset();
    const created = await env.send(model.operation('POST /users/{userId}/labels'), { path: { userId: 'me' }, body: { name: 'x' } });
    expect(created.status).toBe(200);
    const list = model.operation('GET /users/{userId}/labels');
    expect((await env.send(list, { path: { userId: 'me' } })).body.labels).toHaveLength(1);
    expect((await env.send(list, { path: { userId: 'other' } })).body.labels).toHaveLength(0);
    expect((await env.send(model.operation('GET /users/{userId}'), { path: { userId: 'me' } })).status).toBe(404);
    expect(describeInference(engine, model).join('\n')).toContain(
      'users: no operation creates it; any {userId} is taken to exist for users.labels nested under it',
    );
  });

  it('so does one under a parent that has no item path either (gitlab projects/{id}/boards)', async () => {
    expect(workflow('boards.cards').given).toEqual(['boards']);
    expect((await run('boards.cards')).steps).toEqual(['create', 'read']);
  });

  it("an id parameter that ends in a field's name is that field, and a path that names the item otherwise still names it (gmail {cseEmailAddress})", async () => {
    expect(engine.inference.resources.find((r) => r.name === 'identities').idField).toBe('emailAddress');
    const { steps, requests } = await run('identities');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated']);
    const [identity] = env.served.engine.records('identities');
    expect(requests.slice(1).map((r) => r.path)).toEqual(Array(3).fill(`/identities/${encodeURIComponent(identity.emailAddress)}`));
  });

  it("an id parameter named like no field is the one required field its pattern accepts, the resource's own over its parent's (appfabric arn)", async () => {
    const idOf = (name) => engine.inference.resources.find((r) => r.name === name).idField;
    expect([idOf('bundles'), idOf('bundles.ingestions')]).toEqual(['arn', 'arn']);
    expect((await run('bundles')).steps).toEqual(['create', 'read']);
    const { requests } = await run('bundles.ingestions');
    const [bundle] = env.served.engine.records('bundles');
    const [ingestion] = env.served.engine.records('bundles.ingestions');
    expect(requests.at(-1).path).toBe(`/bundles/${encodeURIComponent(bundle.arn)}/ingestions/${encodeURIComponent(ingestion.arn)}`);
  });

  it('a read documented only as text/html is no read of the item: answered from its schema with its media type (presalytics cache)', async () => {
    const pages = engine.inference.resources.find((r) => r.name === 'pages');
    expect(pages.operations.map((o) => o.kind)).toEqual(['create', 'delete']);
    expect(engine.ambiguities).toContain(
      'GET /pages/{nonce}: answers no JSON (only another media type), so no representation of an item; answered from its schema',
    );
    expect((await run('pages')).steps).toEqual(['create', 'delete']);
    const res = await fetch(`${env.served.url}/pages/any`, { headers: { authorization: 'Bearer t' } });
    expect([res.status, res.headers.get('content-type'), res.headers.get('sl-violations')]).toEqual([200, 'text/html', null]);
    expect(typeof (await res.text())).toBe('string');
  });

  it('a create that answers no id names the new item in its documented Location header: the fake writes it, the workflow reads the id there', async () => {
    expect(notGenerated.map((n) => n.resource)).not.toContain('jobs');
    const { steps, requests } = await run('jobs');
    expect(steps).toEqual(['create', 'read']);
    const [job] = env.served.engine.records('jobs');
    expect(requests[1].path).toBe(`/jobs/${encodeURIComponent(job.jobId)}`);
    const created = await env.send(model.operation('POST /jobs'), { body: { kind: 'x' } });
    expect(created.location).toMatch(/\/jobs\/[^/]+$/);
  });

  it('an item in one of several optional members that hold the same id field (route53 safety rules) is the first member, the only one answered', async () => {
    const { steps, requests } = await run('rule');
    expect(steps).toEqual(['create', 'read']);
    const [rule] = env.served.engine.records('rule');
    expect(requests[1].path).toBe(`/rule/${encodeURIComponent(rule.RuleArn)}`);
    const read = await env.send(model.operation('GET /rule/{RuleArn}'), { path: { RuleArn: rule.RuleArn } });
    expect(Object.keys(read.body)).toEqual(['AssertionRule']);
  });

  it('items made at a plural path and read at its singular (outposts /catalog/items and /catalog/item/{id}) are one resource, read back and deleted', async () => {
    const badges = engine.inference.resources.find((r) => r.name === 'badges');
    expect([badges.collection, badges.item]).toEqual(['/badges', '/badge/{badgeId}']);
    const { steps, requests } = await run('badges');
    expect(steps).toEqual(['create', 'read', 'delete', 'read-deleted']);
    expect(requests.map((r) => r.operation)).toEqual([
      'POST /badges',
      'GET /badge/{badgeId}',
      'DELETE /badge/{badgeId}',
      'GET /badge/{badgeId}',
    ]);
  });

  it('items made and listed under a parent and addressed at a path of their own (ably /accounts/{account_id}/apps and /apps/{id}) are one resource', async () => {
    const teams = engine.inference.resources.find((r) => r.name === 'teams');
    expect(teams.operations.map((o) => `${o.kind} ${o.key}`).sort()).toEqual([
      'create POST /orgs/{orgId}/teams',
      'delete DELETE /teams/{id}',
      'list GET /orgs/{orgId}/teams',
      'read GET /teams/{id}',
      'update PATCH /teams/{id}',
    ]);
    expect(engine.inference.resources.map((r) => r.name)).not.toContain('orgs/teams');
    const { steps, requests } = await run('teams');
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
    const [team] = await env
      .send(model.operation('GET /orgs/{orgId}/teams'), { path: { orgId: requests[0].path.split('/')[2] } })
      .then((r) => r.body);
    expect(team).toBeUndefined(); // deleted
    // what is nested under it is made under a team the workflow creates first, and only under one that exists
    expect(workflow('teams.seats').parents?.map((p) => p.resource)).toEqual(['teams']);
    const seats = await run('teams.seats');
    expect(seats.steps).toEqual(['create', 'read']);
    expect(seats.requests.map((r) => r.operation)).toEqual([
      'POST /orgs/{orgId}/teams',
      'POST /teams/{teamId}/seats',
      'GET /teams/{teamId}/seats/{seatId}',
    ]);
    const seat = await env.send(model.operation('POST /teams/{teamId}/seats'), { path: { teamId: 'nobody' }, body: { holder: 'x' } });
    expect(seat.status).toBe(404);
  });

  it('items held in the one array field of a configuration (codeguruprofiler notification channels) are added, listed and removed by their id', async () => {
    expect(engine.inference.resources.find((r) => r.name === 'alerting').idField).toBe('id');
    expect(notGenerated.map((n) => n.resource)).not.toContain('alerting');
    const { steps, requests } = await run('alerting');
    expect(steps).toEqual(['create', 'list', 'delete']);
    const id = decodeURIComponent(requests[2].path.split('/')[2]);
    expect(requests[2].operation).toBe('DELETE /alerting/{channelId}');
    env.served.engine.reset();
    const added = await env.send(model.operation('POST /alerting'), { body: { channels: [{ uri: 'https://hooks.example.com/a' }] } });
    // (the channel is generated: the sent list is no item of its own, as mediaconnect's `{ Outputs: [...] }` adds)
    const [channel] = added.body.alerting.channels;
    expect(added.body.alerting.channels).toHaveLength(1);
    const listed = await env.send(model.operation('GET /alerting'), {});
    expect(listed.body.alerting.channels.map((c) => c.id)).toEqual([channel.id]);
    expect((await env.send(model.operation('DELETE /alerting/{channelId}'), { path: { channelId: channel.id } })).status).toBe(200);
    expect((await env.send(model.operation('DELETE /alerting/{channelId}'), { path: { channelId: channel.id } })).status).toBe(404);
    expect(id).toMatch(/^alerting_/);
  });

  it("an id in a union by property, named by the end of the parameter's name (mediaconnect bridge outputs' Name of {outputName}), is the first member's", async () => {
    expect(engine.inference.resources.find((r) => r.name === 'outputs').idField).toBe('FlowOutput.Name');
    expect(notGenerated.map((n) => n.resource)).not.toContain('outputs');
    const { steps, requests } = await run('outputs');
    expect(steps).toEqual(['create', 'update', 'delete']);
    const [created] = requests;
    expect(created.operation).toBe('POST /outputs');
    expect(env.served.engine.records('outputs')).toEqual([]);
    const name = decodeURIComponent(requests[1].path.split('/')[2]);
    expect(requests.slice(1).map((r) => r.path)).toEqual(Array(2).fill(`/outputs/${encodeURIComponent(name)}`));
    expect(name).toMatch(/^outputs_/);
  });

  it('a create that requires a body other than JSON or a form (an octet-stream upload: xero attachments) gets no workflow, and says why', () => {
    expect(notGenerated).toContainEqual({
      resource: 'uploads',
      reason:
        'the create (POST /uploads) requires a body of application/octet-stream, which a generated workflow does not make (it sends JSON, a form or a multipart form)',
    });
  });
});

describe('Google AIP resources: {parent} and {name} hold whole resource names (eventarc, baremetalsolution)', () => {
  const env = servedFixture(SPEC, 'decline-classes');
  const byName = (name) => engine.inference.resources.find((r) => r.name === name);

  it('GET /v1beta1/{name} is the item of the collection its operationId names; {name}:verb is a custom method on it, a GET one answered from its schema', () => {
    const triggers = byName('triggers');
    expect([triggers.collection, triggers.item, triggers.idField, triggers.nameSegment]).toEqual([
      '/v1beta1/{parent}/triggers',
      '/v1beta1/{name}',
      'name',
      'triggers',
    ]);
    expect(triggers.operations.map((o) => `${o.kind} ${o.key}`)).toEqual([
      'list GET /v1beta1/{parent}/triggers',
      'create POST /v1beta1/{parent}/triggers',
      'read GET /v1beta1/{name}',
      'delete DELETE /v1beta1/{name}',
      'update PATCH /v1beta1/{name}',
      'action POST /v1beta1/{resource}:setIamPolicy',
    ]);
    expect(byName('operations').operations.map((o) => `${o.kind} ${o.key}`)).toContain('action POST /v1beta1/{name}:cancel');
    expect(engine.inference.resources.map((r) => r.name)).not.toContain('v1beta1');
    expect(engine.inference.other.map((o) => o.key)).toContain('GET /v1beta1/{resource}:getIamPolicy');
  });

  it('a create that answers a long-running operation names its item by the triggerId it sends (AIP-133): the whole name is read back, listed under its parent, deleted', async () => {
    const { steps } = await env.run(model, workflow('triggers'));
    expect(steps).toEqual(['create', 'read', 'update', 'read-updated', 'list', 'delete', 'read-deleted']);
    const requests = env.served.engine.requests();
    const parent = decodeURIComponent(requests[0].path.split('/')[2]);
    expect(requests[0].query).toEqual({ triggerId: 'trigger-1' });
    expect(requests[1].path).toBe(`/v1beta1/${encodeURIComponent(`${parent}/triggers/trigger-1`)}`);
    // the operation's own name is not the item's; another parent lists none of it; a custom method needs the item
    env.served.engine.reset();
    const create = model.operation('POST /v1beta1/{parent}/triggers');
    const made = await env.send(create, {
      path: { parent: 'projects/p/locations/l' },
      query: { triggerId: 't1' },
      body: { destination: 'd' },
    });
    expect(made.body).toMatchObject({ done: true, response: { name: 'projects/p/locations/l/triggers/t1', destination: 'd' } });
    expect(made.body.name).toMatch(/^operations\//);
    const again = await env.send(create, { path: { parent: 'projects/p/locations/l' }, query: { triggerId: 't1' }, body: {} });
    expect(again.status).toBeGreaterThanOrEqual(400);
    const list = model.operation('GET /v1beta1/{parent}/triggers');
    expect((await env.send(list, { path: { parent: 'projects/p/locations/l' } })).body.triggers).toHaveLength(1);
    expect((await env.send(list, { path: { parent: 'projects/q/locations/l' } })).body.triggers).toHaveLength(0);
    const setIam = model.operation('POST /v1beta1/{resource}:setIamPolicy');
    expect((await env.send(setIam, { path: { resource: 'projects/p/locations/l/triggers/t1' }, body: {} })).status).toBe(200);
    expect((await env.send(setIam, { path: { resource: 'projects/p/locations/l/triggers/t2' }, body: {} })).status).toBe(404);
    const read = model.operation('GET /v1beta1/{name}');
    expect((await env.send(read, { path: { name: 'projects/p/locations/l/snapshots/t1' } })).status).toBe(404);
  });

  it("a create that answers the item names it by its `name`; one that answers a long-running operation and takes no id, by the done operation's `response.name`", async () => {
    expect((await env.run(model, workflow('snapshots'))).steps).toEqual(['create', 'read', 'delete', 'read-deleted']);
    expect(notGenerated.map((n) => n.resource)).not.toContain('volumes');
    const { steps, requests } = await env.run(model, workflow('volumes'));
    expect(steps).toEqual(['create', 'read']);
    // the read names the item the operation's response holds, not the operation (`operations/...`)
    const [volume] = env.served.engine.records('volumes');
    expect(requests.at(-1).path).toBe(`/v2/${encodeURIComponent(volume.name)}`);
    expect(volume.name).toMatch(/\/volumes\/[^/]+$/);
  });
});

describe('a create that answers no body at all: the one member its list gains (crucible reviews, had its list documented them)', () => {
  const env = servedFixture(SPEC, 'decline-classes');

  it('lists before and after the create, reads back the one new member, and names it as the parent of a nested one', async () => {
    expect(workflow('notes').listed).toBe(true);
    const { steps } = await env.run(model, workflow('notes'));
    expect(steps).toEqual(['create', 'read', 'list', 'delete', 'read-deleted']);
    const paths = env.served.engine.requests().map((r) => `${r.method} ${r.path}`);
    expect(paths.slice(0, 3)).toEqual(['GET /notes', 'POST /notes', 'GET /notes']);
    expect((await env.run(model, workflow('notes.tags'))).steps).toEqual(['create', 'read', 'list']);
    const [note] = env.served.engine.records('notes');
    expect(env.served.engine.requests().at(-1).path).toBe(`/notes/${note.id}/tags`);
  });

  it('only when exactly one new member appears: another create meanwhile fails the workflow, saying why', async () => {
    env.served.engine.reset();
    const create = model.operation('POST /notes');
    const twice = async (op, sent) => {
      if (op.key === create.key) await env.send(op, sent);
      return env.send(op, sent);
    };
    await expect(runWorkflow(model, workflow('notes'), twice)).rejects.toThrow(
      'the create answered no body and the list gained 2 members, not one: nothing names the new item',
    );
  });

  it('a list that documents no body has nothing to look in: declined, saying why', () => {
    expect(notGenerated).toContainEqual({
      resource: 'memos',
      reason:
        'the create (POST /memos) answers no body and its list (GET /memos) documents no items to find the new one among: nothing names the new item',
    });
  });
});

describe('an id two objects deep (networkmanager vpc-attachments)', () => {
  const env = servedFixture(SPEC, 'decline-classes');

  it('is the one field one object down named like the item parameter: stored there, read back by it', async () => {
    expect(engine.inference.resources.find((r) => r.name === 'vpc-attachments').idField).toBe('Attachment.AttachmentId');
    expect((await env.run(model, workflow('vpc-attachments'))).steps).toEqual(['create', 'read']);
    const [record] = env.served.engine.records('vpc-attachments');
    const requests = env.served.engine.requests();
    expect(requests[1].path).toBe(`/vpc-attachments/${encodeURIComponent(record.Attachment.AttachmentId)}`);
    const read = await env.send(model.operation('GET /vpc-attachments/{attachmentId}'), {
      path: { attachmentId: record.Attachment.AttachmentId },
    });
    expect(read.body.VpcAttachment.Attachment.AttachmentId).toBe(record.Attachment.AttachmentId);
  });

  it('two such fields are no answer: declined, as before', () => {
    expect(engine.inference.resources.find((r) => r.name === 'links').idField).toBe('linkId');
    expect(notGenerated.map((n) => n.resource)).toContain('links');
  });
});

describe('a new id the item path accepts (service-map machineGroups)', () => {
  const env = servedFixture(SPEC, 'decline-classes');

  it("is made as the path parameter's schema constrains it where the id field's does not, so Prism lets the read through", async () => {
    expect((await env.run(model, workflow('groups'))).steps).toEqual(['create', 'read']);
    const [group] = env.served.engine.records('groups');
    expect(group.name).toHaveLength(36);
  });
});

describe("the item's id field, where another operation's answer names the item otherwise", () => {
  const env = servedFixture(SPEC, 'decline-classes');
  const byName = (name) => engine.inference.resources.find((r) => r.name === name);

  it("is the read's and the create's field, not an action's answer named like the item parameter (cognitiveservices projects)", async () => {
    expect(byName('albums').idField).toBe('id');
    env.served.engine.reset();
    expect((await runWorkflow(model, workflow('albums'), env.send)).steps).toEqual(['create', 'read']);
    const [album] = env.served.engine.records('albums');
    expect(env.served.engine.requests()[1].path).toBe(`/albums/${encodeURIComponent(album.id)}`);
  });

  it("is the create's field, not the delete's acknowledgement named like the item parameter (mediaconnect vpcInterfaces)", async () => {
    expect(byName('gateways').idField).toBe('Name');
    env.served.engine.reset();
    const answers = [];
    const keep = async (op, sent) => {
      const res = await env.send(op, sent);
      answers.push(res.body);
      return res;
    };
    expect((await runWorkflow(model, workflow('gateways'), keep)).steps).toEqual(['create', 'delete']);
    const [, deleted] = env.served.engine.requests();
    expect(deleted.path).toBe(`/gateways/${encodeURIComponent(answers[0].Name)}`);
    expect(answers[1].GatewayName).toBeTypeOf('string');
    expect(env.served.engine.records('gateways')).toEqual([]);
  });

  it('of a task handle read at a bare {id} is the one id-like field its create and its read both show (stream-io export_channels)', async () => {
    expect(byName('exports').idField).toBe('task_id');
    env.served.engine.reset();
    expect((await runWorkflow(model, workflow('exports'), env.send)).steps).toEqual(['create', 'read']);
    const [task] = env.served.engine.records('exports');
    expect(env.served.engine.requests()[1].path).toBe(`/exports/${encodeURIComponent(task.task_id)}`);
  });

  it('at a bare {id} whose read documents no body is the one id-like field its create shows (avaza invoices: TransactionID beside ...IDFK keys)', async () => {
    expect(byName('ledgers').idField).toBe('TransactionID');
    env.served.engine.reset();
    expect((await runWorkflow(model, workflow('ledgers'), env.send)).steps).toEqual(['create', 'list']);
  });

  it('a POST named like a read on a collection with items below it creates none: no workflow is owed (stream-io POST /calls GetCallToken)', () => {
    expect(byName('sessions').operations.map((o) => o.kind)).toEqual(['read']);
    expect(engine.ambiguities).toContain(
      'POST /sessions: POST named like a read (GetSessionToken), not a create; answered from its schema',
    );
    expect(notGenerated).toContainEqual({ resource: 'sessions', reason: 'no create operation (nothing to start a workflow from)' });
  });
});

describe('declined where any id would be a guess, each saying what the create answers instead', () => {
  it('an envelope whose member holding the item names no field (edrv result: { type: object })', () => {
    expect(notGenerated).toContainEqual({
      resource: 'devices',
      reason:
        "the create (POST /devices) answers the item in `result`, which names no field, so it documents no id: the id field would be a guess (declare the resource's idField in the testing entry)",
    });
  });

  it('members that each hold a field that ends the item parameter beside a field of another kind (no union by property: `Kind` is no member)', () => {
    expect(notGenerated).toContainEqual({
      resource: 'ports',
      reason:
        "the create (POST /ports) answers Ports.WiredPort.Name and Ports.WirelessPort.Name: which member names the item is not told, and no field is named PortName (declare the resource's idField in the testing entry)",
    });
  });

  it('a task handle that holds no id-like field (aiception tasks): its fields named', () => {
    expect(notGenerated).toContainEqual({
      resource: 'tasks',
      reason:
        "the create (POST /tasks) answers no taskId (it shows answer, image_url, this_url) and its body does not choose one: nothing names the new item (declare the resource's idField in the testing entry)",
    });
  });
});

describe("the corpus run's reading of a decline: the spec's, or the generator's or harness's limit", () => {
  // bench/corpus.md counts a resource declined for the tool's or the harness's limit against the
  // workflows target and says apart those whose spec names no new item and lists none to count
  // it in (`declinedBySpec`, which reads the generator's reasons as text): pinned here to the
  // reasons the generator gives on the decline fixtures
  const CLASSES = resolve(import.meta.dirname, 'fixtures/workflow-classes.yaml');
  const classes = loadSpecModel(CLASSES);
  const declines = [...notGenerated, ...generateWorkflows(createEngine(classes).inference.resources, classes).notGenerated].filter(
    (n) => !/^no (create operation|item path)/.test(n.reason),
  );
  const cause = Object.fromEntries(declines.map((n) => [n.resource, declinedBySpec(`${n.resource}: ${n.reason}`) ? 'spec' : 'ours']));

  it('the create names no new item and nothing counts it: the spec; a body not made or a form Prism cannot read: ours', () => {
    expect(cause).toEqual({
      memos: 'spec', // no body, and a list that documents no items
      links: 'spec', // no id-like field among those it shows
      ports: 'spec', // several members could name it
      tasks: 'spec', // a task handle
      devices: 'spec', // a member that names no field
      exports: 'spec',
      broadcasts: 'spec', // an asynchronous job's list
      uploads: 'ours', // a body the generator does not make
      commits: 'ours', // a form Prism cannot read
    });
  });

  it("a nested resource's decline is its parent's, and a reason not known is ours", () => {
    const memos = declines.find((n) => n.resource === 'memos');
    expect(declinedBySpec(`memos.notes: nested under memos: ${memos.reason}`)).toBe(true);
    expect(declinedBySpec('memos.notes: nested under memos, which has no create operation (its item cannot be made first)')).toBe(true);
    expect(
      declinedBySpec(
        'memos.notes: nested under uploads: the create (POST /uploads) requires a body of application/octet-stream, which a generated workflow does not make (it sends JSON, a form or a multipart form)',
      ),
    ).toBe(false);
    expect(declinedBySpec('x: something new the generator says')).toBe(false);
  });
});
