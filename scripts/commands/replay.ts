// `capi replay <provider> [--port N] [--check [--json FILE]]` (`npm run replay -- ...`): the recordings of
// `verify --record` checked against the effective spec (exit 1 with each divergence and its
// overlay action when one no longer matches); with --check, each recorded request is also sent
// through the provider's client to the recordings served on 127.0.0.1 and its typed branch
// checked (exit 1 when one is not the documented one); without, they are served until Ctrl-C
// (scripts/lib/verify/replay.ts). --json writes the check as JSON (scripts/lib/verify/replay-check.ts), for
// the conformance contract task.
import { relative, resolve } from 'node:path';
import { command } from '../lib/shared/command.ts';
import { writeFileAtomic } from '../lib/shared/fs-atomic.ts';
import { UserError } from '../lib/shared/errors.ts';
import { repoRoot, selectProviders } from '../lib/registry/registry.ts';
import { loadSpecModel } from '../lib/spec/spec-model.ts';
import { loadProviderRuntime } from '../lib/verify/client.ts';
import { divergenceLines, recordingsDir, readRecordings } from '../lib/verify/recordings.ts';
import { checkRecordings, serveRecordings } from '../lib/verify/replay.ts';
import { checkReplay } from '../lib/verify/replay-check.ts';

const USAGE =
  'usage: npm run replay -- <provider> [--port N] [--check [--json FILE]]   (the recordings of npm run verify -- <provider> --record)';

command(
  { usage: USAGE, options: { root: { type: 'string' }, port: { type: 'string' }, check: { type: 'boolean' }, json: { type: 'string' } } },
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
    if (values.check) {
      // the spec, then the client's typed branches against what the provider answered, served from the recordings
      const result = await checkReplay(root, provider);
      // the conformance contract task reads it (its "recorded reality" line)
      if (values.json) writeFileAtomic(resolve(values.json), `${JSON.stringify(result, null, 2)}\n`);
      for (const d of result.divergences) for (const line of divergenceLines(d)) console.log(line);
      console.log(
        `${provider.name}: ${recordings.length} recording(s) in ${dir}, ${result.divergences.length} divergence(s) from ${specFile}`,
      );
      for (const c of result.client) console.log(`${c.operation} (${c.case}) through the client: ${c.problem}`);
      console.log(
        `${provider.name}: ${recordings.length - result.client.length} of ${recordings.length} recording(s) answered in the client's documented branch`,
      );
      return result.divergences.length || result.client.length ? 1 : 0;
    }
    const model = loadSpecModel(provider.effective, { provider: provider.name, label: specFile });
    const divergences = checkRecordings(model, recordings);
    for (const d of divergences) for (const line of divergenceLines(d)) console.log(line);
    console.log(`${provider.name}: ${recordings.length} recording(s) in ${dir}, ${divergences.length} divergence(s) from ${specFile}`);
    const { redaction } = await loadProviderRuntime(provider.name, root);
    const served = await serveRecordings(root, provider.name, {
      port,
      isSensitiveKey: redaction.isSensitiveKey,
      redacted: redaction.REDACTED,
    });
    console.log(`replaying ${provider.name} on ${served.url} (Ctrl-C stops it)`);
    await new Promise((r) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, r);
    });
    await served.close();
    return divergences.length ? 1 : 0;
  },
);
