// Hand-written: the bitbybit client factory. Everything else in src/generated/ is generated.
import { createProviderClient, requireOption, type BaseClientOptions, type ClientFor, type ProviderClient } from '@capi/core';
import { spec } from './generated/api.gen.js';
import type { paths } from './generated/schema.gen.js';

export * from './generated/api.gen.js';
export type { paths, components, operations } from './generated/schema.gen.js';

export interface BitbybitClientOptions extends BaseClientOptions {
  /** API key, sent as the x-api-key header (Settings > Developer in bitbybit). */
  apiKey: string;
}

export type BitbybitClient<Throw extends boolean = false> = ProviderClient<paths, Throw>;

export function createBitbybitClient<const O extends BitbybitClientOptions>(options: O): ClientFor<paths, O> {
  const def = { name: 'bitbybit', spec, optionNames: { ApiKeyAuth: 'apiKey' } };
  return createProviderClient<paths, O>(def, options, { ApiKeyAuth: requireOption(def.name, options, 'apiKey') });
}
