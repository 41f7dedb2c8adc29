/** When and how a failed attempt is tried again. All durations in milliseconds. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retries). */
  maxAttempts: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelay, baseDelay * 2^(n-1))] (full jitter). */
  baseDelay: number;
  maxDelay: number;
  /** The longest Retry-After we wait for; a longer one ends the call with its error (retryAfter set). */
  maxRetryAfter: number;
  /** Also retry 502/504 and timeouts for non-idempotent methods (POST, PATCH). Off by default. */
  retryNonIdempotent: boolean;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelay: 200,
  maxDelay: 5_000,
  maxRetryAfter: 30_000,
  retryNonIdempotent: false,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
export const isIdempotent = (method: string) => IDEMPOTENT.has(method.toUpperCase());

/** Retry-After as seconds from now: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
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
  /** A connection failure before any response byte arrived (the request cannot have been answered). */
  beforeResponse?: boolean;
  timeout?: 'attempt' | 'overall';
}

/** @returns the delay before the next attempt, or undefined to stop here. */
export function retryDelay(
  failure: AttemptFailure,
  method: string,
  attempt: number,
  policy: RetryPolicy,
  remainingMs: number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const safe = isIdempotent(method) || policy.retryNonIdempotent;
  const retryable =
    (failure.kind === 'network' && (failure.beforeResponse || safe)) ||
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
