// A spec of test/fixtures/ as a provider of the contract suite, not registered and without a
// generated package: its model as written, the facts codegen would give its client, and a client
// made from them the way a generated package makes its own.
import { fileURLToPath } from 'node:url';
import type { RunnerTask, TestContext } from 'vitest';
import { type BaseClientOptions, type Credentials, createProviderClient, type ProviderDefinition } from '@capi/core';
import { specFacts } from '@capi/scripts/lib/codegen/codegen.ts';
import { loadSpecModel } from '@capi/scripts/lib/spec/spec-model.ts';

/**
 * `file` under test/fixtures/ as the provider `name`: `file` (its absolute path), `asWritten`
 * (the spec model, schemas as written), `facts` and `client(baseUrl, extra)`, a client with
 * `credentials` that does not retry (`extra`: more client options, as the suite passes them).
 */
export function fixtureProvider(file: string, name: string, credentials: Credentials = {}) {
  const path = fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
  const asWritten = loadSpecModel(path, { schemas: 'as-written' });
  // JSON, as a generated package embeds it in its source (which types it from the literal;
  // codegen types what it read from the spec loosely)
  const facts = specFacts(asWritten.source, asWritten) as unknown as ProviderDefinition['spec'];
  const client = (baseUrl: string, extra: Partial<BaseClientOptions> = {}) =>
    createProviderClient({ name, spec: facts }, { baseUrl, retry: false, ...extra }, credentials);
  return { file: path, asWritten, facts, client };
}

/** Every test of the file `ctx` runs in, each describe block walked (to read what the suite made of its cases). */
export function fileTests(ctx: TestContext): RunnerTask[] {
  const tests: RunnerTask[] = [];
  const walk = (task: RunnerTask): void => {
    if (task.type === 'test') tests.push(task);
    else for (const t of 'tasks' in task ? task.tasks : []) walk(t);
  };
  walk(ctx.task.file);
  return tests;
}
