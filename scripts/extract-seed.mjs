#!/usr/bin/env node
// Prints the OpenAPI document embedded in a provider docs page (the first ````yaml fenced
// block), byte for byte. Used to vendor upstream specs verbatim and by the test that
// checks the vendored copies still match their source pages.
import { readFileSync } from 'node:fs';

/** Returns the text between the opening ````yaml fence line and the closing ```` line. */
export function extractFencedYaml(text, file = '<input>') {
  const open = /^(`{3,})yaml[^\n]*\n/m.exec(text);
  if (!open) throw new Error(`${file}: no \`\`\`yaml fenced block found`);
  const fence = open[1];
  const start = open.index + open[0].length;
  const close = text.indexOf(`\n${fence}`, start - 1);
  if (close < 0) throw new Error(`${file}: fenced block opened at offset ${open.index} is never closed`);
  return text.slice(start, close + 1);
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: extract-seed.mjs <seed-file>  (prints the embedded OpenAPI YAML)');
    process.exit(2);
  }
  process.stdout.write(extractFencedYaml(readFileSync(file, 'utf8'), file));
}
