// A consumer's project around generated modules, for the tests that typecheck code calling a
// client (response-types.test.mjs, pagination-webhooks.test.mjs): the modules codegen writes for
// a document, a `use.ts`, and tsc run on it with @capi/core read from its sources.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTypes } from '../../lib/codegen/codegen.ts';
import { validatorsModule } from '../../lib/codegen/validators-codegen.ts';
import { repoRoot } from '../../lib/registry/registry.ts';
import { typecheckProject, writeCheckProject } from '../../lib/shared/tsc.ts';

/** Writes schema.gen.ts, api.gen.ts and validators.gen.ts of `doc` into `dir` (made if missing). */
export async function writeGenerated(dir, doc, where) {
  mkdirSync(dir, { recursive: true });
  const { schemaTs, apiTs } = await renderTypes(structuredClone(doc), where);
  writeFileSync(join(dir, 'schema.gen.ts'), schemaTs);
  writeFileSync(join(dir, 'api.gen.ts'), apiTs);
  writeFileSync(join(dir, 'validators.gen.ts'), validatorsModule(doc));
}

/** Writes `use` as dir/use.ts and typechecks it (strict, the repository's base config): tsc's result. */
export function typecheckUse(dir, use) {
  writeFileSync(join(dir, 'use.ts'), use);
  writeCheckProject(dir, repoRoot, ['use.ts'], { paths: { '@capi/core': [join(repoRoot, 'packages/core/src/index.ts')] } });
  return typecheckProject(dir, repoRoot);
}
