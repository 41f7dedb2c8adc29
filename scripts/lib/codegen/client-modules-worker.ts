// The worker thread of client-modules.ts clientModulesThread: reads the spec file given in
// workerData, makes validators.gen.ts and fake.gen.ts (clientModules) and posts them back with
// each stage's wall and CPU ms (this thread's CPU), or posts the error. Started only by
// clientModulesThread; it imports nothing of the main thread's state.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../shared/errors.ts';
import { progress } from '../shared/progress.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';
import { type ClientModulesJob, type ClientModulesReply, clientModules, type StageTime } from './client-modules.ts';

// from the thread's start to here: its modules loaded (performance.now() counts from the thread's start)
const startCpu = process.threadCpuUsage();
const stages: Record<string, StageTime> = {
  'worker thread: starting (its modules loaded)': { ms: performance.now(), cpuMs: (startCpu.user + startCpu.system) / 1000 },
};
const { file, where, progress: printing } = workerData as ClientModulesJob;
const lines = progress(`[${where.provider ?? '?'}]`, { enabled: printing });

/** Runs a stage with its progress lines, and records its wall and this thread's CPU ms. */
const timed = <T>(label: string, fn: () => T): T =>
  lines(label, () => {
    const cpu0 = process.threadCpuUsage();
    const t0 = performance.now();
    const out = fn();
    const cpu = process.threadCpuUsage(cpu0);
    stages[label.replace(/ \(.*$/, '')] = { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
    return out;
  });

let reply: ClientModulesReply;
try {
  const { data } = timed(`worker thread: reading ${where.file ?? file}`, () =>
    loadYamlSource(file, { provider: where.provider, label: where.file }),
  );
  reply = { ok: true, modules: clientModules(data, where, timed), stages };
} catch (err) {
  const e = err as Error;
  reply = {
    ok: false,
    error: {
      message: e.message,
      user: err instanceof UserError,
      where:
        err instanceof UserError
          ? { provider: err.provider, file: err.file, line: err.line, column: err.column }
          : { provider: where.provider },
      stack: e.stack,
    },
  };
}
parentPort?.postMessage(reply);
