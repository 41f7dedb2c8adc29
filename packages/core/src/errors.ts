/**
 * A client was created with options it cannot work with (missing credential, malformed base
 * URL, a token of the wrong kind, an option it does not know, a header it cannot send). Thrown by the factory, before any request is sent.
 * Messages name the provider and the option, never the secret's value.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly provider: string;
  readonly option: string;
  constructor(provider: string, option: string, message: string) {
    super(`${provider}: ${message}`);
    this.provider = provider;
    this.option = option;
  }
}

/** An option or header name for a message: quoted, control characters escaped, at most 64 characters. */
export const quoteName = (name: string) => JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name);

/**
 * The known name nearest to `name` (edit distance, case ignored), when it is near enough to be a
 * misspelling: at most 2 edits, or half the name's length for longer names (`retries` -> `retry`).
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(name.length / 2)) + 1;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance (insert, delete, substitute), over names of at most 64 characters. */
function editDistance(a: string, b: string): number {
  const x = a.slice(0, 64);
  const y = b.slice(0, 64);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * A request the client will not send: a path parameter that would change the path, a header
 * that cannot be sent (CR/LF, ...), an idempotency key that cannot be sent, a credential a
 * signer computed that cannot be sent or a signer that threw, no credential for the operation's
 * security, a body its media type cannot carry. Becomes a NormalizedError of kind
 * "invalid_request"; never retried. `option` names the parameter, header or option, never its
 * value.
 */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/**
 * The client could not obtain an access token (a token endpoint that failed, answered nonsense
 * or too slowly; a token provider that threw): becomes a NormalizedError of kind "auth", not
 * retried. The message names the provider's scheme and flow, never a secret or a token; `code`
 * is the endpoint's OAuth error code (`invalid_client`, ...) when it gave a well-formed one.
 */
export class AuthFailure extends Error {
  override readonly name = 'AuthFailure';
  readonly code?: string;
  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/** Brands a TransportRefused across copies of this module (a bundle may hold two). */
const TRANSPORT_REFUSED = Symbol.for('@capi/core.TransportRefused');

/**
 * The transport given as `fetch` refused the exchange itself, by design, not for want of a
 * connection: the in-process fake in strict mode (`createFake`, the default) throws it for an
 * answer its spec does not document. Becomes a NormalizedError of kind "transport_refused";
 * never retried (the same exchange is refused again).
 */
export class TransportRefused extends Error {
  override readonly name = 'TransportRefused';
  readonly [TRANSPORT_REFUSED] = true;
}

/** Whether `err` is a TransportRefused (of any copy of this module). */
export const isTransportRefused = (err: unknown): err is TransportRefused =>
  typeof err === 'object' && err !== null && (err as { [TRANSPORT_REFUSED]?: unknown })[TRANSPORT_REFUSED] === true;

/**
 * A call the client-side rate limit will not queue (the queue is full, or the wait would outlast
 * the call's time): becomes a NormalizedError of kind "rate_limited" at once; nothing was sent.
 */
export class RateLimitRefused extends Error {
  override readonly name = 'RateLimitRefused';
}

/**
 * What an error thrown by the caller's code (a signer, a middleware) may show in ours: its class
 * and an upper-case code (`TypeError`, `Error ERR_KMS`), never its message, which may quote
 * what it was working on.
 */
export function errorLabel(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const code = (err as { code?: unknown } | null | undefined)?.code;
  const parts = [/^[A-Za-z_$][\w$]{0,59}$/.test(name) ? name : 'Error'];
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,59}$/.test(code)) parts.push(code);
  return parts.join(' ');
}

/** One vocabulary of failures across every provider. */
export type ErrorKind =
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'unexpected_response'
  /** The client refused to send the request (nothing was sent): a path parameter that would
   * change the path, a header or idempotency key that cannot be sent, a credential that cannot
   * be sent or is missing for this operation, a signer or middleware that threw while the
   * request was built, a body the operation's media type cannot carry. */
  | 'invalid_request'
  /** The response body does not match its documented schema (option `validate: 'throw'`):
   * `violations` says where and how; `status` and `body` (redacted) are the response's, and
   * `documented` is false (the body does not have its documented type). */
  | 'contract_violation'
  /** The transport given as `fetch` refused the exchange itself (the in-process fake, strict by
   * default, for an answer its spec does not document); `message` says why. Never retried. */
  | 'transport_refused';

/**
 * One way a response body breaks its documented schema: where (a JSON pointer into the body; for
 * a property that should not be there or is missing, the pointer of that property), the JSON Schema keyword
 * and Ajv's message. Never a value of the body.
 */
export interface Violation {
  readonly pointer: string;
  readonly keyword: string;
  readonly message: string;
}

/**
 * Every failed call, whatever the provider, in one shape. Built only from redacted values:
 * no credential can appear in it.
 */
export interface NormalizedError {
  readonly provider: string;
  readonly kind: ErrorKind;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** Whether the status is documented for this operation (then `body` has its documented type). */
  readonly documented: boolean;
  /** The provider's own error code and message, from its error envelope. */
  readonly code: string | undefined;
  readonly message: string;
  /** Seconds the provider asked us to wait (Retry-After), when it said so. */
  readonly retryAfter: number | undefined;
  /** The provider's request id header, when it sends one. */
  readonly requestId: string | undefined;
  /** The response body as received (parsed JSON when it was JSON, else text; redacted). */
  readonly body: unknown;
  /** How many attempts were made. */
  readonly attempts: number;
  /** For kind "timeout": which limit was hit. */
  readonly timeout?: 'attempt' | 'overall';
  /** For kind "network" and "unexpected_response": the underlying cause, as text. */
  readonly cause?: string;
  /** For kind "contract_violation": how the body breaks its documented schema. */
  readonly violations?: readonly Violation[];
}

/** Thrown instead of returning `{ error }` when a client is created with `throwOnError: true`. */
export class ApiError extends Error implements NormalizedError {
  override readonly name = 'ApiError';
  readonly provider!: string;
  readonly kind!: ErrorKind;
  readonly status!: number | undefined;
  readonly documented!: boolean;
  readonly code!: string | undefined;
  readonly retryAfter!: number | undefined;
  readonly requestId!: string | undefined;
  readonly body!: unknown;
  readonly attempts!: number;
  readonly timeout?: 'attempt' | 'overall';
  override readonly cause?: string;
  readonly violations?: readonly Violation[];

  constructor(error: NormalizedError) {
    super(describe(error));
    Object.assign(this, error, { message: describe(error) });
  }

  /** The normalized error without the stack: what to log or serialize. */
  toJSON(): NormalizedError {
    const { name: _n, stack: _s, ...rest } = this;
    return { ...rest, message: this.message } as NormalizedError;
  }
}

/** `salesive: not_found (HTTP 404): Customer not found` */
export function describe(e: Pick<NormalizedError, 'provider' | 'kind' | 'status' | 'code' | 'message'>): string {
  const status = e.status !== undefined ? ` (HTTP ${e.status})` : '';
  const code = e.code ? ` ${e.code}` : '';
  return `${e.provider}: ${e.kind}${status}${code}: ${e.message}`;
}
