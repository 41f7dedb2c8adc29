/** Replaces every known secret, and every value under a credential-like key, with this. */
export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY = /authorization|token|secret|password|passwd|api[-_]?key|signature|cookie|credential/i;

/** How deep `SecretSet.redact` walks a value; anything nested deeper is replaced whole (the walk is recursive: bounded). */
const MAX_DEPTH = 64;

/** Whether a key or header name is credential-like (its value is redacted whatever it is). */
export const isSensitiveKey = (key: string): boolean => SENSITIVE_KEY.test(key);

/**
 * A holder of the secret values one client knows (credentials and computed signatures), used to
 * scrub anything that leaves the client in an error.
 */
export class SecretSet {
  private readonly values = new Set<string>();
  private readonly recent: string[] = [];
  private readonly sources: (() => Iterable<string | undefined>)[] = [];

  add(value: string | undefined, { transient = false } = {}): void {
    if (!value || value.length < 4) return; // too short to find reliably, and not a real secret
    if (transient) {
      // per-request values (signatures): keep the last few only
      this.recent.push(value);
      if (this.recent.length > 32) this.recent.shift();
    } else this.values.add(value);
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
    const all: string[] = [...this.values, ...this.recent];
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
      Object.entries(value).map(([k, v]) => [k, SENSITIVE_KEY.test(k) && v != null ? REDACTED : this.walk(v, depth + 1)]),
    );
  }
}
