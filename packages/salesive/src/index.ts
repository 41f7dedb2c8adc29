// Hand-written: the salesive client factory. Everything else in src/generated/ is generated.
import {
  ConfigError,
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

export interface SalesiveClientOptions extends BaseClientOptions {
  /**
   * Installed-app access token (prefix `app_`) from the OAuth install flow. The store is bound
   * to it server-side: never send a shop id.
   */
  token: string;
}

export type SalesiveClient<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;

/**
 * A salesive client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function createSalesiveClient<T extends boolean = false>(
  options: SalesiveClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = { name: 'salesive', spec, optionNames: { AppToken: 'token' }, options: ['token'] };
  checkClientOptions(def, options);
  const token = requireOption(def.name, options, 'token');
  if (!token.startsWith('app_')) {
    // Name the rule, never the value: the token may be a real secret of another kind.
    throw new ConfigError(
      def.name,
      'token',
      'token must be an installed-app access token starting with "app_" (a user or API token will be refused by Salesive)',
    );
  }
  return createProviderClient<paths, { throwOnError?: T }, Pages>(def, options, { AppToken: token });
}
