export { createProviderClient, requireOption, resolveBaseUrl } from './client.js';
export type { BaseClientOptions, ProviderDefinition, SpecFacts } from './client.js';
export { authMiddleware, chooseRequirement } from './auth.js';
export type { Credential, Credentials, SchemeFacts, SecurityRequirement, SignInput } from './auth.js';
export { ConfigError } from './errors.js';
export type { ProviderClient } from './types.js';
export type { Middleware } from 'openapi-fetch';
