import type { ErrorKind } from './errors.js';

/** The provider's own code and message, read from its error body. */
export interface Envelope {
  code?: string | undefined;
  message?: string | undefined;
}

export type EnvelopeReader = (body: unknown) => Envelope;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * Reads the common envelope shapes: `{ error: { code, message } }`, `{ code, message }`,
 * `{ type, message }`, `{ error: "Category", details: [...] }`, `{ detail }`, `{ message }`.
 * A provider whose envelope differs passes its own reader in its definition.
 */
export const readEnvelope: EnvelopeReader = (body) => {
  const b = obj(body);
  if (!b) return {};
  const nested = obj(b.error);
  const details = Array.isArray(b.details) ? b.details.filter((d) => typeof d === 'string').join('; ') : undefined;
  return {
    code: str(nested?.code) ?? str(b.code) ?? str(b.type) ?? str(typeof b.error === 'string' ? b.error : undefined),
    message: str(nested?.message) ?? str(b.message) ?? str(b.detail) ?? (details || undefined),
  };
};

export function kindOfStatus(status: number): ErrorKind {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500 && status < 600) return 'server';
  return 'unexpected_response';
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'cf-ray'];

export function requestIdOf(
  headers: { get(name: string): string | null },
  names: readonly string[] = REQUEST_ID_HEADERS,
): string | undefined {
  for (const n of names) {
    const v = headers.get(n);
    if (v) return v;
  }
  return undefined;
}
