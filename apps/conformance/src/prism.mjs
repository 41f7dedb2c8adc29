// Real Prism servers, in-process: @stoplight/prism-http-server on 127.0.0.1, port 0. The Prism
// modules are imported once per process (about 1.4 s); each server then starts in tens of ms.
// Errors mode is on: a request or (in proxy mode) a response that breaks the contract gets an
// error response instead of a warning header.
let prismModules;
async function prism() {
  prismModules ??= Promise.all([
    import('@stoplight/prism-http'),
    import('@stoplight/prism-http-server'),
    import('@stoplight/prism-core'),
  ]).then(([http, server, core]) => ({ http, server, core }));
  return prismModules;
}

/**
 * @param {string} specFile effective spec
 * @param {{ upstream?: string, port?: number }} [opts] upstream: proxy to this URL (validating its
 *   responses) instead of mocking; port: where to listen on 127.0.0.1 (default 0, a free port)
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startPrism(specFile, opts = {}) {
  const { http, server, core } = await prism();
  const operations = await http.getHttpOperationsFromSpec(specFile);
  const logger = core.createLogger('prism', { level: 'silent' });
  const base = {
    checkSecurity: true,
    validateRequest: true,
    validateResponse: true,
    errors: true,
    upstreamProxy: undefined,
    mock: { dynamic: false },
  };
  const config = opts.upstream ? { ...base, isProxy: true, upstream: new URL(opts.upstream) } : { ...base, isProxy: false };
  const instance = server.createServer(operations, { components: { logger }, cors: false, config });
  // Prism rejects a failed listen with the bare message string; keep the code (EADDRINUSE, ...)
  const address = await instance.listen(opts.port ?? 0, '127.0.0.1').catch((reason) => {
    const err = new Error(`Prism cannot listen on 127.0.0.1:${opts.port ?? 0}: ${reason?.message ?? reason}`);
    err.code = /\b(E[A-Z]+)\b/.exec(String(reason?.message ?? reason))?.[1];
    throw err;
  });
  let closed = false;
  return {
    url: address.replace(/\/$/, ''),
    async close() {
      if (closed) return;
      closed = true;
      await instance.close();
    },
  };
}
