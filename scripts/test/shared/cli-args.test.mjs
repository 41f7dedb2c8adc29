// The scripts' shared argument parser (scripts/lib/shared/cli-args.ts): every script's options and
// its errors go through it.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../lib/shared/cli-args.ts';
import { providerOptions, providerSelection } from '../../lib/registry/registry.ts';

const usage = 'usage: thing <x> [--root DIR] [--json]';
const options = { root: { type: 'string' }, json: { type: 'boolean' } };

describe('parseCli', () => {
  it('reads options in both spellings and keeps positionals in order', () => {
    expect(parseCli(['a', '--root', '/r', 'b', '--json'], { usage, options })).toMatchObject({
      values: { root: '/r', json: true },
      positionals: ['a', 'b'],
    });
    expect(parseCli(['--root=/s'], { usage, options }).values.root).toBe('/s');
  });

  it('names an unknown option or a missing value, with the usage', () => {
    expect(() => parseCli(['--jsn'], { usage, options })).toThrow(`unknown option --jsn; ${usage}`);
    expect(() => parseCli(['a', '--root'], { usage, options })).toThrow(`--root needs a value; ${usage}`);
  });

  it('is what providerCommand uses (providerOptions, providerSelection), with its boolean flags', () => {
    const usage = 'usage: [--root DIR] [provider ... | .]';
    const parse = (argv, flags = []) => providerSelection(parseCli(argv, { usage, options: providerOptions(flags) }), flags);
    expect(parse(['--suggest', 'salesive'], ['suggest'])).toMatchObject({
      flags: { suggest: true },
      providers: [{ name: 'salesive' }],
    });
    expect(() => parse(['--suggest'])).toThrow(`unknown option --suggest; ${usage}`);
  });
});
