// Hand-written: the teamcrm client factory. Everything else in src/generated/ is generated.
import {
  checkClientOptions,
  createProviderClient,
  requireOption,
  ConfigError,
  type BaseClientOptions,
  type ClientFor,
  type ProviderClient,
  type SignInput,
} from '@capi/core';
import { type Pages, spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';
export type { SignInput } from '@capi/core';

export interface TeamcrmClientOptions extends BaseClientOptions {
  /** Sent as x-client-id. */
  clientId: string;
  /** Sent as `Authorization: Bearer <accessToken>`. */
  accessToken: string;
  /**
   * Computes x-signature for each request (each attempt). The provider does not document its
   * signing algorithm, so it is yours to supply; it sees method, URL, headers and body text.
   */
  signer: (request: SignInput) => string | Promise<string>;
}

export type TeamcrmClient<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;

/**
 * A teamcrm client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function createTeamcrmClient<T extends boolean = false>(
  options: TeamcrmClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = {
    name: 'teamcrm',
    spec,
    optionNames: { clientId: 'clientId', signature: 'signer', bearerAuth: 'accessToken' },
    options: ['clientId', 'accessToken', 'signer'],
  };
  checkClientOptions(def, options);
  if (typeof options.signer !== 'function') {
    throw new ConfigError(def.name, 'signer', 'option "signer" is required: a function that returns the x-signature value');
  }
  return createProviderClient<paths, { throwOnError?: T }, Pages>(def, options, {
    clientId: requireOption(def.name, options, 'clientId'),
    bearerAuth: requireOption(def.name, options, 'accessToken'),
    signature: options.signer,
  });
}
