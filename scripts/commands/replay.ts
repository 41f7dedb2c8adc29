// `capi replay <provider> [--port N] [--check]` (`npm run replay -- ...`): the recordings of
// `verify --record` checked against the effective spec (exit 1 with each divergence and its
// overlay action when one no longer matches); with --check, each recorded request is also sent
// through the provider's client to the recordings served on 127.0.0.1 and its typed branch
// checked (exit 1 when one is not the documented one); without, they are served until Ctrl-C
// (scripts/lib/verify/replay.ts).
import { relative, resolve } from 'node:path';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { repoRoot, selectProviders } from '../lib/registry/registry.ts';
import { loadSpecModel } from '../lib/spec/spec-model.ts';
import { loadProviderRuntime } from '../lib/verify/client.ts';
import { recordingsDir, readRecordings } from '../lib/verify/recordings.ts';
import { checkRecordings, replayThroughClient, serveRecordings } from '../lib/verify/replay.ts';
import { stripCredentials } from '../lib/verify/run.ts';

const USAGE = 'usage: npm run replay -- <provider> [--port N] [--check]   (the recordings of npm run verify -- <provider> --record)';

command(
  { usage: USAGE, options: { root: { type: 'string' }, port: { type: 'string' }, check: { type: 'boolean' } } },
  async ({ values, positionals }) => {
    const root = values.root ? resolve(values.root) : repoRoot;
    if (positionals.length !== 1) throw new UserError(`name exactly one provider; ${USAGE}`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('--port takes a port number 0-65535 (0 picks a free one)');
    const [provider] = selectProviders(positionals, root);
    if (!provider) throw new UserError(USAGE);
    const dir = relative(root, recordingsDir(root, provider.name));
    const recordings = readRecordings(root, provider.name);
    if (!recordings.length) throw new UserError(`${dir} holds no recordings: npm run verify -- ${provider.name} --base-url URL --record`);
    const specFile = relative(root, provider.effective);
    const model = loadSpecModel(provider.effective, { provider: provider.name, label: specFile });
    const divergences = checkRecordings(model, recordings);
    for (const d of divergences) {
      console.log(`${d.operation} (${d.case}) ${d.where}: ${d.message}`);
      for (const a of d.actions)
        console.log(`  action: ${a.target} ${a.remove ? 'remove' : `update ${JSON.stringify(a.update).slice(0, 160)}`}`);
    }
    console.log(`${provider.name}: ${recordings.length} recording(s) in ${dir}, ${divergences.length} divergence(s) from ${specFile}`);
    const { redaction, factory, testing } = await loadProviderRuntime(provider.name, root);
    if (values.check) {
      // the client's typed branches against what the provider answered, served from the recordings
      const served = await serveRecordings(root, provider.name, { port: 0, isSensitiveKey: redaction.isSensitiveKey });
      const options = testing?.conformance.options ?? {};
      const client = (credentials: string) =>
        factory({
          ...options,
          baseUrl: served.url,
          retry: false,
          validate: 'throw',
          middleware: credentials === 'none' ? [stripCredentials(model)] : [],
        });
      let failed = 0;
      try {
        for (const { recording, problem } of await replayThroughClient(model, recordings, client)) {
          if (!problem) continue;
          failed++;
          console.log(`${recording.operation} (${recording.case}) through the client: ${problem}`);
        }
      } finally {
        await served.close();
      }
      console.log(
        `${provider.name}: ${recordings.length - failed} of ${recordings.length} recording(s) answered in the client's documented branch`,
      );
      return divergences.length || failed ? 1 : 0;
    }
    const served = await serveRecordings(root, provider.name, { port, isSensitiveKey: redaction.isSensitiveKey });
    console.log(`replaying ${provider.name} on ${served.url} (Ctrl-C stops it)`);
    await new Promise((r) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, r);
    });
    await served.close();
    return divergences.length ? 1 : 0;
  },
);
