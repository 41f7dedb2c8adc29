// The reasons a case records for a limitation (`reason`, `unchecked`) go into the conformance
// report, which is shared: they must not carry the machine they were made on. Prism puts the
// stack of an exception in its problem's title (json-schema-faker's TypeError on stripe.com's
// `error`: "TypeError: ...\n    at shouldClean (/home/.../node_modules/json-schema-faker/...)"),
// and an exception's message may name a local file.
import { homedir, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

/** This checkout (this file is apps/conformance/src/judge/reasons.ts). */
const checkout = fileURLToPath(new URL('../../../../', import.meta.url));

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An absolute path's start, as a stack or a URL writes it: `/`, `C:\`, `file:///`. */
const ABSOLUTE = String.raw`(?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])`;

/**
 * `text` without stack frames and without local absolute paths: each `at ...` line of a stack
 * (and a frame written on one line that names an absolute file) is dropped; a path into
 * node_modules is kept from the package on (`json-schema-faker/dist/main.cjs`), one in this
 * checkout or the working directory is made relative to it, one in the temporary or home
 * directory starts `<tmp>/` or `~/`. Paths of an API (`/v1/things`) are left as they are.
 */
export function tidyReason(text: string): string {
  let out = text
    // a frame on its own line: `at fn (where)` to its closing parenthesis, or `at where`
    .replace(/\r?\n[ \t]*at (?:[^\n()]*\([^\n)]*\)|\S+)/g, '')
    // one written on one line, naming an absolute file and its line
    .replace(new RegExp(String.raw`\s+at (?:[^\s()]+ )?\(${ABSOLUTE}[^)]*:\d+(?::\d+)?\)`, 'g'), '')
    .replace(new RegExp(String.raw`\s+at ${ABSOLUTE}\S*:\d+:\d+`, 'g'), '')
    .replace(new RegExp(String.raw`${ABSOLUTE}[^\s'"()<>]*node_modules[\\/]`, 'g'), '');
  const roots: [string, string][] = [
    [checkout, ''],
    [process.cwd(), ''],
    [tmpdir(), '<tmp>/'],
    [homedir(), '~/'],
  ];
  for (const [root, as] of roots.filter(([r]) => r.replace(/[\\/]+$/, '').length > 1).sort((a, b) => b[0].length - a[0].length)) {
    const bare = root.replace(/[\\/]+$/, '');
    out = out.replace(new RegExp(String.raw`(?:file:\/\/)?${literally(bare)}(?:[\\/]|(?![^\s'"()<>]))`, 'g'), as);
  }
  return out;
}
