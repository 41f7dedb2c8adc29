// The breaking-change rules (scripts/lib/diff/spec-diff.ts), one test per rule, each on the salesive
// effective document with one change applied; and the semver bump they lead to.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadProviders } from '../../lib/registry/registry.ts';
import { checkOverlay } from '../../lib/overlay/overlay.ts';
import { diffSpecs, semverBump } from '../../lib/diff/spec-diff.ts';

const salesive = loadProviders().find((p) => p.name === 'salesive');
const base = checkOverlay(salesive.overlays[0], parse(readFileSync(salesive.root, 'utf8')), { provider: 'salesive' }).document;
const OP = 'PUT /customers/{id}';
const put = (d) => d.paths['/customers/{id}'].put;
const schemas = (d) => d.components.schemas;

/** Changes of `change` applied to a copy of the base document (and `prepare` to both sides). */
function diff(change, prepare = () => {}) {
  const before = structuredClone(base);
  prepare(before);
  const after = structuredClone(before);
  change(after);
  return diffSpecs(before, after);
}
const rules = (changes) => changes.map((c) => `${c.class} ${c.rule}`);

describe('breaking changes (one rule each)', () => {
  it('removed operation', () => {
    const changes = diff((d) => delete d.paths['/customers/{id}'].put);
    expect(changes).toEqual([{ class: 'breaking', rule: 'operation-removed', where: OP, detail: `${OP} no longer exists` }]);
  });

  it('removed response status', () => {
    const changes = diff((d) => delete put(d).responses['403']);
    expect(rules(changes)).toEqual(['breaking response-status-removed']);
    expect(changes[0].detail).toMatch(/^response 403 removed/);
  });

  it('new required request field (new field, optional made required, body made required)', () => {
    expect(
      rules(
        diff((d) => {
          schemas(d).CustomerUpdate.properties.nickname = { type: 'string' };
          schemas(d).CustomerUpdate.required = ['nickname', 'email'];
        }),
      ),
    ).toEqual(['breaking new-required-request-field', 'breaking new-required-request-field']);
    const changes = diff((d) => (schemas(d).CustomerUpdate.required = ['email']));
    expect(changes[0].detail).toBe('request body: email is now required');
    expect(
      rules(
        diff(
          (d) => (put(d).requestBody.required = true),
          (d) => (put(d).requestBody.required = false),
        ),
      ),
    ).toEqual(['breaking new-required-request-field']);
  });

  it('new required parameter', () => {
    const changes = diff((d) => put(d).parameters.push({ name: 'store', in: 'query', required: true, schema: { type: 'string' } }));
    expect(changes).toEqual([{ class: 'breaking', rule: 'new-required-param', where: OP, detail: 'new required query store parameter' }]);
  });

  it('narrowed request enum', () => {
    const withEnum = (d) => (schemas(d).CustomerUpdate.properties.tier = { type: 'string', enum: ['gold', 'silver', 'bronze'] });
    const changes = diff((d) => (schemas(d).CustomerUpdate.properties.tier.enum = ['gold', 'silver']), withEnum);
    expect(changes).toEqual([
      { class: 'breaking', rule: 'request-enum-narrowed', where: OP, detail: 'request body: tier: "bronze" no longer accepted' },
    ]);
  });

  it('narrowed request type', () => {
    const changes = diff((d) => (schemas(d).CustomerUpdate.properties.phone.type = 'string'));
    expect(changes).toEqual([
      {
        class: 'breaking',
        rule: 'request-type-narrowed',
        where: OP,
        detail: 'request body: phone: type string | null → string (values of type null are refused)',
      },
    ]);
  });

  it('removed response field', () => {
    const changes = diff((d) => delete schemas(d).Customer.properties.online);
    expect(changes).toEqual([
      { class: 'breaking', rule: 'response-field-removed', where: OP, detail: 'response 200: data.online removed' },
    ]);
  });

  it('newly nullable response field (OAS 3.1 type array and OAS 3.0 nullable)', () => {
    const changes = diff((d) => (schemas(d).Customer.properties.name.type = ['string', 'null']));
    expect(changes).toEqual([
      {
        class: 'breaking',
        rule: 'response-field-nullable',
        where: OP,
        detail: 'response 200: data.name can now be null (string → string | null)',
      },
    ]);
    expect(rules(diff((d) => (schemas(d).Customer.properties.email.nullable = true)))).toEqual(['breaking response-field-nullable']);
  });

  it('changed security', () => {
    const changes = diff((d) => {
      d.components.securitySchemes.ApiKey = { type: 'apiKey', in: 'header', name: 'x-api-key' };
      d.security = [{ ApiKey: [] }];
    });
    expect(changes).toEqual([
      { class: 'breaking', rule: 'security-changed', where: OP, detail: 'AppToken (http bearer) → ApiKey (apiKey header x-api-key)' },
    ]);
    // the same scheme name, sent differently
    expect(rules(diff((d) => (d.components.securitySchemes.AppToken = { type: 'apiKey', in: 'query', name: 'token' })))).toEqual([
      'breaking security-changed',
    ]);
  });

  it('changed server', () => {
    const changes = diff((d) => (d.servers[0].url = 'https://api.salesive.com/api/v2'));
    expect(changes).toEqual([
      {
        class: 'breaking',
        rule: 'server-changed',
        where: 'servers',
        detail:
          'default server https://api.salesive.com/api/v1 → https://api.salesive.com/api/v2: clients that rely on the default base URL now call another address',
      },
    ]);
  });
});

describe('constraints and per-operation servers', () => {
  it('a tightened request constraint is breaking; a loosened one is not', () => {
    const prep = (d) => Object.assign(schemas(d).CustomerUpdate.properties.name, { maxLength: 100, minLength: 1 });
    expect(diff((d) => (schemas(d).CustomerUpdate.properties.name.maxLength = 50), prep)).toEqual([
      {
        class: 'breaking',
        rule: 'request-constraint-tightened',
        where: OP,
        detail: 'request body: name: maxLength 100 → 50 (values accepted before are refused)',
      },
    ]);
    expect(rules(diff((d) => (schemas(d).CustomerUpdate.properties.name.pattern = '^[A-Z]'), prep))).toEqual([
      'breaking request-constraint-tightened',
    ]);
    expect(rules(diff((d) => (schemas(d).CustomerUpdate.properties.name.minLength = 3), prep))).toEqual([
      'breaking request-constraint-tightened',
    ]);
    expect(rules(diff((d) => delete schemas(d).CustomerUpdate.properties.name.maxLength, prep))).toEqual([
      'minor request-constraint-loosened',
    ]);
    expect(rules(diff((d) => (d.components.parameters.CustomerId.schema.maxLength = 8)))).toEqual([
      'breaking request-constraint-tightened',
    ]);
  });

  it('a loosened response constraint is breaking; a tightened one is not', () => {
    const prep = (d) => (schemas(d).Customer.properties.name.maxLength = 50);
    expect(diff((d) => (schemas(d).Customer.properties.name.maxLength = 200), prep)).toEqual([
      {
        class: 'breaking',
        rule: 'response-constraint-loosened',
        where: OP,
        detail: 'response 200: data.name: maxLength 50 → 200 (clients can now get values they could not before)',
      },
    ]);
    expect(rules(diff((d) => (schemas(d).Customer.properties.name.maxLength = 20), prep))).toEqual(['minor response-constraint-tightened']);
  });

  it("servers of an operation or a path item replace the document's: changing them is breaking for that operation", () => {
    const changes = diff((d) => (put(d).servers = [{ url: 'https://eu.salesive.com/api/v1' }]));
    expect(changes).toEqual([
      {
        class: 'breaking',
        rule: 'server-changed',
        where: OP,
        detail:
          'default server https://api.salesive.com/api/v1 → https://eu.salesive.com/api/v1: clients that rely on the default base URL now call another address',
      },
    ]);
    // the same server, stated again for the path: no contract change
    expect(rules(diff((d) => (d.paths['/customers/{id}'].servers = [{ url: 'https://api.salesive.com/api/v1' }])))).toEqual([
      'patch documentation',
    ]);
  });
});

describe('other client-visible changes', () => {
  it.each([
    ['a removed request field', (d) => delete schemas(d).CustomerUpdate.properties.user, 'breaking request-field-removed'],
    ['a removed parameter', (d) => (put(d).parameters = []), 'breaking param-removed'],
    [
      'a response field that may now be absent',
      (d) => (schemas(d).EnvelopeBase.required = ['status', 'success']),
      'breaking response-field-optional',
    ],
    [
      'a widened response type',
      (d) => (schemas(d).EnvelopeBase.properties.status.type = ['integer', 'string']),
      'breaking response-type-widened',
    ],
    [
      'a removed request media type',
      (d) => (put(d).requestBody.content = { 'application/xml': put(d).requestBody.content['application/json'] }),
      'breaking request-media-removed',
    ],
  ])('%s is breaking', (_n, change, rule) => {
    expect(rules(diff(change))).toContain(rule);
    expect(rules(diff(change)).every((r) => r.startsWith('breaking'))).toBe(true);
  });

  it('a widened response enum is breaking; a narrowed one is not', () => {
    const prep = (d) => (schemas(d).Customer.properties.plan = { type: 'string', enum: ['free', 'pro'] });
    expect(rules(diff((d) => schemas(d).Customer.properties.plan.enum.push('enterprise'), prep))).toEqual([
      'breaking response-enum-widened',
    ]);
    expect(rules(diff((d) => schemas(d).Customer.properties.plan.enum.pop(), prep))).toEqual(['minor response-enum-narrowed']);
  });

  it('additions are minor', () => {
    const changes = diff((d) => {
      schemas(d).CustomerUpdate.properties.nickname = { type: 'string' };
      schemas(d).Customer.properties.nickname = { type: 'string' };
      put(d).responses['409'] = { description: 'Conflict' };
      put(d).parameters.push({ name: 'dryRun', in: 'query', schema: { type: 'boolean' } });
      d.paths['/customers/{id}'].get = { operationId: 'getCustomer', responses: { 200: { description: 'ok' } } };
      schemas(d).CustomerUpdate.properties.active.type = ['boolean', 'null'];
      d.servers.push({ url: 'https://sandbox.salesive.com/api/v1' });
    });
    expect(rules(changes).sort()).toEqual([
      'minor operation-added',
      'minor param-added',
      'minor request-field-added',
      'minor request-type-widened',
      'minor response-field-added',
      'minor response-status-added',
      'minor server-added',
    ]);
    expect(semverBump(changes, '1.4.2')).toEqual({ bump: 'minor', from: '1.4.2', to: '1.5.0' });
  });

  it('a documentation-only change is a patch; no change needs no bump', () => {
    const changes = diff((d) => (put(d).summary = 'Update one customer'));
    expect(rules(changes)).toEqual(['patch documentation']);
    expect(semverBump(changes, '1.4.2')).toEqual({ bump: 'patch', from: '1.4.2', to: '1.4.3' });
    expect(diff(() => {})).toEqual([]);
    expect(semverBump([], '0.1.0')).toEqual({ bump: 'none', from: '0.1.0', to: '0.1.0' });
  });

  it('a breaking change needs a major bump (the minor digit for a 0.x package)', () => {
    const changes = diff((d) => delete put(d).responses['404']);
    expect(semverBump(changes, '2.3.4')).toEqual({ bump: 'major', from: '2.3.4', to: '3.0.0' });
    expect(semverBump(changes, '0.1.0')).toEqual({ bump: 'major', from: '0.1.0', to: '0.2.0' });
  });

  it('a renamed path parameter is the same operation with a parameter change', () => {
    const changes = diff((d) => {
      d.paths['/customers/{customerId}'] = d.paths['/customers/{id}'];
      delete d.paths['/customers/{id}'];
      d.components.parameters.CustomerId.name = 'customerId';
    });
    expect(rules(changes).sort()).toEqual(['breaking new-required-param', 'breaking param-removed']);
  });

  it('compares every provider with itself as unchanged (recursive and combined schemas included)', () => {
    for (const p of loadProviders()) {
      let doc = parse(readFileSync(p.root, 'utf8'));
      for (const o of p.overlays) doc = checkOverlay(o, doc, { provider: p.name }).document;
      expect(diffSpecs(doc, structuredClone(doc)), p.name).toEqual([]);
    }
  });
});
