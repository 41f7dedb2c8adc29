// Why the invalid bodies' property has nothing to send (src/request/bodies.ts noInvalidBody), on
// small specs written here: a form whose only invalid body is an empty one (Prism reads an empty
// form as no body at all) says so, instead of claiming its schema accepts every value; a schema
// that does accept every value says that; one with an invalid body to send gives no reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { bodyPlan, noInvalidBody } from '../src/request/bodies.ts';

const planOf = (media, schema) => {
  const model = specModel({
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { '/x': { post: { requestBody: { content: { [media]: { schema } } }, responses: { 204: { description: 'ok' } } } } },
  });
  return bodyPlan(model, model.operation('POST /x').requestBody.media[0]);
};
const sample = (plan) => fc.sample(plan.invalid(), { numRuns: 50, seed: 1 });

describe('no invalid body to send', () => {
  it('a form whose one required string field is all there is: only the empty form is invalid, which Prism reads as no body', () => {
    const plan = planOf('application/x-www-form-urlencoded', {
      type: 'object',
      required: ['Value'],
      properties: { Value: { type: 'string' } },
    });
    const reason = noInvalidBody(plan, sample(plan));
    expect(reason).toMatch(
      /^every invalid application\/x-www-form-urlencoded body tried is one Prism would read otherwise than sent \(no field is sent .*\): there is no invalid body to send$/,
    );
  });

  it('a schema that accepts every value says so', () => {
    const plan = planOf('application/json', {});
    expect(noInvalidBody(plan, sample(plan))).toBe(
      'the application/json body schema accepts every value tried: there is no invalid body to send',
    );
  });

  it('a schema with an invalid body to send gives no reason', () => {
    const plan = planOf('application/x-www-form-urlencoded', {
      type: 'object',
      required: ['Value'],
      properties: { Value: { type: 'string' }, Count: { type: 'integer' } },
    });
    expect(noInvalidBody(plan, sample(plan))).toBeNull();
  });
});
