// Client-side rate limiting: at most `requests` attempts started per `perMs`, and a pause when the
// provider's RateLimit-* / X-RateLimit-* headers say nothing is left before the window resets.
// A client carries this code only when it is given a limiter (option `rateLimit`), or its
// provider's factory sets one for a documented limit.
import { ConfigError } from './errors.js';

export interface RateLimitOptions {
  /** At most this many attempts start in any `perMs` window (with perMs; leave both out to follow headers only). */
  requests?: number;
  perMs?: number;
  /** Calls that may wait for a slot; one more is refused at once as `rate_limited` (default 1000). */
  maxQueue?: number;
  /** Pause when RateLimit-Remaining / X-RateLimit-Remaining says 0, until its reset (default true). */
  followHeaders?: boolean;
  /** The longest pause a response's headers can impose (default 60 000 ms). */
  maxHeaderWaitMs?: number;
}

/** A limiter for the `rateLimit` option; one limiter given to several clients limits them together. */
export interface RateLimiter {
  readonly kind: 'capi-rate-limiter';
  /** Checks the options (ConfigError naming the provider) and returns the limiter's state. */
  bind(provider: string): BoundRateLimiter;
}

export interface BoundRateLimiter {
  /**
   * Resolves when an attempt may start (undefined), or at once with the reason it is refused
   * (the queue is full, or the wait would outlast `remainingMs`); rejects with the signal's
   * reason when the call is aborted while it waits (it leaves the queue).
   */
  acquire(signal: AbortSignal | undefined, remainingMs: number): Promise<string | undefined>;
  /** Reads a response's rate-limit headers. */
  observe(headers: { get(name: string): string | null }, status: number): void;
  /** Calls waiting now. */
  readonly waiting: number;
}

const KNOWN = ['requests', 'perMs', 'maxQueue', 'followHeaders', 'maxHeaderWaitMs'];

/** A client-side rate limit: `rateLimit: rateLimiter({ requests: 10, perMs: 1000 })`. */
export function rateLimiter(options: RateLimitOptions = {}, { now = Date.now }: { now?: () => number } = {}): RateLimiter {
  let state: BoundRateLimiter | undefined;
  return {
    kind: 'capi-rate-limiter',
    bind(provider) {
      state ??= create(provider, options, now);
      return state;
    },
  };
}

interface Waiter {
  resolve: (v: undefined) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

function create(provider: string, options: RateLimitOptions, now: () => number): BoundRateLimiter {
  const fail = (message: string) => new ConfigError(provider, 'rateLimit', `rateLimit: ${message}`);
  if (options === null || typeof options !== 'object') throw fail('give rateLimiter({ requests, perMs })');
  for (const key of Object.keys(options))
    if (!KNOWN.includes(key)) throw fail(`unknown field ${JSON.stringify(key.slice(0, 64))}: the fields are ${KNOWN.join(', ')}`);
  const whole = (v: unknown, key: string, min: number) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > 2 ** 31 - 1)
      throw fail(`${key} must be a whole number of at least ${min}`);
    return v;
  };
  const requests = whole(options.requests, 'requests', 1);
  const perMs = whole(options.perMs, 'perMs', 1);
  if ((requests === undefined) !== (perMs === undefined)) throw fail('give requests and perMs together');
  const maxQueue = whole(options.maxQueue, 'maxQueue', 0) ?? 1000;
  const maxHeaderWaitMs = whole(options.maxHeaderWaitMs, 'maxHeaderWaitMs', 0) ?? 60_000;
  if (options.followHeaders !== undefined && typeof options.followHeaders !== 'boolean') throw fail('followHeaders must be true or false');
  const followHeaders = options.followHeaders !== false;

  /** Start times of the last `requests` attempts: a ring, grown up to `requests`; `head` is the oldest once full. */
  const starts: number[] = [];
  let head = 0;
  let blockedUntil = 0;
  const queue: Waiter[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** ms until an attempt may start (0: now). */
  const delay = (t: number) => {
    let d = blockedUntil - t;
    if (requests !== undefined && starts.length >= requests) d = Math.max(d, starts[head]! + perMs! - t);
    return Math.max(0, d);
  };
  const start = (t: number) => {
    if (requests === undefined) return;
    if (starts.length < requests) starts.push(t);
    else {
      starts[head] = t;
      head = (head + 1) % requests;
    }
  };
  const schedule = () => {
    if (timer !== undefined || queue.length === 0) return;
    timer = setTimeout(drain, Math.max(1, delay(now())));
  };
  function drain() {
    timer = undefined;
    while (queue.length && delay(now()) === 0) {
      const w = queue.shift()!;
      w.signal?.removeEventListener('abort', w.onAbort);
      start(now());
      w.resolve(undefined);
    }
    schedule();
  }

  return {
    get waiting() {
      return queue.length;
    },
    acquire(signal, remainingMs) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const t = now();
      const wait = delay(t);
      if (queue.length === 0 && wait === 0) {
        start(t);
        return Promise.resolve(undefined);
      }
      if (queue.length >= maxQueue)
        return Promise.resolve(
          `client-side rate limit: ${queue.length} calls are waiting already (maxQueue ${maxQueue}); nothing was sent`,
        );
      if (wait >= remainingMs)
        return Promise.resolve(
          `client-side rate limit: the next slot is ${Math.ceil(wait)} ms away, beyond the call's time left; nothing was sent`,
        );
      return new Promise<undefined>((resolve, reject) => {
        const w: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            // an aborted call leaves the queue at once; with nobody left, no timer is kept
            const i = queue.indexOf(w);
            if (i >= 0) queue.splice(i, 1);
            if (queue.length === 0 && timer !== undefined) {
              clearTimeout(timer);
              timer = undefined;
            }
            reject(signal?.reason);
          },
        };
        signal?.addEventListener('abort', w.onAbort, { once: true });
        queue.push(w);
        schedule();
      });
    },
    observe(headers, status) {
      if (!followHeaders) return;
      const t = now();
      let pauseMs: number | undefined;
      const structured = headers.get('ratelimit');
      const remaining = count(headers.get('ratelimit-remaining') ?? headers.get('x-ratelimit-remaining')) ?? param(structured, 'r');
      if (remaining === 0) {
        const reset = count(headers.get('ratelimit-reset')) ?? param(structured, 't');
        const xReset = count(headers.get('x-ratelimit-reset'));
        // X-RateLimit-Reset is delta seconds for some providers, epoch seconds for others (GitHub)
        if (reset !== undefined) pauseMs = reset * 1000;
        else if (xReset !== undefined) pauseMs = xReset > 1e9 ? xReset * 1000 - Date.now() : xReset * 1000;
      }
      if (status === 429) {
        const after = count(headers.get('retry-after'));
        if (after !== undefined) pauseMs = Math.max(pauseMs ?? 0, after * 1000);
      }
      if (pauseMs === undefined || pauseMs <= 0) return;
      blockedUntil = Math.max(blockedUntil, t + Math.min(pauseMs, maxHeaderWaitMs));
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      schedule();
    },
  };
}

/** A header's non-negative whole number, or undefined. */
function count(value: string | null): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  return /^\d{1,12}$/.test(v) ? Number(v) : undefined;
}

/** `r` or `t` of the structured RateLimit field (`"default";r=0;t=30`): its first item's. */
function param(field: string | null, key: 'r' | 't'): number | undefined {
  if (!field) return undefined;
  const first = field.split(',')[0]!;
  const m = new RegExp(`;\\s*${key}\\s*=\\s*(\\d{1,12})\\b`).exec(first);
  return m ? Number(m[1]) : undefined;
}

export const isRateLimiter = (v: unknown): v is RateLimiter =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'capi-rate-limiter';
