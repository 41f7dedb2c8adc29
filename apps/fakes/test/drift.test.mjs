// A fake that drifts from its effective spec must fail the scenarios. Each block serves a fake
// configured wrongly on purpose behind the same Prism proxy and shows that update() (the call
// every scenario makes) throws, naming the violation. Also pins down what Prism 5.12 does in
// proxy mode with errors on (see docs/decisions-and-lessons.md).
import { describe, expect, it } from 'vitest';
import { fakes } from '../src/providers.mjs';
import { stripCredentials } from '@capi/conformance/request/cases.ts';
import { update, useFake } from './helpers.mjs';

// two of the providers' own fakes (their testing entries), made to drift on purpose
const { bitbybit, teamcrm } = fakes;
const ada = bitbybit.seed[0];

describe('a fake whose 200 body has a wrong type', () => {
  const env = useFake('bitbybit', { config: { ...bitbybit, render: (c) => ({ data: { ...c, id: 42 } }) } });
  it('is caught: Prism answers 500 VIOLATIONS with the path of the wrong field', async () => {
    await expect(update(env, { id: ada.id, body: { firstName: 'Augusta' } })).rejects.toThrow(
      /Prism: the 500 answer .* breaks the spec: .*"location":\["response","body","data","id"\].*must be string/,
    );
    // the fake did answer (and change its state): Prism validates after forwarding
    expect(env.fake.get(ada.id).firstName).toBe('Augusta');
  });
});

describe('a fake that answers an undocumented status', () => {
  const conflict409 = (ctx) => ({ status: 409, body: { error: { code: 'CONFLICT', message: `${ctx.email} is taken` } } });
  const env = useFake('bitbybit', { config: { ...bitbybit, errors: { ...bitbybit.errors, conflict: conflict409 } } });
  it('is caught although Prism passes a non-2xx undocumented status on with only a warning header', async () => {
    await expect(update(env, { id: ada.id, body: { email: bitbybit.seed[1].email } })).rejects.toThrow(
      /Prism: the 409 answer .*"severity":"Warning","message":"Unable to match the returned status code/,
    );
  });
});

describe('a fake whose error body misses a required field', () => {
  const notFound = (ctx) => ({ status: 404, body: { status: 'error', message: `no customer ${ctx.id}` } });
  const env = useFake('teamcrm', { config: { ...teamcrm, errors: { ...teamcrm.errors, notFound } } });
  it('is caught: the 404 body lacks `code`', async () => {
    await expect(update(env, { id: '00000000-0000-4000-8000-000000000000', body: { customer: 'x' } })).rejects.toThrow(
      /"location":\["response","body"\].*must have required property 'code'/,
    );
  });
});

describe('the fakes without drift', () => {
  const env = useFake('bitbybit');
  it('pass the same check', async () => {
    const { status, data } = await update(env, { id: ada.id, body: { firstName: 'Augusta' } });
    expect(status).toBe(200);
    expect(data.data.firstName).toBe('Augusta');
  });

  it('never see requests Prism refuses: missing credentials get 401 and an invalid body 422, both from Prism', async () => {
    const anonymous = await env.clientWith({ ...bitbybit.clients.valid[0].options, middleware: [stripCredentials(env.model)] });
    // Prism's own problem+json, not the provider's body (bitbybit's 401 schema requires nothing, so it passes)
    const denied = await update(env, { id: ada.id, body: { firstName: 'A' }, client: anonymous });
    expect(denied).toMatchObject({ status: 401, error: { type: 'https://stoplight.io/prism/errors#UNAUTHORIZED' } });
    const invalid = update(env, { id: ada.id, body: { email: 'not-an-email' } });
    await expect(invalid).rejects.toThrow(/status 422 is not documented .*Invalid request.*"location":\["body","email"\]/);
    expect(env.fake.received).toBe(0);
    expect(env.fake.get(ada.id)).toEqual(ada);
  });
});
