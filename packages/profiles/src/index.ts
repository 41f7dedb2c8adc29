// Hand-written: the profiles client factory. Everything else in src/generated/ is generated.
import {
  checkClientOptions,
  createProviderClient,
  requireOption,
  type BaseClientOptions,
  type ClientFor,
  type ProviderClient,
} from '@capi/core';
import { type Pages, spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';
export type { CustomerProfile as Customer } from './generated/api.gen.js';

export interface ProfilesClientOptions extends BaseClientOptions {
  /** The customer's bearer token; a customer can only update their own profile. */
  token: string;
}

export type ProfilesClient<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;

/**
 * A profiles client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function createProfilesClient<T extends boolean = false>(
  options: ProfilesClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = { name: 'profiles', spec, optionNames: { bearerAuth: 'token' }, options: ['token'] };
  checkClientOptions(def, options);
  return createProviderClient<paths, { throwOnError?: T }, Pages>(def, options, { bearerAuth: requireOption(def.name, options, 'token') });
}
