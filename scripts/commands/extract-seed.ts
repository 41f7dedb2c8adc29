// `capi extract-seed <docs-page>`: prints the OpenAPI document embedded in a provider docs page
// (the first ````yaml fenced block), byte for byte, to vendor it verbatim.
import { readFileSync } from 'node:fs';
import { command } from '../lib/shared/command.ts';
import { UserError } from '../lib/shared/errors.ts';
import { extractFencedYaml } from '../lib/pull/extract-seed.ts';

const USAGE = 'usage: npm run capi -- extract-seed <docs-page>   (prints the embedded OpenAPI YAML, byte for byte)';

// rawStdout: the guard would change the document's bytes (capi guards what reaches a terminal)
command({ usage: USAGE, rawStdout: true }, ({ positionals }) => {
  if (positionals.length !== 1) throw new UserError(`name one docs page; ${USAGE}`);
  const [file] = positionals as [string];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): name an existing docs page`);
  }
  let yaml: string;
  try {
    yaml = extractFencedYaml(text, file);
  } catch (err) {
    throw new UserError(`${(err as Error).message}: this command takes a docs page whose OpenAPI document is a \`\`\`\`yaml fenced block`);
  }
  process.stdout.write(yaml);
  return 0;
});
