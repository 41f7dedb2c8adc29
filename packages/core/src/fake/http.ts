// The fake's HTTP side, for `listen()`: a request body read with a bound (past MAX_BODY_BYTES
// the rest is drained and nothing kept, so the client still gets its answer), and an answer
// written as JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The largest request body the fake reads (bytes); a larger one gets the documented 400/422. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A request body (`text`), or why it is refused (`refusal`). Node's requestTimeout bounds a body that never ends. */
export function readBody(req: IncomingMessage): Promise<{ text?: string; refusal?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let oversize = Number(req.headers['content-length']) > MAX_BODY_BYTES;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) oversize = true;
      if (oversize) chunks.length = 0;
      else chunks.push(c);
    });
    const tooLarge = `the request body is larger than ${MAX_BODY_BYTES} bytes`;
    req.on('end', () => resolve(oversize ? { refusal: tooLarge } : { text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ refusal: oversize ? tooLarge : 'the request body did not arrive whole' }));
  });
}

/** Writes an answer as JSON (no body when `body` is undefined), with its extra `headers`. */
export function sendAnswer(
  res: ServerResponse,
  { status, body, headers = {} }: { status: number; body?: unknown; headers?: Record<string, string> },
) {
  if (res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': 0 });
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
