// validators.gen.ts and fake.gen.ts of one provider (the two modules openapi-typescript has no
// counterpart of), made from one JSON Schema form of the document and one Ajv instance over it
// (ajv-standalone.ts). For a large spec on a machine with CPUs to spare (codegen.ts useThread)
// they are made in a worker thread while the main thread validates the spec and renders its
// types: on GitHub's spec Ajv's compile of about 1 100 validation functions is about as long as the rest
// of the generation, so done alongside it the wall time is nearer the longer of the two than
// their sum; on 2 CPUs it is not (bench/results.md "Codegen").
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { type Where, UserError } from '../shared/errors.ts';
import type { Stage } from '../shared/progress.ts';
import { specModel } from '../spec/spec-model.ts';
import { ajvDocument, bodySchemaPointers, schemaCompiler } from './ajv-standalone.ts';
import { fakeModule } from './fake-model.ts';
import { validatorsModule } from './validators-codegen.ts';

/** The text of both modules, without their generated header. */
export interface ClientModules {
  validatorsTs: string;
  fakeTs: string;
}

/** How long a stage of the worker thread took: wall ms and the CPU ms of that thread. */
export type StageTime = { ms: number; cpuMs: number };

/**
 * Both modules of a (valid) document, in this thread. Made in a function of their own, so the
 * JSON Schema form and Ajv's compiled schemas are garbage once it returns (on GitHub's spec the
 * larger part of the peak memory when the types are rendered after, in the same thread).
 */
export function clientModules(doc: unknown, where: Where, stage: Stage): ClientModules {
  const { validatorsTs, model, compiler } = stage('compiling response validators (own-validators.ts, Ajv for the rest)', () => {
    const model = specModel(doc);
    const compiler = schemaCompiler(ajvDocument(model, bodySchemaPointers(model)));
    return { validatorsTs: validatorsModule(doc, { where, model, compiler }), model, compiler };
  });
  // the provider's own package named (it said @capi/<provider>/fake); timings key on the words before " ("
  const fakeTs = stage(`writing the fake model (@capi/${where.provider ?? '<provider>'}/fake)`, () =>
    fakeModule(doc, { where, model, compiler }),
  );
  return { validatorsTs, fakeTs };
}

let fullGc: (() => void) | undefined;

/**
 * A full garbage collection, for a large spec once both modules are made in this thread and
 * before its types are rendered (codegen.ts). Ajv's compile leaves its garbage (its code trees,
 * about 1 100 functions' worth on GitHub's spec) in a heap V8 has grown for it, and rendering the
 * types allocated on top of it: the process's peak memory was set there, about 100 MiB above
 * what the compile itself reached (bench/results.md "Codegen"). Collected first, the rendering
 * reuses that space. V8's `gc` is reached as Node allows it at run time (the flag, then a new
 * context's global); about 10–40 ms of CPU, so not for a small spec.
 */
export function collectGarbage(): void {
  if (!fullGc) {
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  fullGc();
}

/** The worker thread's young generation (V8's new space), MiB. */
const YOUNG_GENERATION_MB = 8;

/** What the worker thread is given (client-modules-worker.ts). */
export interface ClientModulesJob {
  /** the spec file, read and parsed by the worker itself with loadYamlSource's guards */
  file: string;
  where: Where;
  /** print the stages' progress lines (lib/shared/progress.ts), as the main thread does for a large spec */
  progress: boolean;
}

/** What the worker thread posts back: the modules and its stages' times, or its error. */
export type ClientModulesReply =
  | { ok: true; modules: ClientModules; stages: Record<string, StageTime> }
  | { ok: false; error: { message: string; user: boolean; where: Where; stack?: string } };

/** A worker thread making both modules; `result` settles once, `stop()` ends the thread whatever it is doing. */
interface ClientModulesThread {
  result: Promise<{ modules: ClientModules; stages: Record<string, StageTime> }>;
  stop(): Promise<void>;
}

/**
 * Starts a worker thread that reads `job.file` and makes both modules, while the caller goes on
 * (validation, the types). Its error arrives as the same UserError (message, provider, file,
 * line), or as an Error naming the thread when it fails otherwise. The caller must `stop()` it
 * when it no longer needs the result (a failed validation), and should once it has it.
 */
export function clientModulesThread(job: ClientModulesJob): ClientModulesThread {
  const worker = new Worker(new URL('./client-modules-worker.ts', import.meta.url), {
    workerData: job,
    // A small young generation: Ajv's compile makes garbage fast, and with Node's default for a
    // worker the peak RSS on GitHub's spec was about 150 MiB higher (docs/decisions-and-lessons.md);
    // the old generation is not limited (a larger spec must not run out of memory).
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const result = new Promise<{ modules: ClientModules; stages: Record<string, StageTime> }>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: ClientModulesReply) => {
      settled = true;
      if (reply.ok) return resolve({ modules: reply.modules, stages: reply.stages });
      const { message, user, where, stack } = reply.error;
      if (user) return reject(new UserError(message, where));
      const err = new Error(`making validators.gen.ts and fake.gen.ts (worker thread): ${message}`);
      if (stack) err.stack = `${err.message}\n${stack}`;
      reject(err);
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      reject(new Error(`making validators.gen.ts and fake.gen.ts (worker thread): ${err.message}`, { cause: err }));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`making validators.gen.ts and fake.gen.ts (worker thread): it stopped (exit code ${code}) before answering`));
    });
  });
  // a rejection nobody awaits (the caller failed first and stops the thread) is not unhandled
  result.catch(() => {});
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}
