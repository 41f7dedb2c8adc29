// Parses YAML/JSON documents keeping positions, so every problem we report can name a line.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar } from 'yaml';
import { UserError } from './errors.mjs';
import { parsePointer } from './json-pointer.mjs';

/**
 * `label` is the name used in messages (a path relative to the repository).
 * @returns {{ file: string, text: string, data: any, lineOf: (path: (string|number)[]) => number | undefined }}
 */
export function loadYamlSource(path, { provider, label = path, missingHint = '' } = {}) {
  const file = label;
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read file (${err.code ?? err.message})${missingHint && err.code === 'ENOENT' ? `: ${missingHint}` : ''}`, { provider, file, cause: err });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const msg = e.message.split('\n')[0];
    throw new UserError(`malformed YAML: ${msg}. Fix the syntax at this line.`, {
      provider, file, line: pos.line, column: pos.col, cause: e,
    });
  }
  const data = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError('expected a YAML mapping at the top level', { provider, file, line: 1 });
  }
  const lineOf = (path) => {
    let node = doc.contents;
    let last = node;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
        if (!pair) break;
        last = pair.key ?? pair.value;
        node = pair.value;
      } else if (isSeq(node)) {
        node = node.items[Number(key)];
        last = node;
      } else break;
      if (!node) break;
    }
    const at = last?.range?.[0];
    return at === undefined ? undefined : lineCounter.linePos(at).line;
  };
  return { file, text, data, lineOf };
}

/** '#/a/b~1c' -> ['a', 'b/c'] */
export const pointerToPath = (pointer) => parsePointer(pointer);
