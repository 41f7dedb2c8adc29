// The run-time helpers Ajv's standalone code imports (validators.gen.ts and fake.gen.ts ask
// @capi/core/validators-runtime for them), as Ajv itself defines them: the tests of the generated
// modules write this beside the module and point `runtime` at it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Writes `runtime.mjs` (equal, ucs2length, fullFormats from Ajv's own packages) into `dir`. */
export function writeAjvRuntime(dir) {
  const ajvDir = JSON.stringify(fileURLToPath(new URL('../../package.json', import.meta.url)));
  writeFileSync(
    join(dir, 'runtime.mjs'),
    [
      `import { createRequire } from 'node:module';`,
      `const require = createRequire(${ajvDir});`,
      `export const equal = require('ajv/dist/runtime/equal').default;`,
      `export const ucs2length = require('ajv/dist/runtime/ucs2length').default;`,
      `export const { fullFormats } = require('ajv-formats/dist/formats');`,
    ].join('\n'),
  );
}
