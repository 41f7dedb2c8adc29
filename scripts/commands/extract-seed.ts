// `capi extract-seed <docs-page>`: prints the OpenAPI document embedded in a provider docs page
// (the first ````yaml fenced block), byte for byte, to vendor it verbatim.
import { readFileSync } from 'node:fs';
import { extractFencedYaml } from '../lib/extract-seed.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: capi extract-seed <docs-page>  (prints the embedded OpenAPI YAML)');
  process.exit(2);
}
process.stdout.write(extractFencedYaml(readFileSync(file, 'utf8'), file));
