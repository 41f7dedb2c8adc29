// Recorded reality, offline: a provider's recordings (specs/<p>/recordings, `verify --record`)
// checked against today's effective spec (each divergence with its overlay action), then each
// recorded request sent through the provider's own client to the recordings served on
// 127.0.0.1 and its typed branch checked. What `capi replay <p> --check` prints and what the
// provider's conformance `contract` task reports (apps/conformance/src/cli.ts).
import { relative } from 'node:path';
import { loadSpecModel } from '../spec/spec-model.ts';
import type { Divergence } from './check.ts';
import { loadProviderRuntime } from './client.ts';
import { readRecordings } from './recordings.ts';
import { checkRecordings, replayThroughClient, serveRecordings } from './replay.ts';
import { stripCredentials } from './run.ts';

/** What the recordings of one provider say against its effective spec and its client. */
export interface ReplayCheck {
  /** recordings read (0: the provider has none, which is no failure) */
  recordings: number;
  /** recordings with no divergence whose replay through the client took its documented branch */
  passed: number;
  divergences: Divergence[];
  /** recordings the client answered in another branch than the recorded one */
  client: { operation: string; case: string; file: string; problem: string }[];
}

/** Checks the recordings of `provider` (under `root`) against its effective spec, then through its client. */
export async function checkReplay(root: string, provider: { name: string; effective: string }): Promise<ReplayCheck> {
  const recordings = readRecordings(root, provider.name);
  if (!recordings.length) return { recordings: 0, passed: 0, divergences: [], client: [] };
  const model = loadSpecModel(provider.effective, { provider: provider.name, label: relative(root, provider.effective) });
  const divergences = checkRecordings(model, recordings);
  const problems: ReplayCheck['client'] = [];
  {
    const { redaction, factory, testing } = await loadProviderRuntime(provider.name, root);
    const served = await serveRecordings(root, provider.name, {
      port: 0,
      isSensitiveKey: redaction.isSensitiveKey,
      redacted: redaction.REDACTED,
    });
    const options = testing?.conformance.options ?? {};
    const make = (credentials: string) =>
      factory({
        ...options,
        baseUrl: served.url,
        retry: false,
        validate: 'throw',
        middleware: credentials === 'none' ? [stripCredentials(model)] : [],
      });
    try {
      for (const { recording: r, problem } of await replayThroughClient(model, recordings, make))
        if (problem) problems.push({ operation: r.operation, case: r.case, file: r.file, problem });
    } finally {
      await served.close();
    }
  }
  const bad = new Set([...divergences.map((d) => `${d.operation}\0${d.case}`), ...problems.map((p) => `${p.operation}\0${p.case}`)]);
  const passed = recordings.filter((r) => !bad.has(`${r.operation}\0${r.case}`)).length;
  return { recordings: recordings.length, passed, divergences, client: problems };
}
