// throughPrism (test/suite/mock-routes.ts): the reason a case goes to Prism's proxy with is read
// only when the proxy fails too. Such a reason may cost to word (src/judge/defects.ts compiles
// Prism's validator for it), so a case the proxy answers must not pay for it; one it does not
// answer is skipped with the same reason as before, both mocks' named.
import { describe, expect, it } from 'vitest';
import { MockLimitation } from '../src/prism.ts';
import { throughPrism, viaProxy } from './suite/mock-routes.ts';

/** An invalid answer's MockLimitation whose message counts its reads. */
function limitation(text: string, reads: { n: number }): MockLimitation {
  const err = Object.assign(new MockLimitation(text), { invalidAnswer: true });
  Object.defineProperty(err, 'message', {
    get: () => {
      reads.n++;
      return text;
    },
  });
  return err;
}

function ctxOf() {
  const meta: Record<string, unknown> = {};
  const skipped: string[] = [];
  const ctx = {
    task: { meta: { contract: meta } },
    skip: (reason: string) => {
      skipped.push(reason);
      throw new Error('skipped');
    },
  };
  return { ctx, meta, skipped };
}

describe('throughPrism: the reason handed to the proxy', () => {
  it('is not read when the proxy answers', async () => {
    const reads = { n: 0 };
    const { ctx, meta } = ctxOf();
    let proxied = 0;
    await throughPrism<void>({
      mock: async () => {
        throw limitation('static: invalid', reads);
      },
      dynamic: () => ({
        prefer: 'dynamic=true',
        ask: async () => {
          throw limitation('dynamic: invalid', reads);
        },
      }),
      unanswered: () => {
        throw new Error('not unanswered');
      },
      proxy: (why) =>
        viaProxy(ctx as never, why, async () => {
          proxied++;
        }),
    });
    expect(proxied).toBe(1);
    expect(meta.proxy).toBe(true);
    expect(reads.n, 'neither reason read').toBe(0);
  });

  it('is read, both mocks named, when the proxy fails too', async () => {
    const reads = { n: 0 };
    const { ctx, meta, skipped } = ctxOf();
    await expect(
      throughPrism<void>({
        mock: async () => {
          throw limitation('static: invalid', reads);
        },
        dynamic: () => ({
          prefer: 'dynamic=true',
          ask: async () => {
            throw limitation('dynamic: invalid', reads);
          },
        }),
        unanswered: () => {
          throw new Error('not unanswered');
        },
        proxy: (why) =>
          viaProxy(ctx as never, why, async () => {
            throw new MockLimitation('no upstream answer');
          }),
      }),
    ).rejects.toThrow('skipped');
    expect(skipped).toEqual([
      "static: invalid; its dynamic mock too (Prefer: dynamic=true): dynamic: invalid; through Prism's proxy too: no upstream answer",
    ]);
    expect(meta.limitation).toBe('mock');
    expect(reads.n).toBe(2);
  });
});
