// The second route to Prism: in proxy mode (validating requests and responses, errors mode as
// the mock) in front of the generated upstream (src/upstream.ts), for a documented pair Prism's
// mock has no valid answer for, and the refusal of a negative case whose error neither mock can
// make. Started on a provider's first such pair, closed with its suite.
import { startPrism } from '../../src/prism.ts';
import { startUpstream } from '../../src/upstream.ts';
import type { ProxyEnv } from './types.ts';

/**
 * `start()` gives the provider's proxy route, starting it once (a failure to start is thrown to
 * every caller); `close()` ends what was started. `only`: the one operation it serves, for an
 * operation on a Prism of its own, or the operations a worker's Prism serves (startPrism). `clients(url)`: the clients of SuiteEnv's
 * `client`, `nodeClient` and `fastClient` (`clients`), and of its `anonymous` and `nodeAnonymous`
 * (`anonymous`), made for `url`.
 */
export function proxyRoute(
  effective: string,
  only: { method: string; path: string } | ReadonlySet<string> | undefined,
  clients: (url: string) => Promise<Pick<ProxyEnv, 'clients' | 'anonymous'>>,
) {
  let started: Promise<ProxyEnv> | undefined;
  const start = (): Promise<ProxyEnv> => {
    started ??= (async () => {
      const upstream = await startUpstream();
      try {
        const scope = !only ? {} : 'method' in only ? { only } : { serve: only };
        const server = await startPrism(effective, { upstream: upstream.url, ...scope });
        try {
          return { upstream, server, ...(await clients(server.url)) };
        } catch (err) {
          await server.close();
          throw err;
        }
      } catch (err) {
        await upstream.close();
        throw err;
      }
    })();
    return started;
  };
  const close = async (): Promise<void> => {
    const env = await started?.catch(() => undefined);
    await env?.server.close();
    await env?.upstream.close();
  };
  return { start, close };
}
