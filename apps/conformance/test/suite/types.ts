// The types the contract suite's modules share: what each test carries and what its hooks set up.
import type { TestContext } from 'vitest';
import type { NodeTransport } from '@capi/core/node';
import type { PrismServer } from '../../src/prism.ts';
import type { AnyClient } from '../../src/clients.ts';
import type { DefectNote } from '../../src/judge/defects.ts';
import type { Upstream } from '../../src/upstream.ts';

/** What each contract test carries (`meta.contract`), which the conformance report is built from. */
export interface ContractMeta extends DefectNote {
  provider: string;
  operationId?: string;
  method?: string;
  path?: string;
  kind: string;
  status?: string | undefined;
  code?: number | null;
  media?: string;
  constraint?: string;
  case?: string;
  valid?: number;
  invalid?: number;
  seed?: number;
  dynamic?: boolean;
  /** answered through Prism's proxy from the generated upstream (src/upstream.ts), its mock having no valid answer */
  proxy?: boolean;
  /**
   * A credentials or negative case judged on Prism's refusal alone, through its proxy: why the
   * documented error body was not checked (neither of Prism's mocks could make it)
   */
  unchecked?: string;
  /** why the request was sent a second time, its first having no answer (test/suite/calls.ts, resendable) */
  resent?: string;
}

declare module 'vitest' {
  interface TaskMeta {
    contract: ContractMeta;
  }
}

/** A test's context, with its contract meta (every contract test has one). */
export type Ctx = TestContext & { task: { meta: { contract: ContractMeta } } };

/** What the suite's hooks set up for one provider's tests. */
export interface SuiteEnv {
  server: PrismServer;
  error?: Error;
  transport: NodeTransport;
  /** Each response body as Prism sent it (before the client read it). */
  sent: WeakMap<Response, Promise<string | undefined>>;
  client: AnyClient;
  nodeClient: AnyClient;
  /** the Node transport without middleware: the fast path */
  fastClient: AnyClient;
  anonymous: AnyClient;
  nodeAnonymous: AnyClient;
  inflight: Set<AbortController>;
  unwatch?: () => void;
  escaped: string[];
  /** Requests in a row without an answer. */
  silent: number;
  lastCrash?: string;
  /** Prism in proxy mode in front of the generated upstream, started on first use (test/suite/proxy.ts). */
  proxy: () => Promise<ProxyEnv>;
  closeProxy?: () => Promise<void>;
}

/** Prism in proxy mode in front of the generated upstream, and the clients that call it. */
export interface ProxyEnv {
  upstream: Upstream;
  server: PrismServer;
  /** as SuiteEnv's client, nodeClient and fastClient, in that order */
  clients: AnyClient[];
  /** as SuiteEnv's anonymous and nodeAnonymous (no credentials), in that order */
  anonymous: AnyClient[];
}

/** What a client call returned (openapi-fetch's result, as the harness reads it). */
export interface Exchange {
  data?: unknown;
  /** the provider client's error union, read field by field */
  error?: any;
  response: Response;
}
