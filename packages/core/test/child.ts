// Runs a script of test/child/ in a node process of its own (asynchronously), on the TypeScript
// sources: for what only a fresh process can show (the global state before anything is loaded,
// the memory high-water mark of one upload).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const hooks = new URL('./ts-source-hooks.mjs', import.meta.url).href;

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runChild(script: string, args: string[], timeoutMs = 120_000): Promise<ChildResult> {
  const file = fileURLToPath(new URL(`./child/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', hooks, file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // a bound, not a measurement: a child that hangs is killed and the test fails on its output
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last line of a child's stdout, as JSON (what the script reports). */
export function report<T>(res: ChildResult): T {
  const line = res.stdout.trim().split('\n').at(-1);
  if (res.code !== 0 || !line) throw new Error(`child exited with ${res.code}:\n${res.stdout}\n${res.stderr}`);
  return JSON.parse(line) as T;
}
