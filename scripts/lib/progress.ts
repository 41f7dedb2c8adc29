// One line on stderr when a long stage starts and one when it ends, with its elapsed time, so a
// large spec never leaves the user looking at a silent terminal:
//   [github] redocly bundle...
//   [github] redocly bundle: done in 41.2 s
import { performance } from 'node:perf_hooks';

/** Specs at least this large get progress lines in the build and generate (provider:add always prints them). */
export const PROGRESS_BYTES = 1024 * 1024;

/**
 * @param {string} prefix e.g. '[github]'
 * @param {{ enabled?: boolean, write?: (line: string) => void }} [opts]
 * @returns {<T>(label: string, fn: () => T) => T} runs fn (sync or async) between the two lines
 */
export function progress(prefix, { enabled = true, write = (line) => process.stderr.write(`${line}\n`) } = {}) {
  return (label, fn) => {
    if (!enabled) return fn();
    const t0 = performance.now();
    const secs = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    write(`${prefix} ${label}...`);
    const end = (ok) => write(`${prefix} ${label}: ${ok ? 'done' : 'failed'} in ${secs()}`);
    let result;
    try {
      result = fn();
    } catch (err) {
      end(false);
      throw err;
    }
    if (result && typeof result.then === 'function') {
      return result.then(
        (v) => {
          end(true);
          return v;
        },
        (err) => {
          end(false);
          throw err;
        },
      );
    }
    end(true);
    return result;
  };
}
