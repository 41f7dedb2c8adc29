// Hand-written: the profiles client factory. Everything else in src/generated/ is generated.
import { createProviderClient, requireOption, type BaseClientOptions, type ClientFor, type ProviderClient } from '@capi/core';
import { spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';
export type { CustomerProfile as Customer } from './generated/api.gen.js';

export interface ProfilesClientOptions extends BaseClientOptions {
  /** The customer's bearer token; a customer can only update their own profile. */
  token: string;
}

export type ProfilesClient<Throw extends boolean = false> = ProviderClient<paths, Throw>;

export function createProfilesClient<const O extends ProfilesClientOptions>(options: O): ClientFor<paths, O> {
  const def = { name: 'profiles', spec, optionNames: { bearerAuth: 'token' } };
  return createProviderClient<paths, O>(def, options, { bearerAuth: requireOption(def.name, options, 'token') });
}
