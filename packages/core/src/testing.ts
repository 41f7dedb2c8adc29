/**
 * Test helpers for provider clients (imported as `@capi/core/testing`): a fetch that records
 * every request it is given and answers with a canned response, so a test can see exactly
 * what the client sent without a mocking library.
 */
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
