// A contract failure where an accepted finding is names it (src/judge/accepted.ts): the finding as
// `lint:specs --fix --accept-all` writes it in redocly.yaml, the schema places of the harness's own
// check (Ajv's schemaPath) and of Prism's violations (the instance path followed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { type Acceptances, acceptedCause, acceptedFindings } from '../src/judge/accepted.ts';
import { assertNoResponseDefect } from '../src/judge/defects.ts';
import { MockLimitation } from '../src/prism.ts';

const dir = mkdtempSync(join(tmpdir(), 'capi-accepted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// amazonaws.com/iot-jobs-data, shortened: the accepted finding is the pattern of DetailsValue
const spec = {
  openapi: '3.0.0',
  info: { title: 'jobs', version: '1' },
  paths: {
    '/jobs/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Execution' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Execution: { type: 'object', properties: { statusDetails: { $ref: '#/components/schemas/DetailsMap' } } },
      DetailsMap: { type: 'object', additionalProperties: { $ref: '#/components/schemas/DetailsValue' } },
      DetailsValue: { type: 'string', pattern: '[^\\p\\{C\\}]*\\+' },
      DetailsValueOther: { type: 'string' },
    },
  },
};
const file = join(dir, 'effective.yaml');
writeFileSync(file, stringify(spec));
writeFileSync(
  join(dir, 'redocly.yaml'),
  stringify({
    rules: { 'operation-summary': 'off' },
    'x-reasons': { 'operation-summary': 'we write no summaries' },
    apis: {
      jobs: {
        root: 'upstream.json',
        rules: { 'capi/pattern-syntax': 'off', 'no-unused-components': 'warn' },
        'x-reasons': {
          'capi/pattern-syntax':
            'accepted on import without review (npm run lint:specs -- --fix --accept-all, 2026-12-06): 1 finding(s), e.g. specs/jobs/upstream.json #/components/schemas/DetailsValue/pattern: `pattern` does not compile',
          // not turned off: no acceptance
          'no-unused-components': 'e.g. specs/jobs/upstream.json #/components/schemas/Execution: unused',
        },
        // a finding accepted by its pointer (--accept-all), the rule left on
        'x-accepted': {
          struct: {
            '#/components/schemas/DetailsMap/x':
              'accepted on import without review (npm run lint:specs -- --fix --accept-all, 2026-12-07): not expected here',
          },
        },
      },
    },
  }),
);

const model = loadSpecModel(file);
const schemaPointer = model.operation('GET /jobs/{id}')?.responses[0]?.schemaPointer as string;

describe('a failure where an accepted finding is', () => {
  const accepted: Acceptances = { provider: 'jobs', findings: acceptedFindings('jobs', dir) };

  it('reads the accepted findings of redocly.yaml: a rule turned off, the pointers its reason names; a finding accepted by its pointer', () => {
    expect(accepted.findings).toEqual([
      { rule: 'capi/pattern-syntax', pointer: '#/components/schemas/DetailsValue/pattern' },
      { rule: 'struct', pointer: '#/components/schemas/DetailsMap/x' },
    ]);
    expect(acceptedFindings('other', dir)).toEqual([]);
    expect(acceptedFindings('jobs', join(dir, 'missing'))).toEqual([]);
  });

  it("names it in the harness's own check (Ajv's schemaPath through the $refs), with how to correct it", () => {
    const { ok, errors, schemaPaths = [] } = model.validate(schemaPointer, { statusDetails: { property1: 'string' } });
    expect(ok).toBe(false);
    expect(errors).toEqual(['/statusDetails/property1 must match pattern "[^\\p\\{C\\}]*\\+"']);
    expect(schemaPaths).toEqual(['#/components/schemas/DetailsValue/pattern']);
    const note = acceptedCause(accepted, schemaPaths);
    expect(note).toContain('capi/pattern-syntax at #/components/schemas/DetailsValue/pattern');
    expect(note).toContain('the acceptance is the likely cause');
    expect(note).toContain('npm run lint:specs -- jobs --fix');
    expect(note).not.toContain('\n'); // the first line is what the report keeps
  });

  it('says nothing elsewhere: another place, a pointer that is only a string prefix, no acceptances', () => {
    expect(acceptedCause(accepted, ['#/components/schemas/Execution/properties/statusDetails/type'])).toBe('');
    const parent: Acceptances = { provider: 'jobs', findings: [{ rule: 'r', pointer: '#/components/schemas/DetailsValue' }] };
    expect(acceptedCause(parent, ['#/components/schemas/DetailsValueOther/type'])).toBe('');
    expect(acceptedCause(parent, ['#/components/schemas/DetailsValue/pattern'])).toContain('r at #/components/schemas/DetailsValue');
    expect(acceptedCause(undefined, ['#/components/schemas/DetailsValue/pattern'])).toBe('');
  });

  it("says nothing for a finding about a path or an operation above the schema (motaword's accepted no-ambiguous-paths)", () => {
    const place =
      '#/paths/~1{userId}~1resend-email-confirmation/post/responses/202/content/application~1json/schema/allOf/1/properties/status/enum';
    const above: Acceptances = {
      provider: 'jobs',
      findings: [
        { rule: 'no-ambiguous-paths', pointer: '#/paths/~1{userId}~1resend-email-confirmation' },
        { rule: 'operation-4xx-response', pointer: '#/paths/~1{userId}~1resend-email-confirmation/post/responses' },
      ],
    };
    expect(acceptedCause(above, [place])).toBe('');
    const schema: Acceptances = { provider: 'jobs', findings: [{ rule: 'r', pointer: place.replace(/\/allOf.*$/, '') }] };
    expect(acceptedCause(schema, [place])).toContain('r at #/paths/~1{userId}~1resend-email-confirmation/post/responses/202');
  });

  it("names it for Prism's violations, which carry no schema path: the instance path followed to the schema", () => {
    const violation = {
      where: 'response',
      at: 'body.statusDetails.property1',
      path: ['statusDetails', 'property1'],
      code: 'pattern',
      message: 'must match pattern',
    };
    let thrown: unknown;
    try {
      assertNoResponseDefect([violation], {
        model,
        response: model.operation('GET /jobs/{id}')?.responses[0],
        specFile: 'effective.yaml',
        status: 200,
        accepted,
      });
    } catch (err) {
      thrown = err;
    }
    // the schema has valid values ("a+"): a mock limitation, its reason naming the accepted finding
    expect(thrown).toBeInstanceOf(MockLimitation);
    expect((thrown as Error).message).toContain('capi/pattern-syntax at #/components/schemas/DetailsValue/pattern');
  });
});
