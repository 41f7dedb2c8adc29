// The testing entry of a provider: `packages/<provider>/testing.ts`, imported by package name
// as `@capi/<provider>/testing` (inside this repository only: the package exports it under the
// `capi-testing` condition and does not publish the file). It holds everything the conformance
// job and the stateful fakes need of the provider that its spec cannot say: test credentials,
// the fake's rules and seed, and its scenarios. Both discover the providers from the registry
// (redocly.yaml) and import each one's entry; nothing else in the repository lists providers.
//
// The types are here, once; the two helpers below are shared by the entries.
import type { IncomingHttpHeaders } from 'node:http';

/** The condition under which a client package exports `./testing` (see the module comment). */
export const TESTING_CONDITION = 'capi-testing';

/**
 * What a provider gives the conformance job and the fakes.
 * @typeParam Options the client factory's options (create<Name>Client)
 * @typeParam Body the request body of the operation the fake implements (the update)
 */
export interface ProviderTesting<Options extends object, Body extends object = Record<string, unknown>> {
  /**
   * The contract tests' client options against the Prism mock: credentials of the right shape
   * (Prism checks that they are there and well-formed, never their value). The harness adds
   * `baseUrl`, `retry: false` and its own middleware.
   */
  conformance: { options: Options };
  /** The provider's stateful fake (apps/fakes). Without one, the provider has no fake scenarios (reported so, not a failure). */
  fake?: FakeDefinition<Options, Body>;
  /**
   * For a provider without `fake`: how `npm run fake` reads its spec where the inference guesses
   * (packages/core/src/fake/infer.ts; the fake prints what it guessed when it starts).
   */
  infer?: InferredFakeOptions;
}

/** What an operation does to its resource, for the inferred fake. */
export type FakeOperationKind = 'create' | 'read' | 'replace' | 'update' | 'delete' | 'list' | 'action';

/** Declarations for the fake inferred from the spec (docs/fakes.md, "Inferred fakes"). */
export interface InferredFakeOptions {
  /** The kind of an operation, by "METHOD /path" as the spec writes it (wins over the inference). */
  operations?: Record<string, FakeOperationKind>;
  /** The credential values accepted (token, API key, password); default: any value where the spec asks for one. */
  credentials?: string[];
  /** The seed of the generated fields (default 'capi'). */
  seed?: string;
}

/** A stored customer of a fake, in the provider's own shape. */
// biome-ignore lint/suspicious/noExplicitAny: a record is whatever the provider's customer is; the effective spec checks it (Prism and Ajv in the scenarios)
export type FakeRecord = Record<string, any>;

/** What the fake answers: status and JSON body. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** What an error body may use: the id in the path, the request path, the parsed body, why, the duplicate email. */
export interface FakeErrorContext {
  id: string | undefined;
  path: string;
  body?: unknown;
  message?: string;
  email?: string;
}

export type FakeError = (ctx: FakeErrorContext) => FakeAnswer;

/**
 * One provider's fake: only what differs from the shared rules of apps/fakes/src/fake.mjs
 * (omitted fields unchanged, a sent field replaces the stored value, a unique email,
 * `updatedAt` moved forward on every change). The operation and its fields come from the
 * effective spec.
 */
export interface FakeDefinition<Options extends object, Body extends object = Record<string, unknown>, Caller extends object = object> {
  /** Client options the fake accepts (each a way to authenticate), and well-formed ones it refuses with the provider's 401. */
  clients: { valid: { label: string; options: Options }[]; invalid: Options };
  /** The caller for credentials the fake accepts, else null (401). */
  authenticate(headers: IncomingHttpHeaders): Caller | null;
  /** A reason to refuse the caller altogether (403), checked before the look-up. */
  permit?(caller: Caller): string | null;
  /** A reason to refuse this caller this customer (403). */
  authorize?(caller: Caller, record: FakeRecord): string | null;
  /** The record field that is the id in the path. */
  idField: string;
  /** The timestamp field moved forward on every change. */
  updatedAt?: string;
  /** The field that must be unique (default `email`). */
  emailField?: string;
  /** A body with no known field is invalid (400). */
  atLeastOneField?: boolean;
  /** The look-up by the id in the path (default: by idField). */
  find?(records: FakeRecord[], id: string): FakeRecord | undefined;
  /** The customers the store starts from (and goes back to before every scenario). */
  seed: FakeRecord[];
  /** Field rules (default: copy the value). */
  set?: Record<string, (record: FakeRecord, value: unknown) => void>;
  /** Recomputes derived fields after an update. */
  derive?(record: FakeRecord): void;
  /** The 200 body for a stored customer. */
  render(record: FakeRecord): unknown;
  errors: { unauthorized: FakeError; notFound: FakeError; conflict: FakeError; invalid: FakeError; forbidden?: FakeError };
  /** Two independent changes to the first seeded customer, each touching fields without side effects on others (the shared scenarios). */
  changes: [Body, Body];
  /** The scenarios of this provider's own rules, by title (run after the shared ones). */
  scenarios?: Record<string, FakeScenario<Options>>;
}

/** What a provider scenario gets: the seed, and the update operation through the provider's own client behind Prism. */
export interface FakeScenarioContext<Options extends object> {
  /** The seeded customers (the store is back to them before each scenario). */
  seed: FakeRecord[];
  /**
   * Sends the update for `id` through the provider's client (with `options` instead of the first
   * valid credentials, when given). Fails on any sign of drift from the effective spec; `error`
   * is the provider's error body.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the body is the provider's, checked against the effective spec before it is returned
  update(request: { id: string | number; body: unknown; options?: Options }): Promise<{ status: number; data: any; error: any }>;
  /** The stored customer, by id (a copy). */
  stored(id: string | number): FakeRecord | undefined;
}

export type FakeScenario<Options extends object> = (t: FakeScenarioContext<Options>) => Promise<void>;

/** The bearer token of an `Authorization: Bearer <token>` header. */
export const bearer = (headers: IncomingHttpHeaders): string | undefined => /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];

/**
 * Error answers of a provider whose errors share one envelope: `kind -> [status, message]`, the
 * message fixed or made from the context.
 */
export function errorsFrom<K extends string>(
  envelope: (status: number, message: string, ctx: FakeErrorContext) => unknown,
  messages: Record<K, [number, string | ((ctx: FakeErrorContext) => string)]>,
): Record<K, FakeError> {
  const out = {} as Record<K, FakeError>;
  for (const kind of Object.keys(messages) as K[]) {
    const [status, message] = messages[kind];
    out[kind] = (ctx) => ({ status, body: envelope(status, typeof message === 'function' ? message(ctx) : message, ctx) });
  }
  return out;
}
