// Commands the corpus run starts (scripts/lib/corpus/corpus.ts, fake-stage.ts): bounded in time,
// peak memory by GNU time where there is one, ended with everything they started; and the lines
// of an output that say why a stage failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a command run under `run` did. */
export interface RunResult {
  /** the exit code (127 when it could not start, 1 when it ended without one) */
  status: number;
  /** stdout and stderr, interleaved */
  out: string;
  /** seconds */
  s: number;
  /** peak memory in MB, when GNU time measured it */
  peakMb: number | null;
  timedOut: boolean;
}

/** [pid, parent pid, process group] of every process, from /proc (Linux) or `ps`; [] when neither answers. */
export function processTable(): [pid: number, ppid: number, pgid: number][] {
  const rows: [number, number, number][] = [];
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so read after the last ')'
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const [, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        rows.push([Number(d), Number(ppid), Number(pgid)]);
      } catch {
        // ended meanwhile
      }
    }
    if (rows.length) return rows;
  } catch {
    // no /proc: ps below
  }
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8' });
  for (const line of (ps.stdout ?? '').split('\n')) {
    const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
    if (pid) rows.push([pid, ppid, pgid]);
  }
  return rows;
}

/** Every process started by `pid` (children, theirs, ...), whatever process group each is in. */
function descendants(pid: number, table = processTable()): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const [p, pp] of table) {
      if (pp === parent && !out.includes(p)) {
        out.push(p);
        queue.push(p);
      }
    }
  }
  return out;
}

/**
 * Ends `pid` and everything it started: its process group (what stayed in it) and every
 * descendant in a group of its own (turbo starts each task in a new process group, so a kill of
 * the stage's group left npm, vitest and its worker running, orphaned). The tree is stopped
 * first (SIGSTOP), so nothing forks while it is ended, then killed (SIGKILL), twice over for what
 * started between the two looks.
 */
export function killTree(pid: number): void {
  const signal = (target: number, sig: NodeJS.Signals) => {
    try {
      process.kill(target, sig);
    } catch {
      // gone already
    }
  };
  for (let pass = 0; pass < 2; pass++) {
    const table = processTable();
    const tree = [pid, ...descendants(pid, table)];
    for (const p of tree) signal(p, 'SIGSTOP');
    // the groups led by a process of the tree (the stage's own, a task's of turbo)
    const groups = new Set(table.filter(([p, , g]) => tree.includes(p) && tree.includes(g)).map(([, , g]) => g));
    groups.add(pid);
    for (const g of groups) signal(-g, 'SIGKILL');
    for (const p of tree) signal(p, 'SIGKILL');
  }
}

/** Runs a command under GNU time (peak memory) when there is one; bounded in time. */
export function run(
  command: string,
  args: string[],
  { cwd, env = process.env, limitMs }: { cwd: string; env?: NodeJS.ProcessEnv; limitMs: number },
): Promise<RunResult> {
  const timeFile = join(tmpdir(), `capi-corpus-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const timed = existsSync('/usr/bin/time');
  const [cmd, argv]: [string, string[]] = timed ? ['/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args]] : [command, args];
  const t0 = performance.now();
  return new Promise((done) => {
    // its own process group (GNU time does not pass a SIGKILL on to its child); at the limit,
    // killTree ends the group and every descendant that left it
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let timedOut = false;
    let finished = false;
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid === undefined) child.kill('SIGKILL');
      else killTree(child.pid);
    }, limitMs);
    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      let peakMb: number | null = null;
      try {
        peakMb = Math.round(Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)) / 1024);
        rmSync(timeFile, { force: true });
      } catch {
        // no GNU time
      }
      if (timedOut) out += `\nerror: stage ended at its time limit (${Math.round(limitMs / 1000)} s), with every process it started`;
      done({ status: timedOut ? 124 : status, out, s: (performance.now() - t0) / 1000, peakMb, timedOut });
    };
    child.on('error', () => finish(127));
    child.on('close', (code) => finish(code ?? 1));
    // after a kill at the limit, something that escaped the tree may still hold the output
    // pipes open, and 'close' would never come: the exit is enough then
    child.on('exit', (code) => {
      if (!timedOut) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish(code ?? 1);
    });
  });
}

/** Why a stage failed: the lines that say so (errors, failures of a stage), else its last lines. */
export const lastLines = (out: string): string => {
  const lines = out
    .trim()
    .split('\n')
    .filter((l) => l.trim());
  const said = lines.flatMap((l, i) => {
    if (!/^error:|^\s+\[(build|lint|contract|scenarios)\] |FAILED {2}|^\s+(upstream defect|redocly\.yaml)|error TS\d+:/.test(l)) return [];
    // a line that only introduces what follows ("redocly bundle failed:") says nothing by itself:
    // the first line after it that says something goes with it
    if (!/:\s*$/.test(l)) return [l];
    const next = lines.slice(i + 1).find((n) => !/^\s*bundling .* using configuration/.test(n));
    return [next ? `${l.trimEnd()} ${next.trim()}` : l];
  });
  return (said.length ? said.slice(0, 3) : lines.slice(-3)).join(' | ').slice(0, 500);
};
