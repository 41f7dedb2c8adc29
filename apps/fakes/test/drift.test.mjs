// A fake that drifts from its effective spec must fail the scenarios. Each block serves a fake
// made wrong on purpose (a wrong rule, or its answers altered) behind the same Prism proxy and
// shows that update() (the call every scenario makes) throws, naming the violation. Also pins down what Prism 5.12 does in
// proxy mode with errors on (see docs/decisions-and-lessons.md).
import { describe, expect, it } from 'vitest';
import { fakes } from '../src/providers.ts';
import { stripCredentials } from '@capi/conformance/request/cases.ts';
import { update, useFake } from './helpers.ts';

// two of the providers' own fakes (their testing entries), made to drift on purpose
const { bitbybit } = fakes;
const ada = bitbybit.records.customers[0];
const email = bitbybit.records.customers[1].email;

describe('a fake whose 200 body has a wrong type', () => {
  // a derived-field rule that writes a number where the spec says string
  const wrong = {
    ...bitbybit,
    resources: {
      customers: {
        ...bitbybit.resources.customers,
        derive: (c) => {
          if (c.firstName === 'Augusta') c.id = 42;
        },
      },
    },
  };
  const env = useFake('bitbybit', { definition: wrong });
  it('is caught: Prism answers 500 VIOLATIONS with the path of the wrong field', async () => {
    await expect(update(env, { id: ada.id, body: { firstName: 'Augusta' } })).rejects.toThrow(
      /Prism: the 500 answer .* breaks the spec: .*"location":\["response","body","data","id"\].*must be string/,
    );
    // the fake did answer (and change its state): Prism validates after forwarding
    expect(env.stored(ada.id).firstName).toBe('Augusta');
  });
});

describe('a fake that answers an undocumented status', () => {
  // bitbybit documents no 409: its conflict is the documented 400, answered here as a 409
  const alter = (answer) => (answer.status === 400 ? { ...answer, status: 409 } : answer);
  const env = useFake('bitbybit', { alter });
  it('is caught although Prism passes a non-2xx undocumented status on with only a warning header', async () => {
    await expect(update(env, { id: ada.id, body: { email } })).rejects.toThrow(
      /Prism: the 409 answer .*"severity":"Warning","message":"Unable to match the returned status code/,
    );
  });
});

describe('a fake whose error body misses a required field', () => {
  const alter = (answer) => (answer.status === 404 ? { status: 404, body: { status: 'error', message: 'no such customer' } } : answer);
  const env = useFake('teamcrm', { alter });
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
    const before = env.engine.requests().length;
    // Prism's own problem+json, not the provider's body (bitbybit's 401 schema requires nothing, so it passes)
    const denied = await update(env, { id: ada.id, body: { firstName: 'A' }, client: anonymous });
    expect(denied).toMatchObject({ status: 401, error: { type: 'https://stoplight.io/prism/errors#UNAUTHORIZED' } });
    const invalid = update(env, { id: ada.id, body: { email: 'not-an-email' } });
    await expect(invalid).rejects.toThrow(/status 422 is not documented .*Invalid request.*"location":\["body","email"\]/);
    expect(env.engine.requests().length - before).toBe(0);
    expect(env.stored(ada.id)).toEqual(ada);
  });
});
