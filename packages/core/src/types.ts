import type { MaybeOptionalInit, Middleware } from 'openapi-fetch';
import type { HttpMethod, OkStatus, PathsWithMethod, Readable } from 'openapi-typescript-helpers';
import type { NormalizedError } from './errors.js';
import type { RetryPolicy } from './retry.js';
import type { PageTypes, PaginateOptions, Pager } from './pagination.js';

/** Per-call options, next to openapi-fetch's (params, body, headers, signal, ...). */
export interface CallOptions {
  /** Overrides the client's retry policy for this call; `false` = one attempt. */
  retry?: Partial<RetryPolicy> | false;
  /** Limit of one attempt (headers and body), in ms. */
  timeoutMs?: number;
  /** Limit of the whole call, retries and waits included, in ms. */
  totalTimeoutMs?: number;
  /** Cancels the call: the request in flight and any wait between attempts. */
  signal?: AbortSignal;
  /**
   * The idempotency key of this call, for an operation whose provider declares an idempotency
   * key header (`spec.idempotency`); by default the client makes one per call
   * (crypto.randomUUID()). Sent, unchanged, on every attempt.
   */
  idempotencyKey?: string;
}

type Responses<Op> = Op extends { responses: infer R } ? R : {};

type TrimStart<S extends string> = S extends ` ${infer R}` | `\t${infer R}` ? TrimStart<R> : S;
type TrimEnd<S extends string> = S extends `${infer R} ` | `${infer R}\t` ? TrimEnd<R> : S;
/** "type/subtype" of a media type as the spec writes it: lower case, parameters and blanks dropped. */
type Essence<M extends string> = Lowercase<TrimEnd<TrimStart<M extends `${infer E};${string}` ? E : M>>>;
/**
 * The media types of a `content` map that are JSON, by the spec model's rule
 * (scripts/lib/spec/spec-model.ts, mediaKind; body.ts, isJsonMedia): `application/json`, `text/json`
 * or any `+json` type, whatever the case and parameters (`application/vnd.example.video+json`,
 * `application/json; charset=utf-8`).
 */
export type JsonMediaOf<C> = {
  [K in keyof C]: K extends string ? (Essence<K> extends 'application/json' | 'text/json' | `${string}+json` ? K : never) : never;
}[keyof C];

/** A response's body as a call returns it: its JSON media types' bodies, else (no JSON type) every declared body, else undefined. */
type SuccessBody<R> = R extends { content: infer C }
  ? C extends Record<string, any>
    ? [JsonMediaOf<C>] extends [never]
      ? C[keyof C]
      : C[JsonMediaOf<C>]
    : undefined
  : undefined;
/** A documented error's body: its JSON media types' bodies (what the client parses), else unknown. */
type JsonBody<R> = R extends { content: infer C } ? ([JsonMediaOf<C>] extends [never] ? unknown : C[JsonMediaOf<C>]) : unknown;
type ErrorStatus<Op> = {
  [K in keyof Responses<Op>]: K extends number ? (`${K}` extends `2${string}` ? never : K) : never;
}[keyof Responses<Op>];

/** An error whose status the spec documents: `body` has that status's documented type. */
export type DocumentedError<Op> = {
  [S in ErrorStatus<Op>]: Omit<NormalizedError, 'documented' | 'status' | 'body'> & {
    documented: true;
    status: S;
    body: JsonBody<Responses<Op>[S]>;
  };
}[ErrorStatus<Op>];

/** Network failures, timeouts, and statuses the spec does not document. */
export type UndocumentedError = Omit<NormalizedError, 'documented' | 'body'> & { documented: false; body: unknown };

/** Narrow with `if (error.documented && error.status === 409) error.body ...`. */
export type CallError<Op> = DocumentedError<Op> | UndocumentedError;

/** The success statuses openapi-fetch knows (200, 201, 2XX, ...) that the operation documents. */
type SuccessStatus<Op> = keyof Responses<Op> & OkStatus;
type SuccessData<Op extends Record<string | number, any>> = Readable<
  [SuccessStatus<Op>] extends [never] ? never : { [S in SuccessStatus<Op>]: SuccessBody<Responses<Op>[S]> }[SuccessStatus<Op>]
>;

export type CallResult<Op extends Record<string | number, any>> =
  | { data: SuccessData<Op>; error?: undefined; response: Response }
  | { data?: undefined; error: CallError<Op>; response: Response | undefined };

export type ThrowingCallResult<Op extends Record<string | number, any>> = { data: SuccessData<Op>; response: Response };

// openapi-fetch infers each call's options as a type parameter (`Init extends ...`). TypeScript
// does not check excess properties against a constraint, so a misspelled field in a body whose
// fields are all optional (every partial update here) compiles. These signatures take the
// options at their concrete type instead, so the object literal is checked field by field.
type InitArgs<I> = undefined extends I ? [init?: NonNullable<I> & CallOptions] : [init: I & CallOptions];

type Method<Paths extends Record<string, any>, M extends HttpMethod, Throw extends boolean> = <P extends PathsWithMethod<Paths, M>>(
  url: P,
  ...init: InitArgs<MaybeOptionalInit<Paths[P], M>>
) => Promise<Throw extends true ? ThrowingCallResult<Paths[P][M]> : CallResult<Paths[P][M]>>;

/**
 * A provider client: openapi-fetch's calls with retries, timeouts, one error shape, and strict
 * option types. With `Throw = true` (option `throwOnError`) failures throw ApiError instead.
 */
export interface ProviderClient<
  Paths extends Record<string, any>,
  Throw extends boolean = false,
  Pages extends Record<string, PageTypes> = {},
> {
  GET: Method<Paths, 'get', Throw>;
  PUT: Method<Paths, 'put', Throw>;
  POST: Method<Paths, 'post', Throw>;
  DELETE: Method<Paths, 'delete', Throw>;
  PATCH: Method<Paths, 'patch', Throw>;
  OPTIONS: Method<Paths, 'options', Throw>;
  HEAD: Method<Paths, 'head', Throw>;
  TRACE: Method<Paths, 'trace', Throw>;
  /** Any operation by method name (lower case), e.g. for generic tooling. */
  request(method: HttpMethod, url: string, init?: Record<string, unknown> & CallOptions): Promise<CallResult<any>>;
  /**
   * The pages of an operation that declares pagination (`x-capi-pagination`; `Pages` in the
   * provider's api.gen.ts): `for await (const page of client.paginate('GET /items'))`, or
   * `.items()` over their items. A failed page throws ApiError. See docs/clients.md, "Pagination".
   */
  paginate<K extends keyof Pages & string>(
    operation: K,
    init?: { params?: Pages[K]['params'] } & Omit<CallOptions, 'signal' | 'idempotencyKey'>,
    options?: PaginateOptions,
  ): Pager<Pages[K]['page'], Pages[K]['item']>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/** The client type a factory returns for its options: throwing when `throwOnError: true`. */
export type ClientFor<
  Paths extends Record<string, any>,
  O extends { throwOnError?: boolean | undefined },
  Pages extends Record<string, PageTypes> = {},
> = ProviderClient<Paths, Exclude<O['throwOnError'], undefined> extends true ? true : false, Pages>;
