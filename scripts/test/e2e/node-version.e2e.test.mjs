// The first command a newcomer runs is `npm ci` (README "Quick start"). On a Node older than the
// floor it must say which Node and how to get it, in our one line: the root `preinstall` runs
// scripts/check-node.mjs (npm's engine-strict would stop earlier with "Not compatible with your
// version of node/npm: undefined" and no word on how to get Node 24, so .npmrc does not set it).
// npm runs the root preinstall after it has unpacked the dependencies, so this is the end-to-end tier.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../helpers.mjs';
import { floor, NEEDS_NODE, oldNode, oldPath, uninstalledCheckout } from '../old-node.mjs';

const env = (extra = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') && !k.startsWith('TURBO_'))),
  ...extra,
});

describe('npm ci on a Node older than the floor', () => {
  it('stops with our one line saying which Node and how to get it', async (ctx) => {
    const old = await oldNode();
    if (!old) ctx.skip(`no Node older than ${floor} on this machine (set CAPI_OLD_NODE to one)`);
    const checkout = await uninstalledCheckout();
    try {
      const res = await runCommand('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: checkout.dir,
        env: env({ PATH: oldPath(old) }),
        timeoutMs: 600_000,
      });
      expect(res.status, res.out).not.toBe(0);
      expect(res.out).not.toMatch(/Not compatible with your version of node\/npm/);
      const ours = res.stderr.split('\n').filter((l) => l.startsWith('This repository needs Node'));
      expect(ours, res.out).toHaveLength(1);
      expect(ours[0]).toMatch(NEEDS_NODE(old.major));
    } finally {
      checkout.cleanup();
    }
  }, 600_000);
});
