// @capi/core on Node (the "node" condition of the package's exports; browsers and other runtimes
// get index.ts). The same API, except that a client given no `fetch` uses the Node transport's
// shared pool (node.ts, defaultTransport) instead of the global fetch: it is faster and streams
// large request bodies (a file-backed Blob) instead of reading them into memory. Nothing global
// is changed: the global fetch and undici's process-wide dispatcher stay as they are.
import { createProviderClient as createWith, type BaseClientOptions, type ProviderDefinition } from './client.js';
import type { Credentials } from './auth.js';
import type { ClientFor } from './types.js';
import type { PageTypes } from './pagination.js';
import { defaultTransport } from './node.js';

export * from './index.js';

/** createProviderClient of index.ts, with the Node transport as the default `fetch`. */
export function createProviderClient<
  Paths extends Record<string, any>,
  O extends BaseClientOptions = BaseClientOptions,
  Pages extends Record<string, PageTypes> = {},
>(def: ProviderDefinition, options: O, credentials: Credentials): ClientFor<Paths, O, Pages> {
  const given = typeof options === 'object' && options !== null && options.fetch !== undefined;
  // anything but an options object goes on as it is, for createProviderClient to refuse
  const withDefault = typeof options === 'object' && options !== null && !given ? { ...options, fetch: defaultTransport } : options;
  return createWith<Paths, O, Pages>(def, withDefault, credentials);
}
