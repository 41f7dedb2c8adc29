// bench/results.md across re-runs (scripts/lib/dev/bench-results.ts, what `npm run bench` writes
// with): a section measured again keeps its hand-written block after its new figures, the others
// stay as they were, and the time line of a whole run changes only with a whole run of its kind.
// bench.e2e.test.mjs runs the command itself on a fresh copy.
import { describe, expect, it } from 'vitest';
import { mergeResults } from '../../lib/dev/bench-results.ts';

const head = ['# Benchmark results', '', 'Machine: 2 cores.'];
const order = ['Client overhead', 'Codegen', 'Size'];
const QUICK = 'Time of the last whole `npm run bench -- --quick` (client 7 s, codegen 29 s): 53 s. MET: --quick under 3 minutes: 53 s';
const FULL = 'Time of the last whole `npm run bench` (client 60 s): 400 s.';

const previous = [
  ...head,
  '',
  '## Client overhead',
  '',
  '_Measured 2026-12-01 at commit aaa._',
  '',
  '| stack | requests/s |',
  '| (a) | 100 |',
  '',
  '_Written by hand for an earlier run (#25.2):_',
  '',
  '- **Where the CPU went**: a profile by hand.',
  '',
  '## Codegen',
  '',
  '_Measured 2026-12-01 at commit aaa._',
  '',
  'codegen figures',
  '',
  '_Written by hand for an earlier run (#25.4):_ what changed.',
  '',
  '- a second paragraph of the same block',
  '',
  '## Size',
  '',
  '_Measured 2026-12-01 at commit aaa._',
  '',
  'size figures',
  '',
  FULL,
  '',
  QUICK,
  '',
].join('\n');

/** The body of one section of a results.md (the time lines after the last section left out). */
const section = (md, title) =>
  md
    .replace(/^Time of the last.*$/gm, '')
    .trimEnd()
    .split(/^## /m)
    .find((p) => p.startsWith(`${title}\n`));

describe('bench/results.md across re-runs', () => {
  it('a section measured again: new figures, then the hand-written block it had; the other sections as they were', () => {
    const md = mergeResults(previous, {
      head,
      order,
      fresh: new Map([['Client overhead', '_Measured 2026-12-06 at commit bbb._\n\n| stack | requests/s |\n| (a) | 120 |']]),
    });
    const client = section(md, 'Client overhead');
    expect(client).toContain('| (a) | 120 |');
    expect(client).not.toContain('| (a) | 100 |');
    expect(client.indexOf('_Written by hand for an earlier run (#25.2):_')).toBeGreaterThan(client.indexOf('| (a) | 120 |'));
    expect(client).toContain('- **Where the CPU went**: a profile by hand.');
    expect(section(md, 'Codegen')).toBe(section(previous, 'Codegen'));
    expect(section(md, 'Size')).toContain('size figures');
  });

  it('a run of some sections (--only) leaves both time lines as they were, whatever it measured', () => {
    for (const quick of [true, false]) {
      const md = mergeResults(previous, { head, order, fresh: new Map([['Size', 'new size figures']]), time: undefined });
      expect(md.match(/^Time of the last.*$/gm), `quick ${quick}`).toEqual([FULL, QUICK]);
      expect(md).not.toContain('()');
    }
  });

  it('a whole --quick run replaces the --quick line only; a whole run the other', () => {
    const line = 'Time of the last whole `npm run bench -- --quick` (client 5 s): 40 s. MET: --quick under 3 minutes: 40 s';
    const quick = mergeResults(previous, { head, order, fresh: new Map([['Size', 'x']]), time: { quick: true, line } });
    expect(quick.match(/^Time of the last.*$/gm)).toEqual([FULL, line]);
    const full = 'Time of the last whole `npm run bench` (client 70 s): 500 s.';
    const whole = mergeResults(quick, { head, order, fresh: new Map([['Size', 'y']]), time: { quick: false, line: full } });
    expect(whole.match(/^Time of the last.*$/gm)).toEqual([full, line]);
  });

  it('the time line of the earlier form is read as the --quick one, and no section keeps it in its body', () => {
    const old = previous.replace(`${FULL}\n\n${QUICK}`, 'Time of the last `npm run bench` --quick (client 7 s): 53 s; load 2.3.');
    const md = mergeResults(old, { head, order, fresh: new Map() });
    expect(md.match(/^Time of the last.*$/gm)).toEqual(['Time of the last `npm run bench` --quick (client 7 s): 53 s; load 2.3.']);
    expect(md.trimEnd().endsWith('Time of the last `npm run bench` --quick (client 7 s): 53 s; load 2.3.')).toBe(true);
    expect(md.match(/Time of the last/g)).toHaveLength(1);
    const line = 'Time of the last whole `npm run bench -- --quick` (client 5 s): 40 s.';
    expect(mergeResults(old, { head, order, fresh: new Map(), time: { quick: true, line } }).match(/^Time of the last.*$/gm)).toEqual([
      line,
    ]);
  });

  it('re-running every section twice keeps each hand-written block once, in place', () => {
    const fresh = new Map(order.map((t) => [t, `_Measured now._\n\n${t} figures`]));
    const once = mergeResults(previous, { head, order, fresh });
    const twice = mergeResults(once, { head, order, fresh });
    expect(twice).toBe(once);
    expect(twice.match(/_Written by hand/g)).toHaveLength(2);
    expect(section(twice, 'Codegen')).toContain('- a second paragraph of the same block');
  });

  it('a section the previous file has and the run does not name is kept, at the end; none at all: a new file', () => {
    const extra = `${previous.replace(FULL, '')}\n## Something older\n\nits figures\n`;
    const md = mergeResults(extra, { head, order, fresh: new Map() });
    expect(section(md, 'Something older')).toContain('its figures');
    expect(md.indexOf('## Something older')).toBeGreaterThan(md.indexOf('## Size'));
    const first = mergeResults(undefined, { head, order, fresh: new Map([['Size', 'size figures']]) });
    expect(first).toBe(`${head.join('\n')}\n\n## Size\n\nsize figures\n`);
  });
});
