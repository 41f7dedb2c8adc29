#!/usr/bin/env node

/** Returns the text between the opening ````yaml fence line and the closing ```` line. */
export function extractFencedYaml(text: string, file: string = '<input>'): string {
  const open = /^(`{3,})yaml[^\n]*\n/m.exec(text);
  if (!open) throw new Error(`${file}: no \`\`\`yaml fenced block found`);
  const fence = open[1];
  const start = open.index + open[0].length;
  const close = text.indexOf(`\n${fence}`, start - 1);
  if (close < 0) throw new Error(`${file}: fenced block opened at offset ${open.index} is never closed`);
  return text.slice(start, close + 1);
}
