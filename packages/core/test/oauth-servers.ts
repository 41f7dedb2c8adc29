// A real OAuth2 token server and a real API server on 127.0.0.1 (port 0), for the oauth2 tests:
// the token server issues tokens (client credentials, refresh tokens), can be told to be slow,
// fail or answer nonsense, and revoke tokens; the API accepts only tokens it issued and not revoked.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TokenMode = 'ok' | 'slow' | '500' | 'not-json' | 'no-access-token' | 'redirect' | 'invalid_client' | 'huge';

export interface TokenRequest {
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

export interface OAuthServers {
  tokenUrl: string;
  apiUrl: string;
  /** What the token endpoint does next. */
  mode: TokenMode;
  expiresIn: number | undefined;
  /** Refresh tokens the token endpoint accepts (it rotates: each use gives a new one). */
  refreshTokens: Set<string>;
  tokenRequests: TokenRequest[];
  /** Every API request's Authorization header. */
  apiSeen: (string | undefined)[];
  /** Tokens issued and not revoked. */
  valid: Set<string>;
  /** Scopes per issued token. */
  scopes: Map<string, string>;
  /** The API answers 401 to every request. */
  apiAlways401: boolean;
  close(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

export async function startOAuthServers(): Promise<OAuthServers> {
  let issued = 0;
  const held: { end(): void }[] = [];
  const state = {
    mode: 'ok' as TokenMode,
    expiresIn: 3600 as number | undefined,
    refreshTokens: new Set<string>(),
    tokenRequests: [] as TokenRequest[],
    apiSeen: [] as (string | undefined)[],
    valid: new Set<string>(),
    scopes: new Map<string, string>(),
    apiAlways401: false,
  };
  const token = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      state.tokenRequests.push({ headers: req.headers, form });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      switch (state.mode) {
        case 'slow':
          held.push(res); // never answers; closed with the server
          return;
        case '500':
          return json(500, { error: 'server_error', error_description: `failed for ${form.get('client_secret') ?? 'basic'}` });
        case 'not-json':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html>login</html>');
        case 'no-access-token':
          return json(200, { token_type: 'bearer', expires_in: 3600 });
        case 'redirect':
          res.writeHead(302, { location: `${apiUrl}/steal` });
          return res.end();
        case 'invalid_client':
          return json(401, { error: 'invalid_client', error_description: req.headers.authorization ?? '' });
        case 'huge':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(`{"access_token":"${'x'.repeat(100_000)}"}`);
      }
      const grant = form.get('grant_type');
      let refresh: string | undefined;
      if (grant === 'refresh_token') {
        const given = form.get('refresh_token') ?? '';
        if (!state.refreshTokens.has(given)) return json(400, { error: 'invalid_grant' });
        state.refreshTokens.delete(given);
        refresh = `refresh-${++issued}-rotated`;
        state.refreshTokens.add(refresh);
      } else if (grant !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
      const access = `access-${++issued}-${Math.random().toString(36).slice(2)}`;
      state.valid.add(access);
      state.scopes.set(access, form.get('scope') ?? '');
      json(200, {
        access_token: access,
        token_type: 'Bearer',
        ...(state.expiresIn !== undefined ? { expires_in: state.expiresIn } : {}),
        ...(refresh ? { refresh_token: refresh } : {}),
      });
    });
  });
  const api = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const auth = req.headers.authorization;
      state.apiSeen.push(auth);
      const given = auth?.replace(/^Bearer /, '');
      const ok = !state.apiAlways401 && given !== undefined && state.valid.has(given);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      // a careless API echoes what it was sent in its 401 (the client must redact it)
      res.end(JSON.stringify(ok ? { ok: true, scope: state.scopes.get(given!) } : { error: 'unauthorized', seen: `got ${auth}` }));
    });
  });
  const tokenBase = await listen(token);
  const apiUrl = await listen(api);
  const close = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return Object.assign(state, {
    tokenUrl: `${tokenBase}/oauth/token`,
    apiUrl,
    close: async () => {
      for (const h of held) h.end();
      await Promise.all([close(token), close(api)]);
    },
  });
}
