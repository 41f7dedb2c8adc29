#!/usr/bin/env node
// Builds the effective spec of each provider: root document (+ overlays) -> `redocly bundle`
// -> specs/<provider>/effective.yaml. Before bundling, every overlay action is checked to
// still match and still change something (Redocly itself skips a stale action silently).
//
//   node scripts/build-specs.mjs [--root DIR] [provider ... | .]   (no names: every provider)
//
// On failure the previous effective.yaml is left as it was.
import { readFileSync, rmSync } from 'node:fs';
import { relative, join, dirname } from 'node:path';
import { UserError } from './lib/errors.mjs';
import { runPerProvider } from './lib/per-provider.mjs';
import { repoRoot as defaultRoot } from './lib/registry.mjs';
import { loadYamlSource } from './lib/yaml-source.mjs';
import { checkOverlay, assertNoRot } from './lib/overlay.mjs';
import { redocly } from './lib/redocly.mjs';
import { writeFileAtomic } from './lib/fs-atomic.mjs';

/** Builds one provider's effective spec; returns the overlay check (for reports). */
export function buildSpec(provider, root = defaultRoot) {
  const rel = (f) => relative(root, f);
  let document = loadYamlSource(provider.root, { provider: provider.name, label: rel(provider.root) }).data;
  const overlayResults = [];
  for (const ov of provider.overlays) {
    const result = checkOverlay(ov, document, { provider: provider.name, root });
    assertNoRot(result, { provider: provider.name });
    overlayResults.push(result);
    document = result.document;
  }
  const tmp = join(dirname(provider.effective), `.effective.${process.pid}.tmp.yaml`);
  try {
    const res = redocly(['bundle', rel(provider.root), '--output', tmp], { cwd: root });
    if (res.status !== 0) {
      throw new UserError(`redocly bundle failed:\n${indent(res.stderr || res.stdout)}`, {
        provider: provider.name, file: rel(provider.root),
      });
    }
    const sources = [provider.root, ...provider.overlays].map(rel).join(' + ');
    const header =
      `# GENERATED FILE - do not edit. Effective spec of "${provider.name}", built by\n` +
      `# scripts/build-specs.mjs with redocly bundle from ${sources}.\n` +
      `# Change ${provider.overlays.length ? 'the overlay' : rel(provider.root)} and rebuild instead.\n`;
    writeFileAtomic(provider.effective, header + readFileSync(tmp, 'utf8'));
  } finally {
    rmSync(tmp, { force: true });
  }
  return { provider: provider.name, overlays: overlayResults };
}

const indent = (s) => s.split('\n').map((l) => `    ${l}`).join('\n');

if (import.meta.url === `file://${process.argv[1]}`) {
  runPerProvider(
    process.argv.slice(2),
    (p, root) => {
      const n = buildSpec(p, root).overlays.reduce((sum, o) => sum + o.actions.length, 0);
      return `spec ${p.name}: ${relative(root, p.effective)}${n ? ` (${n} overlay action${n > 1 ? 's' : ''} applied)` : ''}`;
    },
    'their previous effective.yaml was kept.',
  );
}
