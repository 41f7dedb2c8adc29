export { baseOptionNames, checkClientOptions, createProviderClient, requireOption, resolveBaseUrl } from './client.js';
export type { BaseClientOptions, ProviderDefinition, SpecFacts } from './client.js';
export { authMiddleware, chooseRequirement } from './auth.js';
export type { Credential, Credentials, SchemeFacts, SecurityRequirement, SignInput } from './auth.js';
export { ApiError, ConfigError } from './errors.js';
export type { ErrorKind, NormalizedError, Violation } from './errors.js';
export type {
  CompiledValidator,
  ContractViolation,
  ContractViolationHook,
  ResponseValidators,
  SchemaError,
  ValidateMode,
} from './validate.js';
export { readEnvelope, kindOfStatus } from './envelope.js';
export type { Envelope, EnvelopeReader } from './envelope.js';
export { defaultRetryPolicy, parseRetryAfter } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { REDACTED } from './redact.js';
export type {
  CallError,
  CallOptions,
  ClientFor,
  CallResult,
  DocumentedError,
  JsonMediaOf,
  ProviderClient,
  ThrowingCallResult,
  UndocumentedError,
} from './types.js';
export type { Middleware } from 'openapi-fetch';
