// An integration as a user would write it: one change of a customer's contact details pushed to
// every provider, each through its own typed client.
import { createBitbybitClient } from '@capi/bitbybit';
import { createImprintClient } from '@capi/imprint';
import { createProfilesClient } from '@capi/profiles';
import { createSalesiveClient } from '@capi/salesive';
import { createTeamcrmClient } from '@capi/teamcrm';
import { createHmac } from 'node:crypto';

export interface ContactChange {
  email: string;
  firstName: string;
  lastName: string;
}

export interface ProviderIds {
  bitbybit: string;
  imprint: string;
  profiles: number;
  salesive: string;
  teamcrm: string;
}

export type Fetch = (input: Request) => Promise<Response>;

/** Applies the change everywhere; returns what each provider answered (status, or error kind). */
export async function pushContactChange(change: ContactChange, ids: ProviderIds, fetch?: Fetch) {
  const env = process.env;
  const common = fetch ? { fetch } : {};
  const bitbybit = createBitbybitClient({ apiKey: env.BITBYBIT_API_KEY ?? 'unset', ...common });
  const imprint = createImprintClient({ auth: { type: 'bearer', token: env.IMPRINT_API_KEY ?? 'unset' }, ...common });
  const profiles = createProfilesClient({ token: env.PROFILES_TOKEN ?? 'unset', ...common });
  const salesive = createSalesiveClient({ token: env.SALESIVE_APP_TOKEN ?? 'app_unset', ...common });
  const teamcrm = createTeamcrmClient({
    clientId: env.TEAMCRM_CLIENT_ID ?? 'unset',
    accessToken: env.TEAMCRM_TOKEN ?? 'unset',
    signer: ({ body }) =>
      createHmac('sha256', env.TEAMCRM_SIGNING_KEY ?? 'unset')
        .update(body)
        .digest('hex'),
    ...common,
  });
  const name = `${change.firstName} ${change.lastName}`;
  const results = await Promise.all([
    bitbybit.PUT('/customers/{id}', {
      params: { path: { id: ids.bitbybit } },
      body: { email: change.email, firstName: change.firstName, lastName: change.lastName },
    }),
    imprint.POST('/v2/customers/{customer_id}', {
      params: { path: { customer_id: ids.imprint } },
      body: { email: change.email, first_name: change.firstName, last_name: change.lastName },
    }),
    profiles.PUT('/api/v1/customers/{id}/', {
      params: { path: { id: ids.profiles } },
      body: { email: change.email, first_name: change.firstName, last_name: change.lastName },
    }),
    salesive.PUT('/customers/{id}', { params: { path: { id: ids.salesive } }, body: { name, email: change.email } }),
    teamcrm.PUT('/customers/{uuid}', { params: { path: { uuid: ids.teamcrm } }, body: { customer: name, email: change.email } }),
  ]);
  // the HTTP status, or the error kind when no response arrived (network, timeout)
  const [b, i, p, s, t] = results.map((r) => r.response?.status ?? r.error?.kind);
  return { bitbybit: b, imprint: i, profiles: p, salesive: s, teamcrm: t };
}
