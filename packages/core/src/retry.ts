import { closestName, ConfigError, quoteName } from './errors.js';

/** When and how a failed attempt is tried again. All durations in milliseconds. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retries). */
  maxAttempts: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelay, baseDelay * 2^(n-1))] (full jitter). */
  baseDelay: number;
  maxDelay: number;
  /** The longest Retry-After we wait for; a longer one ends the call with its error (retryAfter set). */
  maxRetryAfter: number;
  /**
   * Also retry non-idempotent methods (POST, PATCH) when the request may have reached the server:
   * 502/504, timeouts, a connection lost after sending. Off by default; a call that carries an
   * idempotency key is retried like this anyway.
   */
  retryNonIdempotent: boolean;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelay: 200,
  maxDelay: 5_000,
  maxRetryAfter: 30_000,
  retryNonIdempotent: false,
};

/**
 * The policy for a client or a call: `override`'s defined fields over `base` (an undefined field
 * keeps the base value; `false` = one attempt). An unknown field (a misspelling) and invalid
 * values are a ConfigError naming the field: maxAttempts a whole number >= 1, baseDelay a finite number >= 0, maxDelay and
 * maxRetryAfter numbers >= 0 (Infinity allowed), retryNonIdempotent a boolean.
 */
export function resolveRetryPolicy(provider: string, base: RetryPolicy, override: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (override === false) return { ...base, maxAttempts: 1 };
  if (override === undefined || override === null) return base;
  if (typeof override !== 'object') throw new ConfigError(provider, 'retry', 'retry must be an object of policy fields or false');
  const out: RetryPolicy = { ...base };
  const bad = (field: string, rule: string) => new ConfigError(provider, `retry.${field}`, `retry.${field} must be ${rule}`);
  const fields = Object.keys(defaultRetryPolicy);
  for (const key of Object.keys(override)) {
    if (fields.includes(key)) continue;
    const near = closestName(key, fields);
    throw new ConfigError(
      provider,
      `retry.${key}`,
      `unknown retry field ${quoteName(key)}${near ? ` (did you mean "${near}"?)` : ''}: the fields are ${fields.join(', ')}`,
    );
  }
  const { maxAttempts, baseDelay, maxDelay, maxRetryAfter, retryNonIdempotent } = override;
  if (maxAttempts !== undefined) {
    if (typeof maxAttempts !== 'number' || !Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
      throw bad('maxAttempts', 'a whole number of at least 1');
    out.maxAttempts = maxAttempts;
  }
  if (baseDelay !== undefined) {
    if (typeof baseDelay !== 'number' || !Number.isFinite(baseDelay) || baseDelay < 0)
      throw bad('baseDelay', 'a finite number of ms, at least 0');
    out.baseDelay = baseDelay;
  }
  for (const [field, value] of [
    ['maxDelay', maxDelay],
    ['maxRetryAfter', maxRetryAfter],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) throw bad(field, 'a number of ms, at least 0');
    out[field] = value;
  }
  if (retryNonIdempotent !== undefined) {
    if (typeof retryNonIdempotent !== 'boolean') throw bad('retryNonIdempotent', 'true or false');
    out.retryNonIdempotent = retryNonIdempotent;
  }
  return out;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
export const isIdempotent = (method: string) => IDEMPOTENT.has(method.toUpperCase());

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d\\d:\\d\\d:\\d\\d';
/** The three forms of an HTTP-date a recipient must read (RFC 9110 §5.6.7): IMF-fixdate, RFC 850, asctime. */
const HTTP_DATE = new RegExp(
  `^(?:${DAY}, \\d\\d ${MONTH} \\d{4} ${TIME} GMT|${LONG_DAY}, \\d\\d-${MONTH}-\\d\\d ${TIME} GMT|${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4})$`,
);

/**
 * Retry-After as seconds from now: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), else
 * undefined (no Retry-After: the backoff applies). Date.parse alone took nearly any text as a
 * date (`-1`, `1.5`, `12 13`, a header sent twice and joined as `5, 5` were dates in 2001: wait
 * 0 s). A value repeated (`5, 5`, a proxy that added the header again) is that value; two
 * different ones are none.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (/^\d+(?:\s*,\s*\d+)+$/.test(trimmed)) {
    const values = new Set(trimmed.split(',').map((v) => Number(v.trim())));
    return values.size === 1 ? [...values][0] : undefined;
  }
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function backoff(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelay, policy.baseDelay * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** What the retry loop needs to know of a failed attempt. */
export interface AttemptFailure {
  kind: string;
  status?: number;
  retryAfter?: number;
  /** A connection failure where the request cannot have reached the server (refused, no route, DNS). */
  notSent?: boolean;
  timeout?: 'attempt' | 'overall';
}

/** @returns the delay before the next attempt, or undefined to stop here. */
export function retryDelay(
  failure: AttemptFailure,
  method: string,
  attempt: number,
  policy: RetryPolicy,
  remainingMs: number,
  idempotencyKey = false,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const safe = isIdempotent(method) || policy.retryNonIdempotent || idempotencyKey;
  const retryable =
    (failure.kind === 'network' && (failure.notSent || safe)) ||
    failure.status === 429 ||
    failure.status === 503 ||
    ((failure.status === 502 || failure.status === 504) && safe) ||
    (failure.kind === 'timeout' && failure.timeout === 'attempt' && safe);
  if (!retryable) return undefined;
  let delay: number;
  if (failure.retryAfter !== undefined) {
    delay = failure.retryAfter * 1000;
    if (delay > policy.maxRetryAfter) return undefined;
  } else delay = backoff(policy, attempt);
  return delay < remainingMs ? delay : undefined;
}
