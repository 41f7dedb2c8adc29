export { baseOptionNames, checkClientOptions, createProviderClient, requireOption, resolveBaseUrl } from './client.js';
export type { BaseClientOptions, ProviderDefinition, SpecFacts } from './client.js';
export { authMiddleware, chooseRequirement } from './auth.js';
export type { Credential, Credentials, OAuth2Flows, SchemeFacts, SecurityRequirement, SignInput, TokenSource } from './auth.js';
export { oauth2, oauth2Option, requireOAuth2 } from './oauth2.js';
export type { OAuth2Options, ProvidedToken, TokenProviderContext } from './oauth2.js';
export { rateLimiter } from './rate-limit.js';
export type { RateLimiter, RateLimitOptions } from './rate-limit.js';
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
export { telemetry } from './telemetry.js';
export type { OpenTelemetryApi, Telemetry, TelemetryEvent, TelemetryOptions, TracerLike } from './telemetry.js';
export { PaginationError, nextLink } from './pagination.js';
export { ReplayCache, signWebhook, verifyWebhook } from './webhooks.js';
export type { VerifyWebhookInput, WebhookError, WebhookErrorKind, WebhookEvent, WebhookResult, WebhookScheme } from './webhooks.js';
export type { PageTypes, PaginateOptions, PaginationFact, Pager } from './pagination.js';
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
export type { QueryStyle } from './query.js';
export type { Middleware } from 'openapi-fetch';
