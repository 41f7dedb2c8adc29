// Scenarios: each provider's fake (inferred from its spec, with the rules of its testing entry),
// behind Prism (proxy mode, errors on), driven through the provider's own client. The same
// scenarios for every provider (seeded customer updated, read back through a second update,
// conflict, not found, auth failure), with the two changes its testing entry gives, then the
// scenarios of its own rules from the same entry (packages/<provider>/testing.ts). Every answer goes through update() in helpers.mjs, which
// fails when the fake drifts from the effective spec. Each test carries meta.scenario for the
// conformance report.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@capi/conformance/clients.ts';
import { repoRoot, selectedProviders } from '@capi/conformance/selected.ts';
import { createEngine } from '@capi/core/fake';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { fakes, inferOptions } from '../src/providers.ts';
import { engineOptions, startFake } from '../src/serve.ts';
import { createLinks, generateWorkflows, runWorkflow } from '../src/workflows.ts';
import { customerIn, unknownId, update, useFake } from './helpers.ts';

/**
 * The generated CRUD workflows of every provider (src/workflows.ts), one test each, on its fake
 * (with its rules, when it has a `fake`) behind Prism, through its own client. Each test's
 * meta.scenario names the workflow and the steps it leaves out.
 */
function generatedWorkflows(provider, model) {
  const name = provider.name;
  const config = fakes[name];
  describe(`${name} generated workflows`, () => {
    if (!model) {
      it('has an effective spec', () => {
        throw new Error(`${provider.effective} is missing: run \`npm run generate\` first`);
      });
      return;
    }
    const options = config ? engineOptions(config) : (inferOptions[name] ?? {});
    const { workflows, notGenerated } = generateWorkflows(createEngine(model, options).inference.resources, model);
    const ignore = Object.fromEntries(
      Object.entries(config?.resources ?? {}).map(([r, rule]) => [r, [...Object.keys(rule.set ?? {}), ...(rule.hidden ?? [])]]),
    );
    const env = {};
    beforeAll(async () => {
      try {
        const served = await startFake(name, { root: repoRoot, model });
        env.close = served.close;
        const client = await createClient(name, served.url, config?.clients.valid[0]?.options ?? {});
        env.send = async (op, { path, query, header, body }) => {
          const { data, error, response } = await client.request(op.method.toLowerCase(), op.path, {
            params: { ...(path ? { path } : {}), ...(query ? { query } : {}), ...(header ? { header } : {}) },
            ...(body === undefined ? {} : { body }),
          });
          const failure = error && typeof error === 'object' && 'documented' in error ? error.body : error;
          return {
            status: response.status,
            body: data ?? failure,
            violations: response.headers.get('sl-violations'),
            location: response.headers.get('location'),
          };
        };
        env.reset = () => served.engine.reset();
      } catch (err) {
        env.error = new Error(`[${name}] cannot start the fake behind Prism: ${err.format?.() ?? err.message}`);
      }
    });
    afterAll(async () => env.close?.());
    for (const w of workflows) {
      const skipped = w.skipped.map((s) => `${s.step}: ${s.reason}`);
      const title = `generated workflow ${w.resource}: ${w.steps.map((s) => s.step).join(', ')}${skipped.length ? ` (skipped ${w.skipped.map((s) => s.step).join(', ')})` : ''}`;
      // the OpenAPI links of the create's answer, followed or not (and why), for the report
      const links = createLinks(model, w);
      it(title, { meta: { scenario: { provider: name, workflow: w.resource, steps: w.steps, skipped, links } } }, async (ctx) => {
        if (env.error) throw env.error;
        env.reset();
        try {
          const { unchecked } = await runWorkflow(model, w, env.send, { ignore, seed: name });
          // a read-back that had nothing to compare is said, as a step left out (the report's `skipped`)
          if (unchecked.length)
            ctx.task.meta.scenario = {
              ...ctx.task.meta.scenario,
              skipped: [...skipped, ...unchecked.map((u) => `${u.step}: ${u.reason}`)],
            };
        } catch (err) {
          // Reported, not gating: a generated workflow that fails on a real spec is most often the
          // inferred fake's limit (a list item shape it does not fill), not the client's or the
          // spec's; it counts as not passed in the summary (n/m) with its reason in the report
          // (docs/fakes.md, "Generated workflows"). The workflows' own tests gate (workflows.test.mjs).
          // the reason travels in the report too (vitest's JSON keeps no skip note): the corpus
          // run's fake stage classes it (scripts/lib/corpus/fake-stage.ts)
          ctx.task.meta.scenario = { ...ctx.task.meta.scenario, failed: err.message };
          ctx.skip(`generated workflow did not pass (reported, not gating): ${err.message}`);
        }
      });
    }
    for (const { resource, reason } of notGenerated) {
      it(
        `no generated workflow for ${resource}: ${reason}`,
        { meta: { scenario: { provider: name, workflow: resource, none: true } } },
        (ctx) => ctx.skip(reason),
      );
    }
  });
}

for (const provider of selectedProviders()) {
  const name = provider.name;
  const config = fakes[name];
  // read once: the generated workflows, their fake and the scenarios' fake all use it
  const model = existsSync(provider.effective) ? loadSpecModel(provider.effective, { provider: name }) : undefined;
  generatedWorkflows(provider, model);
  describe(name, () => {
    const scenario = (title, fn) => it(title, { meta: { scenario: { provider: name } } }, fn);
    if (!config) {
      // not a failure: the provider has no fake yet, and the report says so
      it('has a fake', { meta: { scenario: { provider: name, none: true } } }, (ctx) =>
        ctx.skip(`no fake: packages/${name}/testing.ts has no \`fake\` (see docs/fakes.md)`),
      );
      return;
    }
    const env = useFake(name, { model });
    // the seeded records as stored (derived fields included), and as answers show them
    const seed = [];
    const idOf = (c) => env.target.idOf(c);
    const hidden = () => config.resources?.[env.target.resource.name]?.hidden ?? [];
    const before = (i = 0) => Object.fromEntries(Object.entries(seed[i]).filter(([k]) => !hidden().includes(k)));
    const stampField = () => ['updatedAt', 'updated_at'].find((f) => Object.hasOwn(seed[0], f));
    const [first, second] = config.changes;
    beforeAll(() => {
      if (env.target) seed.push(...env.target.records);
    });

    scenario('updates a seeded customer: change applied, other fields unchanged, updatedAt moved forward', async () => {
      const stamp = stampField();
      const { status, data } = await update(env, { id: idOf(seed[0]), body: first });
      expect(status).toBe(200);
      const after = customerIn(data);
      expect(after).toEqual({ ...before(), ...first, ...(stamp ? { [stamp]: expect.any(String) } : {}) });
      if (stamp) expect(Date.parse(after[stamp])).toBeGreaterThan(Date.parse(before()[stamp]));
    });

    scenario('a second update reads back the first one and moves updatedAt again', async () => {
      const stamp = stampField();
      const one = customerIn((await update(env, { id: idOf(seed[0]), body: first })).data);
      const two = customerIn((await update(env, { id: idOf(seed[0]), body: second })).data);
      expect(two).toEqual({ ...before(), ...first, ...second, ...(stamp ? { [stamp]: expect.any(String) } : {}) });
      if (stamp) expect(Date.parse(two[stamp])).toBeGreaterThan(Date.parse(one[stamp]));
    });

    scenario("another customer's email gives the documented conflict response and changes nothing", async () => {
      const documents409 = env.operation.responses.some((r) => r.status === '409');
      const res = await update(env, { id: idOf(seed[0]), body: { ...first, email: seed[1].email } });
      expect(res.status).toBe(documents409 ? 409 : 400);
      expect(res.data).toBeUndefined();
      const after = customerIn((await update(env, { id: idOf(seed[0]), body: second })).data);
      expect(after.email).toBe(seed[0].email);
      expect(after).toMatchObject(Object.fromEntries(Object.keys(first).map((k) => [k, before()[k]])));
    });

    scenario('an unknown id gives the documented 404 body', async () => {
      const res = await update(env, { id: unknownId(env), body: first });
      expect(res.status).toBe(404);
      expect(res.error).toBeDefined();
    });

    scenario('credentials the provider does not know give its 401 body', async () => {
      const res = await update(env, { id: idOf(seed[0]), body: first, client: await env.clientWith(config.clients.invalid) });
      expect(res.status).toBe(401);
      expect(res.error).toBeDefined();
      expect(env.stored(idOf(seed[0]))).toEqual(seed[0]);
    });

    scenario('every documented way to authenticate is accepted', async () => {
      for (const [i, { options }] of config.clients.valid.entries()) {
        const res = await update(env, { id: idOf(seed[i % seed.length]), body: second, client: await env.clientWith(options) });
        expect(res.status).toBe(200);
      }
    });

    // the provider's own rules, from its testing entry (assertions with node:assert)
    const context = {
      seed,
      update: async ({ id, body, options }) => update(env, { id, body, ...(options ? { client: await env.clientWith(options) } : {}) }),
      stored: (id) => env.stored(id),
    };
    for (const [title, fn] of Object.entries(config.scenarios ?? {})) scenario(title, () => fn(context));
  });
}
