// The run-time helpers of the response validators each provider package generates at codegen time
// (src/generated/validators.gen.ts, Ajv's standalone code, see scripts/lib/codegen/validators-codegen.ts):
// deep equality (enum and const of objects), a string's length in code points (minLength,
// maxLength) and the formats of ajv-formats. Loaded only with the validators, that is only by a
// client whose `validate` option is not 'off'. No eval, no new Function.
import equal from 'fast-deep-equal';

export { fullFormats } from 'ajv-formats/dist/formats.js';
export { equal };

/** The length of a string in Unicode code points (a surrogate pair counts once), as JSON Schema counts it. */
export function ucs2length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
