// The overlay target of a schema's JSON pointer, for the kinds that correct a schema found by
// pointer (the contract tests', no-enum-type-mismatch).
import { jsonPathOf, parsePointer } from '../spec/json-pointer.ts';

/** The overlay target of a schema's JSON pointer: an index into a list of schemas is an array index (`allOf[1]`), not a member name (`allOf['1']`). */
export function schemaTarget(pointer: string): string {
  return jsonPathOf(
    parsePointer(pointer).map((s, i, all) =>
      /^\d+$/.test(s) && ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'parameters'].includes(all[i - 1] ?? '') ? Number(s) : s,
    ),
  );
}
