// One line on stderr when a long stage starts and one when it ends, with its elapsed time, so a
// large spec never leaves the user looking at a silent terminal:
//   [github] redocly bundle...
//   [github] redocly bundle: done in 41.2 s
import { performance } from 'node:perf_hooks';

/** Specs at least this large get progress lines in the build and generate (provider:add always prints them). */
export const PROGRESS_BYTES = 1024 * 1024;

/** Runs fn (sync or async) between the two lines; returns what fn returns. */
export type Stage = <T>(label: string, fn: () => T) => T;

interface ProgressOptions {
  /** false: no lines, fn just runs */
  enabled?: boolean;
  write?: (line: string) => void;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => Boolean(v) && typeof (v as { then?: unknown }).then === 'function';

/**
 * @param prefix e.g. '[github]'
 */
export function progress(
  prefix: string,
  { enabled = true, write = (line) => process.stderr.write(`${line}\n`) }: ProgressOptions = {},
): Stage {
  return <T>(label: string, fn: () => T): T => {
    if (!enabled) return fn();
    const t0 = performance.now();
    const secs = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    write(`${prefix} ${label}...`);
    const end = (ok: boolean) => write(`${prefix} ${label}: ${ok ? 'done' : 'failed'} in ${secs()}`);
    let result: T;
    try {
      result = fn();
    } catch (err) {
      end(false);
      throw err;
    }
    if (isThenable(result)) {
      // the same promise type fn returned, settled after the closing line
      return result.then(
        (v) => {
          end(true);
          return v;
        },
        (err: unknown) => {
          end(false);
          throw err;
        },
      ) as T;
    }
    end(true);
    return result;
  };
}
