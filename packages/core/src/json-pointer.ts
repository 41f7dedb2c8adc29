// JSON pointers in @capi/core: its one decoder (it is published without @capi/scripts, whose
// lib/json-pointer.ts decodes everywhere else). No imports, so the fake (src/fake/, run from its
// sources in this repository) can load it too.

/** The segments of a JSON pointer ('' = none), `~1` and `~0` decoded. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'));
}
