// `lint:specs --fix --accept-pagination`: writes the pagination hint's overlay actions
// (x-capi-pagination, lib/pagination-hint.ts) into each provider's overlay, unreviewed, the way
// `--accept-all` accepts rules on import. The corpus run's fix stage uses it, so every corpus spec
// where the hint finds a pattern is generated with its pagination declared (and counted:
// paginatedOperations). A hint is not a finding: a person who keeps the provider checks each
// action against the provider's docs (the description says so).
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { applySuggestion } from './lint-hints.ts';
import { paginationHints } from './pagination-hint.ts';
import { paginationFacts } from '../codegen/pagination.ts';
import type { Provider } from '../registry/registry.ts';
import { specModel } from '../spec/spec-model.ts';
import { loadYamlSource } from '../spec/yaml-source.ts';

/**
 * For each provider with an overlay and a built effective spec: the hint's actions for the GET
 * operations that do not declare pagination yet, written under `actions:` of its overlay (each
 * description saying it was written without review). Answers the number written per provider.
 * A spec the hint cannot read gets none (lint reports what is wrong with it).
 */
export function applyPaginationHints(
  providers: readonly Provider[],
  root: string,
  { log = console.log, today = new Date().toISOString().slice(0, 10) }: { log?: (line: string) => void; today?: string } = {},
): Map<string, number> {
  const wrote = new Map<string, number>();
  for (const p of providers) {
    const overlay = p.overlays[0];
    if (!overlay || !existsSync(p.effective)) continue;
    let actions: ReturnType<typeof paginationHints>[number]['action'][];
    try {
      actions = paginationHints(loadYamlSource(p.effective).data).map((h) => ({
        ...h.action,
        description: `${h.action.description}; written without review (npm run lint:specs -- --fix --accept-pagination, ${today})`,
      }));
    } catch {
      continue;
    }
    if (!actions.length) continue;
    const done = applySuggestion(p, { actions, accept: [] }, root);
    wrote.set(p.name, done.actions);
    log(`${p.name}: --fix wrote ${done.actions} pagination action(s) (x-capi-pagination, unreviewed) into ${relative(root, overlay)}`);
  }
  return wrote;
}

/**
 * The operations of an effective spec that page: those whose `x-capi-pagination` codegen's check
 * accepts (what `spec.pagination` in api.gen.ts holds). 0 when the file is missing or unreadable.
 */
export function paginatedOperations(effectiveFile: string): number {
  if (!existsSync(effectiveFile)) return 0;
  try {
    return Object.keys(paginationFacts(specModel(loadYamlSource(effectiveFile).data, { schemas: 'as-written' }))).length;
  } catch {
    return 0;
  }
}
