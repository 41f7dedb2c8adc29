#!/usr/bin/env node
// `npm run dev [-- provider ...]`: watch mode. When a provider's source document (upstream.yaml
// or authored.yaml) or overlay is saved, rebuild its effective spec, regenerate its types and
// typecheck its client package. A broken save prints the problem with file and line and keeps
// the previous effective spec and types; watching goes on until Ctrl-C.
//
//   node scripts/commands/dev.ts [--root DIR] [provider ...]   (no names: every provider)
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Provider, providerCommand } from '../lib/registry/per-provider.ts';

import { DEBOUNCE_MS, log, ms, inputsOf, digest, prepareDependencies, rebuild, type WatchState } from '../lib/dev/watch.ts';

providerCommand({ usage: 'usage: npm run dev -- [provider ...]' }, async ({ root, providers }) => {
  log(null, `dev: ${providers.length} provider(s): ${providers.map((p) => p.name).join(', ')}`);

  const t0 = performance.now();
  const prep = await prepareDependencies(root, providers);
  if (prep.ok) log(null, `dependencies built in ${ms(t0)}`);
  else
    log(
      null,
      `warning: building the packages' dependencies failed; typecheck results may be wrong until it is fixed:\n${prep.out.trim().split('\n').slice(-15).join('\n')}`,
    );

  // Per provider: last content seen, debounce timer, and a queue of one (a save during a rebuild
  // triggers exactly one more rebuild afterwards).
  const state = new Map<string, WatchState>(
    providers.map((p) => [p.name, { seen: digest(inputsOf(p)), timer: undefined, running: false, again: false, changed: new Set() }]),
  );

  const run = async (p: Provider) => {
    const s = state.get(p.name) as WatchState; // every provider watched has its state
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    try {
      do {
        s.again = false;
        const now = digest(inputsOf(p));
        const files = [...s.changed].map((f) => relative(root, f)).join(', ');
        s.changed.clear();
        if (now === s.seen) continue; // saved without a change
        s.seen = now;
        await rebuild(p, root, `${files} changed`);
      } while (s.again);
    } finally {
      s.running = false;
    }
  };

  // the committed effective spec and types may predate an edit made while dev was not running:
  // each provider is built once on start, so what is watched starts from its inputs
  for (const p of providers) {
    const generated = join(p.packageDir, 'src', 'generated', 'schema.gen.ts');
    await rebuild(p, root, !existsSync(p.effective) || !existsSync(generated) ? 'no generated output yet' : 'on start, from its inputs');
  }

  // One watcher per folder holding inputs (the files are replaced on save by many editors, so
  // the folder is watched, not the file).
  const byDir = new Map<string, Map<string, Provider>>(); // folder -> file name -> provider
  for (const p of providers) {
    for (const f of inputsOf(p)) {
      const entry = byDir.get(dirname(f)) ?? new Map();
      entry.set(basename(f), p);
      byDir.set(dirname(f), entry);
    }
  }
  const watchers: FSWatcher[] = [];
  for (const [dir, files] of byDir) {
    const w = watch(dir, (_event, name) => {
      const p = name && files.get(name.toString());
      if (!p) return; // our own outputs (effective.yaml, temp files) and unrelated files
      const s = state.get(p.name) as WatchState;
      s.changed.add(join(dir, name.toString()));
      clearTimeout(s.timer);
      s.timer = setTimeout(() => run(p), DEBOUNCE_MS);
    });
    w.on('error', (err) => log(null, `warning: watching ${relative(root, dir)} failed: ${err.message}`));
    watchers.push(w);
  }
  const files = [...byDir.values()].reduce((n, m) => n + m.size, 0);
  log(null, `watching ${files} file(s) in ${byDir.size} folder(s); save a spec or overlay to rebuild, Ctrl-C to stop`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      for (const w of watchers) w.close();
      for (const s of state.values()) clearTimeout(s.timer);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log(null, 'dev: stopped');
  return 0;
});
