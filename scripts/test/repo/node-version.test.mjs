// Every root npm script checks the Node running it first: on a Node older than the floor it
// stops at once with one line saying which Node it needs and how to get it (no stack trace),
// also in a checkout where nothing is installed yet (the scripts run `node scripts/capi.mjs`,
// never the `capi` bin, which exists only after `npm ci`). On the right Node, an uninstalled
// checkout's commands say to run `npm ci`. `npm ci` itself on an old Node: node-version.e2e.test.mjs.
import { describe, expect, it } from 'vitest';
import { delimiter, dirname } from 'node:path';
import { repoRoot } from '../../lib/registry/registry.ts';
import { runCommand } from '../helpers.mjs';
import { floor, NEEDS_NODE, oldNode, oldPath, uninstalledCheckout } from '../old-node.mjs';

const env = (extra = {}) => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_') && !k.startsWith('CONFORMANCE_')),
  ),
  TURBO_TELEMETRY_DISABLED: '1',
  ...extra,
});

describe('on a Node older than the floor', () => {
  it('every root script stops at once with one line saying which Node and how to get it', async (ctx) => {
    const old = await oldNode();
    if (!old) ctx.skip(`no Node older than ${floor} on this machine (set CAPI_OLD_NODE to one)`);
    for (const script of ['conformance', 'test', 'generate', 'provider:add', 'bench', 'test:contract', 'capi']) {
      const res = await runCommand('npm', ['run', '--silent', script], { cwd: repoRoot, env: env({ PATH: oldPath(old) }) });
      expect(res.status, `${script}: ${res.out}`).toBe(1);
      const lines = res.stderr.trim().split('\n');
      expect(lines, script).toHaveLength(1);
      expect(lines[0], script).toMatch(NEEDS_NODE(old.major));
    }
  }, 120_000);

  it('says the same in a checkout where nothing is installed yet (no "capi: not found")', async (ctx) => {
    const old = await oldNode();
    if (!old) ctx.skip(`no Node older than ${floor} on this machine (set CAPI_OLD_NODE to one)`);
    const checkout = await uninstalledCheckout();
    try {
      for (const args of [['run', 'conformance'], ['test'], ['run', 'capi', '--', '--help'], ['run', 'generate', '--', 'salesive']]) {
        const res = await runCommand('npm', args, { cwd: checkout.dir, env: env({ PATH: oldPath(old) }) });
        expect(res.status, `npm ${args.join(' ')}: ${res.out}`).toBe(1);
        expect(res.out, args.join(' ')).not.toMatch(/not found|ERR_UNKNOWN_FILE_EXTENSION|^\s+at /m);
        expect(
          res.stderr.split('\n').filter((l) => l.startsWith('This repository needs Node')),
          args.join(' '),
        ).toHaveLength(1);
        expect(res.stderr, args.join(' ')).toMatch(new RegExp(NEEDS_NODE(old.major).source.slice(1), 'm'));
      }
    } finally {
      checkout.cleanup();
    }
  }, 120_000);
});

describe('on the right Node, before npm ci', () => {
  it('npm run capi -- --help answers, and a command says to run npm ci first', async () => {
    const checkout = await uninstalledCheckout();
    const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;
    try {
      const help = await runCommand('npm', ['run', '--silent', 'capi', '--', '--help'], { cwd: checkout.dir, env: env({ PATH: path }) });
      expect(help.status, help.out).toBe(0);
      expect(help.stdout).toMatch(/^usage: npm run capi -- <command>/);
      for (const script of ['conformance', 'generate']) {
        const res = await runCommand('npm', ['run', '--silent', script], { cwd: checkout.dir, env: env({ PATH: path }) });
        expect(res.status, res.out).toBe(1);
        expect(res.stderr.trim()).toBe(`capi: the dependencies are not installed in ${checkout.dir}: run \`npm ci\` there first.`);
      }
    } finally {
      checkout.cleanup();
    }
  }, 120_000);
});
