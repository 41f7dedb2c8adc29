/** Replaces every known secret, and every value under a credential-like key, with this. */
export const REDACTED = '[REDACTED]';

/** Credential words found anywhere in a name (`client_secret`, `x-amz-security-token`, `x-api-key`, `Set-Cookie`). */
const SENSITIVE_KEY = /authorization|token|secret|password|passwd|passphrase|api[-_]?key|signature|cookie|credential/i;

/**
 * Credential words too short or too common to find inside a name (`key` is in `keyword` and
 * `monkey`, `session` in `sessionCount`, `sig` in `signal`): they count as a whole last segment
 * only, the segments being what `-`, `_`, `.`, spaces and a camelCase capital separate
 * (`key`, `access_key`, `privateKey`, `X-Session`, `url_sig`, `session_id`, `APIKEY`). A name that only
 * starts with one (`keyName`, `sessionCount`) is not credential-like, nor a key that names no
 * secret (`Idempotency-Key`, which the client sends, `sortKey`, `public_key`: NOT_SECRET_KEYS);
 * one that ends with `key` for another reason (`lookupKey`) is, the safe side of the mistake.
 */
const SENSITIVE_LAST = new Set(['key', 'keys', 'session', 'sig', 'jwt', 'auth', 'pwd', 'otp']);
/** What a `key` after these names is no secret. */
const NOT_SECRET_KEYS = new Set(['idempotency', 'public', 'primary', 'foreign', 'sort', 'partition', 'cache', 'routing']);
/** The same words joined to the one before (`apikey`, `accesskey`, `sessionid`): a whole segment each. */
const SENSITIVE_JOINED = /^(?:x?api|access|private|secret|signing|session|master|auth)keys?$|^sessionid$/;

/** A name's segments, lower case: `X-Api-Key` → x, api, key; `accessKeyId` → access, key, id (one linear pass each). */
const segments = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const sensitiveName = (name: string): boolean => {
  if (SENSITIVE_KEY.test(name)) return true;
  const parts = segments(name);
  const last = parts.at(-1);
  if (last === undefined) return false;
  if (SENSITIVE_LAST.has(last)) return last !== 'key' || !NOT_SECRET_KEYS.has(parts.at(-2) ?? '');
  if (SENSITIVE_JOINED.test(last)) return true;
  // `session_id`, `sessionId`, `x-session-id`: the id names the session, and is one
  return last === 'id' && parts.at(-2) === 'session';
};

/** Per-request values kept however many calls are in flight since. */
const RECENT = 32;
/**
 * Per-request values kept at most, for the calls in flight (a few per call): past it the oldest
 * go, in flight or not (a stalled call under heavy traffic would otherwise keep every value sent
 * after it, and every redaction would look for each).
 */
const MAX_HELD = 4096;

/** How deep `SecretSet.redact` walks a value; anything nested deeper is replaced whole (the walk is recursive: bounded). */
const MAX_DEPTH = 64;

/** Whether a key or header name is credential-like (its value is redacted whatever it is). */
export const isSensitiveKey = (key: string): boolean => sensitiveName(key);

/**
 * A holder of the secret values one client knows (credentials and computed signatures), used to
 * scrub anything that leaves the client in an error.
 */
export class SecretSet {
  private readonly values = new Set<string>();
  /** Per-request values (signatures, tokens as issued), each with its place in the order added. */
  private readonly recent: { value: string; at: number }[] = [];
  private added = 0;
  /** Calls in flight by the place they began at (ascending: a Map keeps insertion order), and how many. */
  private readonly open = new Map<number, number>();
  private readonly sources: (() => Iterable<string | undefined>)[] = [];

  add(value: string | undefined, { transient = false } = {}): void {
    if (!value || value.length < 4) return; // too short to find reliably, and not a real secret
    if (transient) {
      this.recent.push({ value, at: this.added++ });
      this.trim();
    } else this.values.add(value);
  }

  /**
   * A call begins: the per-request values added from now on are kept until it ends (its error is
   * built from what it was sent). Returns its end. Kept as the last 32 only, a signature was gone
   * before its own call's error was built once more than 32 calls were in flight, and the error
   * quoted it.
   */
  begin(): () => void {
    const at = this.added;
    this.open.set(at, (this.open.get(at) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = (this.open.get(at) ?? 1) - 1;
      if (left > 0) this.open.set(at, left);
      else this.open.delete(at);
      this.trim();
    };
  }

  /** The last RECENT per-request values, and every one added since the oldest call in flight began (at most MAX_HELD). */
  private trim(): void {
    const oldest = this.open.keys().next().value ?? this.added;
    while (this.recent.length > RECENT && (this.recent[0]!.at < oldest || this.recent.length > MAX_HELD)) this.recent.shift();
  }

  /**
   * Values another part holds and changes, asked for at every redaction: an OAuth2 token source's
   * tokens in use and its current refresh token. Kept among the last 32 per-request values
   * instead, a token used for an hour fell out after 32 signatures, and an API that echoed it had
   * it in the error.
   */
  addSource(values: () => Iterable<string | undefined>): void {
    this.sources.push(values);
  }

  /** A deep copy of `value` with secrets replaced. */
  redact<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  redactText(text: string): string {
    let out = text;
    const all: string[] = [...this.values, ...this.recent.map((r) => r.value)];
    for (const source of this.sources) for (const v of source()) if (v && v.length >= 4) all.push(v);
    for (const s of all) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    // deeper than any body we need to read: redacted whole (it was returned as it came, so a
    // server that echoed a credential 21 levels down had it in the error)
    if (depth > MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, sensitiveName(k) && v != null ? REDACTED : this.walk(v, depth + 1)]),
    );
  }
}
