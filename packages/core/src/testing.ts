/**
 * Test helpers for provider clients (imported as `@capi/core/testing`): a fetch that records
 * every request it is given and answers with a canned response, so a test can see exactly
 * what the client sent without a mocking library.
 */
import { signWebhook, type WebhookScheme } from './webhooks.js';

// the client's redaction, for tools that store what a client exchanged (capi verify --record)
export { isSensitiveKey, REDACTED, SecretSet } from './redact.js';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RecordingFetch {
  (input: Request): Promise<Response>;
  readonly requests: RecordedRequest[];
}

export function recordingFetch(respond: (req: RecordedRequest) => Response = () => Response.json({}, { status: 200 })): RecordingFetch {
  const requests: RecordedRequest[] = [];
  const fn = async (input: Request) => {
    const rec: RecordedRequest = {
      method: input.method,
      url: input.url,
      headers: Object.fromEntries(input.headers),
      body: input.body ? await input.text() : '',
    };
    requests.push(rec);
    return respond(rec);
  };
  return Object.assign(fn, { requests });
}

/**
 * Delivers a signed webhook to a consumer's handler, as the provider would: POSTs `payload` as
 * JSON to `url` with the signature headers of `scheme` (and the event name in the scheme's event
 * header, when it has one). For a consumer's end-to-end test of its handler. Returns the
 * handler's response.
 */
export async function deliverWebhook(input: {
  url: string;
  scheme: WebhookScheme;
  secret: string | Uint8Array;
  payload: unknown;
  /** The event's name (sent in the scheme's event header, when it names one). */
  event?: string;
  /** Unix seconds (default now). */
  timestamp?: number;
  fetch?: (input: Request) => Promise<Response>;
}): Promise<Response> {
  const body = JSON.stringify(input.payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(await signWebhook({ scheme: input.scheme, secret: input.secret, body, timestamp: input.timestamp })),
  };
  if (input.event !== undefined && input.scheme.event && 'header' in input.scheme.event) headers[input.scheme.event.header] = input.event;
  const send = input.fetch ?? ((req: Request) => globalThis.fetch(req));
  return send(new Request(input.url, { method: 'POST', headers, body, redirect: 'manual' }));
}
