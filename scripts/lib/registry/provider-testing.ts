// The testing entry of a provider: `packages/<provider>/testing.ts`, imported by package name
// as `@capi/<provider>/testing` (inside this repository only: the package exports it under the
// `capi-testing` condition and does not publish the file). It holds everything the conformance
// job and the stateful fakes need of the provider that its spec cannot say: test credentials,
// the fake's rules and seed, and its scenarios. Both discover the providers from the registry
// (redocly.yaml) and import each one's entry; nothing else in the repository lists providers.
//
// The types are here, once; the helper below is shared by the entries. The fake's rules are typed
// again, structurally, by packages/core/src/fake/engine.ts (EngineRules), which no workspace import
// crosses; apps/fakes' typecheck passes these to it, so the two cannot drift apart.
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
  /** The provider's own fake rules, seed and scenarios (apps/fakes). Without one, `npm run fake` serves the fake inferred from the spec and the scenarios task runs its generated workflows only. */
  fake?: FakeDefinition<Options, Body>;
  /**
   * For a provider without `fake`: how `npm run fake` reads its spec where the inference guesses
   * (packages/core/src/fake/infer.ts; the fake prints what it guessed when it starts).
   */
  infer?: InferredFakeOptions;
  /** What `capi verify` needs to call the provider's real server (docs/keeping-up.md, "Reality check"). Without it, verify refuses the provider and says what to add. */
  verify?: VerifyEntry<Options, Body>;
}

/**
 * How `capi verify <provider>` builds the provider's client against a real server: the secrets
 * come only from environment variables (named here, listed by `verify --help`), the rest of the
 * options are written here. Nothing here is a secret.
 */
export interface VerifyEntry<Options extends object, Body extends object = Record<string, unknown>> {
  /** Client option (its path, dots for nested: `token`, `auth.token`) -> the environment variable holding its value. */
  env: Record<string, string>;
  /** The options besides those, e.g. `{ auth: { type: 'bearer' } }` (merged under the variables' values). */
  options?: { [K in keyof Options]?: unknown };
  /** The update `--allow-writes` sends to the record `--id` names (default: the spec's example body). */
  write?: Body;
  /** A well-formed id of no record, for the "unknown id" case (default: made from the path parameter's example). */
  unknownId?: string;
}

/** What an operation does to its resource, for the inferred fake. */
export type FakeOperationKind = 'create' | 'read' | 'replace' | 'update' | 'delete' | 'list' | 'action';

/** Declarations for the fake inferred from the spec (docs/fakes.md, "Inferred fakes"). */
export interface InferredFakeOptions {
  /** The kind of an operation, by "METHOD /path" as the spec writes it (wins over the inference). */
  operations?: Record<string, FakeOperationKind>;
  /** A collection path whose operations belong to another collection's resource (`{ '/customer': '/customers' }`). */
  groups?: Record<string, string>;
  /** The credential values accepted (token, API key, password); default: any value where the spec asks for one. */
  credentials?: string[];
  /** The seed of the generated fields (default 'capi'). */
  seed?: string;
}

/** A stored record of a fake, in the provider's own shape. */
// biome-ignore lint/suspicious/noExplicitAny: a record is whatever the provider's representation is; the effective spec checks it (Prism and Ajv in the scenarios)
export type FakeRecord = Record<string, any>;

/** What a rule learns of the request: the operation ("METHOD /path"), its kind and its resource. */
export interface FakeRequestFacts {
  readonly operation: string;
  readonly kind: FakeOperationKind;
  readonly resource: string;
}

/**
 * The rules of one resource that its spec cannot say; everything else is inferred from the spec
 * (packages/core/src/fake/engine.ts: omitted fields unchanged, a sent field replaces the stored value,
 * `updatedAt`/`updated_at` moved forward on every change, the documented answers).
 */
export interface FakeResourceRules {
  /** The field that holds the id, where the representation does not tell (or tells another). */
  idField?: string;
  /** Other fields (a dotted path: `user._id`) whose value also names an item in the path. */
  lookup?: readonly string[];
  /** Fields no two records may share: a write that would gets the documented 409, else 400/422. */
  unique?: readonly { readonly field: string; readonly ignoreCase?: boolean }[];
  /** A write must send at least one field the body schema names (else the documented 400/422). */
  atLeastOneField?: boolean;
  /** How a sent field is written (default: its value replaces the stored one). */
  set?: Record<string, (record: FakeRecord, value: unknown) => void>;
  /** Recomputes derived fields after every write (and of the seed records). */
  derive?(record: FakeRecord): void;
  /** Fields kept in the store but not shown in answers (an id the representation does not carry). */
  hidden?: readonly string[];
}

/**
 * One provider's fake: the fake inferred from its spec (docs/fakes.md) plus only the rules that
 * are the provider's own (who the credentials name and what they may do, uniqueness, derived
 * fields, other look-up keys, a mapping the spec leaves ambiguous), the records it starts from,
 * and what its scenarios need.
 */
export interface FakeDefinition<Options extends object, Body extends object = Record<string, unknown>, Caller extends object = object>
  extends InferredFakeOptions {
  /** Client options the fake accepts (each a way to authenticate), and well-formed ones it refuses with the provider's 401. */
  clients: { valid: { label: string; options: Options }[]; invalid: Options };
  /** The caller for credentials the fake accepts, else null (the documented 401). */
  authenticate(headers: IncomingHttpHeaders): Caller | null;
  /** A reason to refuse the caller this operation altogether (the documented 403), checked before the look-up (scopes). */
  permit?(caller: Caller, request: FakeRequestFacts): string | null;
  /** A reason to refuse this caller this record (the documented 403). */
  authorize?(caller: Caller, record: FakeRecord, request: FakeRequestFacts): string | null;
  /** The records the store starts from (and goes back to before every scenario), by resource name; the shared scenarios update the first one's first record. */
  records: Record<string, FakeRecord[]>;
  /** Rules by resource name (as `npm run fake -- <provider> --help` names them). */
  resources?: Record<string, FakeResourceRules>;
  /** Two independent changes to the first seeded record, each touching fields without side effects on others (the shared scenarios). */
  changes: [Body, Body];
  /** The scenarios of this provider's own rules, by title (run after the shared ones). */
  scenarios?: Record<string, FakeScenario<Options>>;
}

/** What a provider scenario gets: the seed, and the update operation through the provider's own client behind Prism. */
export interface FakeScenarioContext<Options extends object> {
  /** The seeded records of the scenarios' resource, as stored (derived fields included; the store is back to them before each scenario). */
  seed: FakeRecord[];
  /**
   * Sends the update for `id` through the provider's client (with `options` instead of the first
   * valid credentials, when given). Fails on any sign of drift from the effective spec; `error`
   * is the provider's error body.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the body is the provider's, checked against the effective spec before it is returned
  update(request: { id: string | number; body: unknown; options?: Options }): Promise<{ status: number; data: any; error: any }>;
  /** The stored record, by id (a copy). */
  stored(id: string | number): FakeRecord | undefined;
}

export type FakeScenario<Options extends object> = (t: FakeScenarioContext<Options>) => Promise<void>;

/** The bearer token of an `Authorization: Bearer <token>` header. */
export const bearer = (headers: IncomingHttpHeaders): string | undefined => /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
