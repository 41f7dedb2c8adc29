// Hand-written: the imprint client factory. Everything else in src/generated/ is generated.
import {
  ConfigError,
  checkClientOptions,
  createProviderClient,
  type BaseClientOptions,
  type ClientFor,
  type ProviderClient,
} from '@capi/core';
import { type Pages, spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';

/** Imprint accepts either HTTP Bearer (an API key) or HTTP Basic. */
export type ImprintAuth = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface ImprintClientOptions extends BaseClientOptions {
  auth: ImprintAuth;
}

export type ImprintClient<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;

/**
 * A imprint client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function createImprintClient<T extends boolean = false>(
  options: ImprintClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = { name: 'imprint', spec, optionNames: { bearerAuth: 'auth.token', basicAuth: 'auth.username/password' }, options: ['auth'] };
  checkClientOptions(def, options);
  const auth = options.auth;
  if (auth?.type !== 'bearer' && auth?.type !== 'basic') {
    throw new ConfigError(
      def.name,
      'auth',
      'option "auth" is required: { type: "bearer", token } or { type: "basic", username, password }',
    );
  }
  return createProviderClient<paths, { throwOnError?: T }, Pages>(
    def,
    options,
    auth.type === 'bearer' ? { bearerAuth: auth.token } : { basicAuth: { username: auth.username, password: auth.password } },
  );
}
