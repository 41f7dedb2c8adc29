// Our Redocly lint rules: what the generated clients and contract tests rely on. Each is one
// spec-defect kind of the registry (scripts/lib/defects/<name>.ts, listed in defects/index.ts),
// used as capi/<name> in redocly.yaml; this file only reads the registry (Node 24 strips the
// types of the .ts files it imports). A copy of redocly/ without the pipeline beside it
// (diff-report.ts builds an old ref's effective spec with `redocly bundle`, which runs no rule)
// gets a plugin without rules; linting with it is refused, since it would pass what must fail.
import { fileURLToPath } from 'node:url';

const index = new URL('../scripts/lib/defects/index.ts', import.meta.url);
const registry = await import(index.href).catch((err) => {
  // only the registry itself missing (a module it imports that is missing is an error)
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && err.message.includes(`'${fileURLToPath(index)}'`)) return null;
  throw err;
});
if (!registry && process.argv.includes('lint'))
  throw new Error(
    'redocly/plugin.js: ../scripts/lib/defects/index.ts (the registry of our lint rules) is not beside this copy of redocly/; lint from the repository (or a copy with scripts/)',
  );

export default function capiPlugin() {
  return {
    id: 'capi',
    rules: { oas3: registry?.pluginRules() ?? {} },
    // enabled by the lint stage only (scripts/lib/lint/lint.ts), never by `redocly bundle`
    preprocessors: { oas3: registry?.pluginPreprocessors() ?? {} },
  };
}
