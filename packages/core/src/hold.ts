// A Request sent is held alive until its answer has been read. Undici's Request follows the
// signal it was built from only through a weak reference (a WeakRef to the Request's own
// AbortController): once nothing else holds the Request (openapi-fetch lets go of it when it
// has the response's head; a local variable is dead once its last use has passed), a garbage
// collection while the body is still read breaks the chain, and the timeout's or the caller's
// abort never reaches the transport: the read then waits for the server. Upstream:
// nodejs/undici#4068 and nodejs/node#55428 (Node 24's undici 7.x). The one place that holds
// them: call.ts (an attempt, body read included) and oauth2.ts (a token request) both use it;
// test/abort-gc.test.ts and test/oauth2-security.test.ts force the collection mid-body.

/** The Requests whose answers are still being read. */
const held = new Set<Request>();

/**
 * Holds `req` until the returned release is called (once the body has been read or the attempt
 * has ended, in a `finally`). Releasing twice is harmless.
 */
export function holdUntilRead(req: Request): () => void {
  held.add(req);
  return () => {
    held.delete(req);
  };
}
