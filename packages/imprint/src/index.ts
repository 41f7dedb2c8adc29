// Hand-written: the imprint client factory. Everything else in src/generated/ is generated.
import { ConfigError, createProviderClient, type BaseClientOptions, type ClientFor, type ProviderClient } from '@capi/core';
import { spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';

/** Imprint accepts either HTTP Bearer (an API key) or HTTP Basic. */
export type ImprintAuth = { type: 'bearer'; token: string } | { type: 'basic'; username: string; password: string };

export interface ImprintClientOptions extends BaseClientOptions {
  auth: ImprintAuth;
}

export type ImprintClient<Throw extends boolean = false> = ProviderClient<paths, Throw>;

export function createImprintClient<const O extends ImprintClientOptions>(options: O): ClientFor<paths, O> {
  const def = { name: 'imprint', spec, optionNames: { bearerAuth: 'auth.token', basicAuth: 'auth.username/password' } };
  const auth = options.auth;
  if (auth?.type !== 'bearer' && auth?.type !== 'basic') {
    throw new ConfigError(
      def.name,
      'auth',
      'option "auth" is required: { type: "bearer", token } or { type: "basic", username, password }',
    );
  }
  return createProviderClient<paths, O>(
    def,
    options,
    auth.type === 'bearer' ? { bearerAuth: auth.token } : { basicAuth: { username: auth.username, password: auth.password } },
  );
}
