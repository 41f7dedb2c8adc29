// Hand-written: the salesive client factory. Everything else in src/generated/ is generated.
import { ConfigError, createProviderClient, requireOption, type BaseClientOptions, type ClientFor, type ProviderClient } from '@capi/core';
import { spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';

export interface SalesiveClientOptions extends BaseClientOptions {
  /**
   * Installed-app access token (prefix `app_`) from the OAuth install flow. The store is bound
   * to it server-side: never send a shop id.
   */
  token: string;
}

export type SalesiveClient<Throw extends boolean = false> = ProviderClient<paths, Throw>;

export function createSalesiveClient<const O extends SalesiveClientOptions>(options: O): ClientFor<paths, O> {
  const def = { name: 'salesive', spec, optionNames: { AppToken: 'token' } };
  const token = requireOption(def.name, options, 'token');
  if (!token.startsWith('app_')) {
    // Name the rule, never the value: the token may be a real secret of another kind.
    throw new ConfigError(
      def.name,
      'token',
      'token must be an installed-app access token starting with "app_" (a user or API token will be refused by Salesive)',
    );
  }
  return createProviderClient<paths, O>(def, options, { AppToken: token });
}
