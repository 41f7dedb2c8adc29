// Hand-written: the bitbybit client factory. Everything else in src/generated/ is generated.
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

export interface BitbybitClientOptions extends BaseClientOptions {
  /** API key, sent as the x-api-key header (Settings > Developer in bitbybit). */
  apiKey: string;
}

export type BitbybitClient<Throw extends boolean = false> = ProviderClient<paths, Throw, Pages>;

/**
 * A bitbybit client. An option this type does not name is a type error in an object literal and a
 * ConfigError at run time (naming it and the closest known option).
 */
export function createBitbybitClient<T extends boolean = false>(
  options: BitbybitClientOptions & { throwOnError?: T },
): ClientFor<paths, { throwOnError?: T }, Pages> {
  const def = { name: 'bitbybit', spec, optionNames: { ApiKeyAuth: 'apiKey' }, options: ['apiKey'] };
  checkClientOptions(def, options);
  return createProviderClient<paths, { throwOnError?: T }, Pages>(def, options, { ApiKeyAuth: requireOption(def.name, options, 'apiKey') });
}
