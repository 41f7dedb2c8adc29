export { baseOptionNames, checkClientOptions, createProviderClient, requireOption, resolveBaseUrl } from './client.js';
export type { BaseClientOptions, ProviderDefinition, SpecFacts } from './client.js';
export { authMiddleware, chooseRequirement } from './auth.js';
export type { Credential, Credentials, SchemeFacts, SecurityRequirement, SignInput } from './auth.js';
export { ApiError, ConfigError } from './errors.js';
export type { ErrorKind, NormalizedError } from './errors.js';
export { readEnvelope, kindOfStatus } from './envelope.js';
export type { Envelope, EnvelopeReader } from './envelope.js';
export { defaultRetryPolicy, parseRetryAfter } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { REDACTED } from './redact.js';
export { telemetry } from './telemetry.js';
export type { OpenTelemetryApi, Telemetry, TelemetryEvent, TelemetryOptions, TracerLike } from './telemetry.js';
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
